/** The shapes the job runner shares with the service, the HTTP event stream and the UI. */

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export const JOB_STATES: readonly JobState[] = ['queued', 'running', 'done', 'failed', 'cancelled'];

export interface JobSnapshot {
  /** A random UUID. */
  id: string;
  /** Which handler runs it, e.g. 'upload'. */
  kind: string;
  /** For the UI, e.g. 'Upload holiday.jpg'. */
  title: string;
  /** What the handler gets; JSON, stored with the job. */
  params: unknown;
  state: JobState;
  totalBytes: number | null;
  doneBytes: number;
  /** Smoothed over the last few seconds; null until measurable and when not running. */
  rateBytesPerSec: number | null;
  etaSeconds: number | null;
  /** Jobs of many files (a folder restore) while they run: files done of the total, and files per second once measurable. */
  files?: { done: number; total: number; perSecond: number | null } | null;
  /** Person-readable: why it failed, or (while queued for a retry) why the last attempt failed. */
  error: string | null;
  /** What the handler returned, when done. */
  result: unknown | null;
  /** Attempts started, including ones a restart of the app interrupted. */
  attempts: number;
  /** ms since the epoch */
  createdAt: number;
  /** When the first attempt started. */
  startedAt: number | null;
  finishedAt: number | null;
}

export interface JobContext {
  /** Aborted when the job is cancelled or the runner stops; the handler should then reject soon. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  /** Reports bytes done so far (may go down when the handler starts over) and, when known, the total. */
  progress(doneBytes: number, totalBytes?: number): void;
  /** Jobs of many files also report files done of the total (shown beside the bytes); given before or with progress(). */
  progressFiles?(doneFiles: number, totalFiles: number): void;
}

/** Does a job's work; resolves with JSON to store as the result, rejects to fail (or retry) the attempt. */
export type JobHandler<Params = unknown> = (params: Params, ctx: JobContext) => Promise<unknown>;

/**
 * The kinds of job a runner knows, as a map from kind to the params its
 * handler takes, e.g. `{ upload: UploadJobParams; download: DownloadJobParams }`.
 * `submit(kind, params)` and each handler are typed by it.
 */
export type JobKindMap = object;

/** The names of a map's kinds. */
export type JobKind<Kinds extends JobKindMap> = keyof Kinds & string;

/** One handler per kind, taking that kind's params. */
export type JobHandlers<Kinds extends JobKindMap> = { [Kind in JobKind<Kinds>]: JobHandler<Kinds[Kind]> };

export type JobEvent = { type: 'job'; job: JobSnapshot } | { type: 'job-removed'; id: string };

export class JobNotFoundError extends Error {
  constructor(readonly id: string) {
    super(`No job with id ${id}; it may have finished and been cleared. Reload the job list.`);
    this.name = 'JobNotFoundError';
  }
}
