/**
 * One run of a job's handler, from its start until it settles: what the
 * runner keeps in memory about it (progress, rate, cancel and stop requests),
 * and the snapshot of a job that merges the stored row with a live attempt.
 */
import type { JobRow } from './job-store';
import { RateMeter, etaSeconds } from './rate-meter';
import type { JobSnapshot } from './types';

/** One run of a job's handler, from its start until it settles. */
export interface Attempt {
  readonly jobId: string;
  /** The job's row as this attempt started it ('running'); the runner is its only writer until the attempt ends. */
  readonly row: JobRow;
  readonly number: number;
  readonly failedBefore: number;
  readonly controller: AbortController;
  readonly meter: RateMeter;
  doneBytes: number;
  totalBytes: number | null;
  /** Set by jobs of many files (JobContext.progressFiles), with their own rate. */
  files: { done: number; total: number; meter: RateMeter } | undefined;
  cancelRequested: boolean;
  stopRequested: boolean;
  /** Set once the outcome no longer matters: it settled, or stop() gave up waiting for it. */
  over: boolean;
  lastEventAt: number;
  lastSavedAt: number;
  pendingEvent: ReturnType<typeof setTimeout> | undefined;
  settled: Promise<void>;
}

export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export function newAttempt(row: JobRow, now: number): Attempt {
  return {
    jobId: row.id,
    row,
    number: row.attempts,
    failedBefore: row.failed_attempts,
    controller: new AbortController(),
    meter: new RateMeter(),
    doneBytes: row.done_bytes,
    totalBytes: row.total_bytes,
    files: undefined,
    cancelRequested: false,
    stopRequested: false,
    over: false,
    lastEventAt: -Infinity,
    // The first progress is saved a second after the start: a small file's job never writes its progress (its end does).
    lastSavedAt: now,
    pendingEvent: undefined,
    settled: Promise.resolve(),
  };
}

/** A job as the API shows it: the stored row, with live progress, rate and ETA while an attempt runs. */
export function toJobSnapshot(row: JobRow, attempt: Attempt | undefined, now: number): JobSnapshot {
    const live = attempt && row.state === 'running';
    const doneBytes = live ? attempt.doneBytes : row.done_bytes;
    const totalBytes = live ? attempt.totalBytes : row.total_bytes;
    const measured = live ? attempt.meter.rate(now) : null;
    const rateBytesPerSec = measured === null ? null : Math.round(measured);
    return {
      id: row.id,
      kind: row.kind,
      title: row.title,
      params: JSON.parse(row.params_json) as unknown,
      state: row.state,
      totalBytes,
      doneBytes,
      rateBytesPerSec,
      etaSeconds: live ? etaSeconds(doneBytes, totalBytes, rateBytesPerSec) : null,
      ...(live && attempt.files ? { files: { done: attempt.files.done, total: attempt.files.total, perSecond: attempt.files.meter.rate(now) } } : {}),
      error: row.error,
      result: row.result_json === null ? null : (JSON.parse(row.result_json) as unknown),
      attempts: row.attempts,
      createdAt: row.created_at,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
    };
}

/** Calls the handler, turning a synchronous throw into a failed outcome like a rejection. */
export async function settle(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: await run() };
  } catch (error) {
    return { ok: false, error };
  }
}

export function toJson(value: unknown, what: string): string {
  try {
    // undefined (or a function) has no JSON; it is stored as null.
    return JSON.stringify(value) ?? 'null';
  } catch (error) {
    throw new Error(`${what} cannot be stored as JSON (${(error as Error).message}); pass plain data.`);
  }
}

export function isByteCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
