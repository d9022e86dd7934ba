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
   * stays bounded. Default: `concurrency` (no extra jobs). A function is
   * asked again each time a slot opens (the service's answer depends on the
   * accounts of the grid, which change while it runs).
   */
  smallJobConcurrency?: number | (() => number);
  /** Largest job (in totalBytes) that counts as small; default 4 MiB. */
  smallJobBytes?: number;
  /**
   * The small jobs beyond `concurrency` start only while the totalBytes of
   * the small jobs running, with theirs, stay within this: memory is bounded by
   * bytes whatever the count allows. Default: no bound beyond the count.
   */
  smallJobBytesInFlight?: number;
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
/**
 * What the service runs when an account of the grid is a local folder: up to
 * 24 small files in flight (each holds a few share buffers, under 1 MiB for a
 * 100 KB photo; SERVICE_SMALL_JOB_BYTES_IN_FLIGHT bounds the bytes whatever
 * the count). A small file on local folders is mostly waiting: about fifteen
 * fsyncs (three per share) queued on libuv's four-thread pool and then the
 * catalog's WAL fsync, for well under 10 ms of CPU. With 8 in flight both
 * cores idled between those waits (event-loop use 0.5-0.6); with 24 the
 * thread pool stays busy. The CPU per file does not fall (in some runs it
 * rose by up to 1.5 ms): the gain is the idle core put to work
 * (docs/performance.md, "Small uploads: the local-folder slot time").
 */
export const SERVICE_SMALL_JOB_CONCURRENCY = 24;
/**
 * What the service runs when every account is remote (cloud, WebDAV, SFTP,
 * rclone): a small upload there is a few round trips in series per share, so
 * the time is waiting, and more files side by side fill the link instead.
 * Kept under the S3 client's 50 sockets per account (one share per account per file).
 */
export const SERVICE_REMOTE_SMALL_JOB_CONCURRENCY = 32;
/**
 * The bytes of small files the service uploads at once, whatever their count:
 * 8 files of 4 MiB (the most before remote grids got more slots), so 32 slots
 * never hold more input than 8 did; a 100 KB photo takes 1/320 of it.
 */
export const SERVICE_SMALL_JOB_BYTES_IN_FLIGHT = 8 * DEFAULT_SMALL_JOB_BYTES;

/** Small jobs in flight for a grid whose accounts are of these providers: more when none is a local folder. */
export function serviceSmallJobConcurrency(providers: readonly string[]): number {
  const allRemote = providers.length > 0 && providers.every((provider) => provider !== 'local');
  return allRemote ? SERVICE_REMOTE_SMALL_JOB_CONCURRENCY : SERVICE_SMALL_JOB_CONCURRENCY;
}
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;
/** Progress events per job are at least this far apart. */
export const PROGRESS_EVENT_INTERVAL_MS = 200;
/** Progress of a running job is written to the database at most this often. */
export const PROGRESS_SAVE_INTERVAL_MS = 1_000;
