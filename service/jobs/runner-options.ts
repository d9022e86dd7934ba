/** How a JobRunner is set up: its database, handlers, limits and policies. */
import type { Database } from '../catalog/sqlite';
import type { JobHandlers, JobKindMap } from './types';

export interface JobRunnerOptions<Kinds extends JobKindMap = Record<string, unknown>> {
  db: Database;
  handlers: JobHandlers<Kinds>;
  /** Jobs running at once; default 2. */
  concurrency?: number;
  /**
   * Jobs running at once when the ones beyond `concurrency` are small (their
   * totalBytes at most `smallJobBytes`): a folder of photos uploads several
   * files side by side, so one file's waits (fsyncs, the catalog commit)
   * overlap the others' work, while big jobs stay at `concurrency` and memory
   * stays bounded. Default: `concurrency` (no extra jobs).
   */
  smallJobConcurrency?: number;
  /** Largest job (in totalBytes) that counts as small; default 4 MiB. */
  smallJobBytes?: number;
  /** Attempts that may fail before the job does; default 3. Attempts cut short by a restart do not count. */
  maxAttempts?: number;
  /** Default: false for cancellations ('UploadCancelledError', 'AbortError') and errors with `permanent: true`. */
  isRetryable?(error: unknown): boolean;
  /** The sentence a person sees for a failure; default: the error's message. */
  describeError?(error: unknown): string;
  /** Wait before the next try after the n-th failed attempt; default 1 s, 4 s, 16 s, ... */
  retryDelayMs?(failedAttempts: number): number;
  /**
   * Failures that wait for an account rather than count as broken
   * (resume-on-account.ts): retried up to ACCOUNT_WAIT_MAX_ATTEMPTS times,
   * with a delay capped at ACCOUNT_WAIT_CEILING_MS, and at once by
   * retryWaitingNow(). Default: none.
   */
  waitsForAccount?(error: unknown): boolean;
  now?(): number;
  log?(line: string): void;
}

export interface StopOptions {
  /** How long to wait for aborted handlers to settle before giving up on them; default 10 s. */
  timeoutMs?: number;
}

export const DEFAULT_CONCURRENCY = 2;
export const DEFAULT_SMALL_JOB_BYTES = 4 << 20;
/** What the service runs: up to 8 small files in flight (each holds a few share buffers, under 1 MiB for a 100 KB photo). */
export const SERVICE_SMALL_JOB_CONCURRENCY = 8;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** Progress events per job are at least this far apart. */
export const PROGRESS_EVENT_INTERVAL_MS = 200;
/** Progress of a running job is written to the database at most this often. */
export const PROGRESS_SAVE_INTERVAL_MS = 1_000;
