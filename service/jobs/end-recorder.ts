/**
 * Records how attempts ended. Those that settle in one turn of the event
 * loop are recorded together at its end (the uploads one catalog commit
 * releases end together): a success's 'done' row is handed to the slot
 * filler, which writes it in one commit with the starts of the jobs taking
 * the freed slots; any other end (failed, cancelled, a retry scheduled, a
 * stop) is written at once, durably, on its own.
 */
import { toJson, type Attempt, type Outcome } from './attempt';
import { finishedRow, type DoneEnd, type Ended } from './job-rows';
import type { FinishedJob, JobRow, JobStore } from './job-store';
import type { JobEvents } from './job-events';
import type { ProgressThrottle } from './progress-throttle';
import type { RetryDecider } from './retry-decider';

export interface EndRecorderDeps {
  store: JobStore;
  /** The runner's attempts in flight, by job id: an attempt leaves it when its end is recorded. */
  attempts: Map<string, Attempt>;
  events: JobEvents;
  throttle: Pick<ProgressThrottle, 'dropPendingEvent'>;
  retries: RetryDecider;
  /** Writes the ends of succeeded jobs with the starts of the jobs taking their slots (SlotFiller.fill). */
  fillSlots(doneEnds: readonly DoneEnd[]): void;
  wakeIdleWaiters(): void;
  now(): number;
  log(line: string): void;
}

/** A job's end as finishRow writes it; what is left out stays as the row has it. */
export interface RowEnd {
  state: 'done' | 'failed' | 'cancelled';
  doneBytes?: number;
  totalBytes?: number | null;
  error?: string;
  resultJson?: string;
}

export class EndRecorder {
  /** Attempts that settled in this turn of the event loop, recorded together at its end (recordEnds). */
  private ended: Ended[] = [];
  private recordEndsSoon: ReturnType<typeof setImmediate> | undefined;

  constructor(private readonly deps: EndRecorderDeps) {}

  /**
   * An attempt settled: its end is recorded at the end of this turn of the
   * event loop, with the others that settled in it (the uploads one catalog
   * commit releases end together), so their 'done' rows and the starts of
   * the jobs taking their slots are one commit. Until then the job stays
   * running, in memory and in the database, and idle() waits; `settled`
   * resolves once the end is recorded. The requests to cancel or stop are
   * read now: one made after the handler settled comes too late, as before.
   */
  onSettled(attempt: Attempt, outcome: Outcome): Promise<void> {
    if (attempt.over) return Promise.resolve(); // stop() gave up on it
    this.deps.throttle.dropPendingEvent(attempt);
    return new Promise((recorded) => {
      this.ended.push({ attempt, outcome, cancelled: attempt.cancelRequested, stopped: attempt.stopRequested, recorded });
      this.recordEndsSoon ??= setImmediate(() => this.recordEnds());
    });
  }

  /** The attempt's outcome no longer matters (its end is being recorded, or stop() gave up on it): it leaves the runner's attempts. */
  endAttempt(attempt: Attempt): void {
    attempt.over = true;
    this.deps.throttle.dropPendingEvent(attempt);
    this.deps.attempts.delete(attempt.jobId);
  }

  /** Writes a job's end at once (durably) and announces it. */
  finishRow(row: JobRow, outcome: RowEnd): void {
    const finished: FinishedJob = {
      state: outcome.state,
      doneBytes: outcome.doneBytes ?? row.done_bytes,
      totalBytes: outcome.totalBytes === undefined ? row.total_bytes : outcome.totalBytes,
      error: outcome.error ?? null,
      resultJson: outcome.resultJson ?? null,
      finishedAt: this.deps.now(),
    };
    // A row removed meanwhile (the jobs were cleared) is not announced again.
    if (!this.deps.store.finish(row.id, finished)) return;
    this.deps.events.announceRow(finishedRow(row, finished));
  }

  private recordEnds(): void {
    this.recordEndsSoon = undefined;
    const ended = this.ended;
    this.ended = [];
    const doneEnds: DoneEnd[] = [];
    // A write that fails leaves its rows 'running': the next start runs those jobs again, which finds their work done.
    const logFailure = (ids: readonly string[], error: unknown) =>
      this.deps.log(`raic: the end of job ${ids.join(', ')} could not be written; it runs again at the next start: ${(error as Error)?.stack ?? String(error)}`);
    for (const end of ended) {
      if (end.attempt.over) continue; // stop() gave up on it meanwhile and saved its progress
      this.endAttempt(end.attempt);
      try {
        const doneEnd = this.recordEnd(end);
        if (doneEnd) doneEnds.push(doneEnd);
      } catch (error) {
        logFailure([end.attempt.jobId], error);
      }
    }
    try {
      this.deps.fillSlots(doneEnds);
    } catch (error) {
      logFailure(doneEnds.map((end) => end.row.id), error);
    } finally {
      for (const end of ended) end.recorded();
      this.deps.wakeIdleWaiters();
    }
  }

  /** Writes an end that is not a success at once (durably, but a stop); returns a success's end for fillSlots to write. */
  private recordEnd({ attempt, outcome, cancelled, stopped }: Ended): DoneEnd | undefined {
    // Not read back: nothing else writes a running job's row (cancel and stop only flag the attempt).
    const row = attempt.row;
    const progress = { doneBytes: attempt.doneBytes, totalBytes: attempt.totalBytes };
    if (stopped && !cancelled) {
      // Left 'running' on purpose: the next start() resumes it.
      this.deps.store.saveProgress(row.id, progress.doneBytes, progress.totalBytes);
    } else if (cancelled) {
      this.finishRow(row, { state: 'cancelled', ...progress });
    } else if (outcome.ok) {
      return this.doneEnd(row, outcome.value, progress);
    } else {
      this.finishFailedAttempt(attempt, outcome.error, progress);
    }
    return undefined;
  }

  private doneEnd(row: JobRow, value: unknown, progress: { doneBytes: number; totalBytes: number | null }): DoneEnd | undefined {
    let resultJson: string;
    try {
      resultJson = toJson(value, `The result of the '${row.kind}' job`);
    } catch (error) {
      this.deps.log(`raic: job ${row.id}: ${(error as Error).message}`);
      this.finishRow(row, { state: 'failed', ...progress, error: 'The job finished but its result could not be saved; the details are in the log.' });
      return undefined;
    }
    // A finished transfer has moved all its bytes, even if its last progress report was a little behind.
    const doneBytes = Math.max(progress.doneBytes, progress.totalBytes ?? 0);
    return { row, finished: { state: 'done', doneBytes, totalBytes: progress.totalBytes, error: null, resultJson, finishedAt: this.deps.now() } };
  }

  private finishFailedAttempt(attempt: Attempt, error: unknown, progress: { doneBytes: number; totalBytes: number | null }): void {
    const row = attempt.row;
    const { message, retryInMs } = this.deps.retries.afterFailure(attempt, error);
    if (retryInMs === undefined) {
      this.finishRow(row, { state: 'failed', ...progress, error: message });
      return;
    }
    this.deps.store.retryLater(row.id, { ...progress, error: message, notBefore: this.deps.now() + retryInMs });
    this.deps.events.announceJob(row.id);
  }
}
