/**
 * Job rows as the runner writes them, built in memory instead of read back
 * after the write, and the ends of attempts on their way to the database.
 */
import type { FinishedJob, JobRow, NewJob } from './job-store';
import type { Attempt, Outcome } from './attempt';

/** An attempt that settled, waiting for the end of the turn to be recorded; the cancel and stop requests as they were when it settled. */
export interface Ended {
  attempt: Attempt;
  outcome: Outcome;
  cancelled: boolean;
  stopped: boolean;
  recorded: () => void;
}

/** A job that succeeded, with the row to write. */
export interface DoneEnd {
  row: JobRow;
  finished: FinishedJob;
}

/** The row as `finished` leaves it (not read back). */
export function finishedRow(row: JobRow, finished: FinishedJob): JobRow {
  return {
    ...row,
    state: finished.state,
    done_bytes: finished.doneBytes,
    total_bytes: finished.totalBytes,
    error: finished.error,
    result_json: finished.resultJson,
    finished_at: finished.finishedAt,
    not_before: null,
  };
}

/** The row as JobStore.markRunning leaves a queued `row` read in the same transaction (not read back). */
export function runningRow(row: JobRow, now: number): JobRow {
  return { ...row, state: 'running', attempts: row.attempts + 1, started_at: row.started_at ?? now, not_before: null };
}

/** A job's row as submit writes it (the table's defaults filled in). */
export function queuedRow(job: NewJob): JobRow {
  return {
    id: job.id,
    kind: job.kind,
    title: job.title,
    params_json: job.paramsJson,
    state: 'queued',
    total_bytes: job.totalBytes,
    done_bytes: 0,
    error: null,
    result_json: null,
    attempts: 0,
    failed_attempts: 0,
    not_before: null,
    created_at: job.createdAt,
    started_at: null,
    finished_at: null,
  };
}
