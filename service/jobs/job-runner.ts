/**
 * Runs the service's long jobs (uploads, downloads) in the background: a
 * queue in SQLite, a few at a time, with progress, cancellation and retries.
 *
 * The database is the truth about every job's state, so a restart never
 * reports as done a job that was not: a job is 'done' only once its handler
 * resolved and that was written down. Jobs that were 'running' when the
 * previous process ended (crash, kill, or stop()) are queued again by start()
 * and run from the start of their handler, which must cope with work that was
 * partly done (uploads are idempotent per share).
 *
 * What changes fast stays in memory: the bytes done of a running job are
 * written at most once a second, and events about them go out at most every
 * 200 ms (a report held back goes out 200 ms after it came), always including
 * the last value.
 */
import { randomUUID } from 'node:crypto';
import { JobStore, MAX_RUNNABLE_PER_READ, type FinishedJob, type JobRow } from './job-store';
import { finishedRow, queuedRow, runningRow, type DoneEnd, type Ended } from './job-rows';
import { DEFAULT_CONCURRENCY, DEFAULT_SMALL_JOB_BYTES, DEFAULT_MAX_ATTEMPTS, DEFAULT_STOP_TIMEOUT_MS, PROGRESS_EVENT_INTERVAL_MS, PROGRESS_SAVE_INTERVAL_MS, type JobRunnerOptions, type StopOptions } from './runner-options';
import { newAttempt, settle, toJobSnapshot, toJson, isByteCount, type Attempt, type Outcome } from './attempt';
import { RateMeter } from './rate-meter';
import { SmallJobSlots } from './small-job-slots';
import { describeErrorByDefault, isRetryableByDefault, retryDelayByDefault } from './retry-policy';
import { ACCOUNT_WAIT_MAX_ATTEMPTS, accountWaitDelayMs } from './resume-on-account';
import { JOB_STATES, JobNotFoundError, type JobContext, type JobEvent, type JobHandler, type JobHandlers, type JobKind, type JobKindMap, type JobSnapshot, type JobState } from './types';

export * from './runner-options';

/** `Kinds` maps each kind of job to its params (see JobKindMap); tests may leave it open. */
export class JobRunner<Kinds extends JobKindMap = Record<string, unknown>> {
  private readonly store: JobStore;
  private readonly handlers: JobHandlers<Kinds>;
  private readonly concurrency: number;
  private readonly slots: SmallJobSlots;
  private readonly maxAttempts: number;
  private readonly isRetryable: (error: unknown) => boolean;
  private readonly describeError: (error: unknown) => string;
  private readonly retryDelayMs: (failedAttempts: number) => number;
  private readonly waitsForAccount: (error: unknown) => boolean;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly attempts = new Map<string, Attempt>();
  private readonly listeners = new Set<(event: JobEvent) => void>();
  private idleWaiters: (() => void)[] = [];
  private started = false;
  private stopping = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Attempts that settled in this turn of the event loop, recorded together at its end (recordEnds). */
  private ended: Ended[] = [];
  private recordEndsSoon: ReturnType<typeof setImmediate> | undefined;
  /** Ends written but not yet announced: a listener told of one end still sees the others as unfinished, as when ends were written one by one. */
  private unannouncedEnds = 0;

  constructor(options: JobRunnerOptions<Kinds>) {
    this.concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
    this.slots = new SmallJobSlots({
      concurrency: this.concurrency,
      smallJobConcurrency: options.smallJobConcurrency ?? this.concurrency,
      smallJobBytes: options.smallJobBytes ?? DEFAULT_SMALL_JOB_BYTES,
      smallJobBytesInFlight: options.smallJobBytesInFlight ?? Number.POSITIVE_INFINITY,
    });
    this.maxAttempts = positiveInteger(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'maxAttempts');
    this.store = new JobStore(options.db);
    this.handlers = { ...options.handlers };
    this.isRetryable = options.isRetryable ?? isRetryableByDefault;
    this.describeError = options.describeError ?? describeErrorByDefault;
    this.retryDelayMs = options.retryDelayMs ?? retryDelayByDefault;
    this.waitsForAccount = options.waitsForAccount ?? (() => false);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
  }

  /** Queues again the jobs a previous process left running, then starts working through the queue. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    for (const id of this.store.requeueInterrupted()) {
      this.log(`raic: job ${id} was interrupted when RAIC last stopped; it runs again.`);
      this.emitJob(id);
    }
    this.fillSlots();
    this.wakeIdleWaiters();
  }

  submit<Kind extends JobKind<Kinds>>(kind: Kind, params: Kinds[Kind], options: { title: string; totalBytes?: number }): JobSnapshot {
    if (!Object.hasOwn(this.handlers, kind)) {
      throw new Error(`Unknown job kind '${kind}'; this RAIC runs ${Object.keys(this.handlers).map((k) => `'${k}'`).join(', ') || 'no'} jobs.`);
    }
    if (typeof options.title !== 'string' || options.title.trim() === '') throw new Error(`A '${kind}' job needs a title to show in the job list.`);
    const totalBytes = options.totalBytes ?? null;
    if (totalBytes !== null && !isByteCount(totalBytes)) throw new Error(`totalBytes of a '${kind}' job must be a whole number of bytes >= 0, not ${totalBytes}.`);
    const id = randomUUID();
    this.store.insert({ id, kind, title: options.title, paramsJson: toJson(params, `The params of a '${kind}' job`), totalBytes, createdAt: this.now() });
    this.emitJob(id);
    this.fillSlots();
    return this.get(id)!;
  }

  /** Queues several jobs of one kind in one transaction (a folder's uploads: one commit, not one per file); all or none. */
  submitMany<Kind extends JobKind<Kinds>>(kind: Kind, jobs: readonly { params: Kinds[Kind]; title: string; totalBytes?: number }[]): JobSnapshot[] {
    if (!Object.hasOwn(this.handlers, kind)) {
      throw new Error(`Unknown job kind '${kind}'; this RAIC runs ${Object.keys(this.handlers).map((k) => `'${k}'`).join(', ') || 'no'} jobs.`);
    }
    const createdAt = this.now();
    const rows = jobs.map(({ params, title, totalBytes }) => {
      if (typeof title !== 'string' || title.trim() === '') throw new Error(`A '${kind}' job needs a title to show in the job list.`);
      if (totalBytes !== undefined && !isByteCount(totalBytes)) throw new Error(`totalBytes of a '${kind}' job must be a whole number of bytes >= 0, not ${totalBytes}.`);
      return { id: randomUUID(), kind, title, paramsJson: toJson(params, `The params of a '${kind}' job`), totalBytes: totalBytes ?? null, createdAt };
    });
    this.store.insertMany(rows);
    // Snapshots from the rows just written, not read back: a folder of N files would read 2N rows.
    for (const row of rows) this.emitRow(queuedRow(row));
    this.fillSlots();
    return rows.map((row) => this.snapshot(this.attempts.get(row.id)?.row ?? queuedRow(row)));
  }

  cancel(id: string): JobSnapshot {
    const row = this.store.get(id);
    if (!row) throw new JobNotFoundError(id);
    const attempt = this.attempts.get(id);
    if (attempt) {
      // It becomes 'cancelled' when the handler settles, whatever the handler returns.
      attempt.cancelRequested = true;
      attempt.controller.abort();
      return this.snapshot(row);
    }
    // 'running' without an attempt here: left by a previous process, not yet resumed.
    if (row.state === 'queued' || row.state === 'running') {
      this.store.finish(id, { state: 'cancelled', doneBytes: row.done_bytes, totalBytes: row.total_bytes, error: null, resultJson: null, finishedAt: this.now() });
      this.emitJob(id);
      this.wakeIdleWaiters();
    }
    return this.get(id)!;
  }

  get(id: string): JobSnapshot | undefined {
    const row = this.store.get(id);
    return row && this.snapshot(row);
  }

  /** The params of the jobs of one kind in the given states (all when absent), newest first. */
  paramsOf<Kind extends JobKind<Kinds>>(kind: Kind, query: { states?: JobState[] } = {}): Kinds[Kind][] {
    return this.list(query)
      .filter((job) => job.kind === kind)
      .map((job) => storedParams<Kinds[Kind]>(job.params));
  }

  /** Newest first. */
  list(query: { states?: JobState[]; limit?: number } = {}): JobSnapshot[] {
    const unknown = query.states?.find((state) => !JOB_STATES.includes(state));
    if (unknown !== undefined) throw new Error(`Unknown job state '${unknown}'; use one of ${JOB_STATES.join(', ')}.`);
    if (query.limit !== undefined) positiveInteger(query.limit, 'limit');
    return this.store.list(query.states, query.limit).map((row) => this.snapshot(row));
  }

  /** Some job is running, queued, or waiting out a retry delay (one indexed lookup: the service asks at every job's end). */
  hasUnfinishedJobs(): boolean {
    return this.attempts.size > 0 || this.unannouncedEnds > 0 || this.store.hasUnfinished();
  }

  /** Removes done, failed and cancelled jobs; returns how many. */
  clearFinished(): number {
    const ids = this.store.deleteFinished();
    for (const id of ids) this.emit({ type: 'job-removed', id });
    return ids.length;
  }

  subscribe(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Resolves when no job is running and none is queued (counting those
   * waiting out a retry delay), or once stop() has been called. Before
   * start(), queued jobs keep it waiting.
   */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops taking work and aborts running handlers without cancelling their
   * jobs: they stay 'running' in the database, so the next start() runs them
   * again. Waits for the handlers to settle, at most `timeoutMs`; a handler
   * still busy then is left alone and its outcome ignored.
   */
  async stop(options: StopOptions = {}): Promise<void> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    this.started = false;
    this.stopping = true;
    clearTimeout(this.retryTimer);
    const running = [...this.attempts.values()];
    for (const attempt of running) {
      attempt.stopRequested = true;
      attempt.controller.abort();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(running.map((attempt) => attempt.settled)), timedOut]);
    clearTimeout(timer);
    for (const attempt of this.attempts.values()) {
      this.log(`raic: job ${attempt.jobId} did not stop within ${timeoutMs} ms of being asked; it runs again at the next start.`);
      this.endAttempt(attempt);
      this.store.saveProgress(attempt.jobId, attempt.doneBytes, attempt.totalBytes);
    }
    this.wakeIdleWaiters();
  }

  /** Jobs waiting out a retry delay run now (an account they waited for is back); returns how many were waiting. */
  retryWaitingNow(): number {
    const count = this.store.retryWaitingNow(this.now());
    if (count > 0) this.fillSlots();
    return count;
  }

  /**
   * Starts queued jobs while there is room, and arranges to come back for
   * jobs waiting to retry. The ends of succeeded jobs in `doneEnds` are
   * written in the same transaction as these starts (one commit, not one per
   * row; see JobStore.relaxedTransaction), and the handlers start only after
   * it committed, so nothing a handler writes joins that relaxed commit.
   */
  private fillSlots(doneEnds: readonly DoneEnd[] = []): void {
    if (doneEnds.length === 0 && !this.started) return;
    const starting: Attempt[] = [];
    const finished: JobRow[] = [];
    let unrunnable: JobRow | undefined;
    try {
      this.store.relaxedTransaction(() => {
        for (const end of doneEnds) if (this.store.finish(end.row.id, end.finished)) finished.push(finishedRow(end.row, end.finished));
        if (!this.started) return;
        const running = [...this.attempts.values()].map((a) => a.totalBytes);
        // The candidates for the free slots in one read (rarely more than one round); nothing else writes their rows until this commits.
        for (let free = this.slots.ceiling() - running.length; free > 0; free = this.slots.ceiling() - running.length) {
          const wanted = Math.min(free, MAX_RUNNABLE_PER_READ);
          const rows = this.store.nextRunnable(this.now(), wanted);
          for (const row of rows) {
            if (!isKnownKind(this.handlers, row.kind)) {
              // Written durably below, outside this transaction.
              unrunnable = row;
              return;
            }
            // Beyond `concurrency`, only small jobs within the byte budget start; a big one waits its turn (queue order is kept).
            if (!this.slots.admits(row, running)) return;
            const now = this.now();
            this.store.markRunning(row.id, now);
            const attempt = newAttempt(runningRow(row, now), now);
            this.attempts.set(attempt.jobId, attempt);
            running.push(attempt.totalBytes);
            starting.push(attempt);
          }
          if (rows.length < wanted) return; // the queue has no more runnable jobs
        }
      });
    } catch (error) {
      for (const attempt of starting) this.attempts.delete(attempt.jobId);
      throw error;
    }
    this.unannouncedEnds += finished.length;
    for (const row of finished) {
      this.unannouncedEnds--;
      this.emitRow(row);
    }
    for (const attempt of starting) this.begin(attempt);
    if (unrunnable) {
      // Possible for a job stored by a RAIC that had more kinds of job than this one.
      this.finishRow(unrunnable, { state: 'failed', error: `This RAIC cannot run '${unrunnable.kind}' jobs; clear the job or update RAIC.` });
      this.fillSlots();
      return;
    }
    this.scheduleRetryWakeUp();
  }

  private scheduleRetryWakeUp(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.attempts.size >= this.slots.ceiling()) return; // a finishing job calls fillSlots anyway
    const now = this.now();
    const at = this.store.earliestRetryAt(now);
    if (at === null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.fillSlots();
    }, at - now);
  }

  /** Runs the handler of an attempt whose 'running' row is committed. */
  private begin(attempt: Attempt): void {
    const row = attempt.row;
    const handler = this.handlerFor(row.kind)!;
    this.emitRow(row);
    const context: JobContext = {
      signal: attempt.controller.signal,
      attempt: attempt.number,
      progress: (doneBytes, totalBytes) => this.onProgress(attempt, doneBytes, totalBytes),
      progressFiles: (doneFiles, totalFiles) => {
        if (attempt.over || !isByteCount(doneFiles) || !isByteCount(totalFiles)) return;
        attempt.files ??= { done: 0, total: 0, meter: new RateMeter() };
        attempt.files.done = doneFiles;
        attempt.files.total = totalFiles;
        attempt.files.meter.record(this.now(), doneFiles);
      },
    };
    const params: unknown = JSON.parse(row.params_json);
    attempt.settled = settle(() => handler(params, context)).then((outcome) => this.onSettled(attempt, outcome));
  }

  /**
   * The handler of a stored job's kind, taking the params as they come back
   * from the database; undefined for a kind this runner does not know.
   */
  private handlerFor(kind: string): JobHandler | undefined {
    if (!isKnownKind(this.handlers, kind)) return undefined;
    const handler: JobHandler<Kinds[typeof kind]> = this.handlers[kind];
    return (params, context) => handler(storedParams<Kinds[typeof kind]>(params), context);
  }

  private onProgress(attempt: Attempt, doneBytes: number, totalBytes: number | undefined): void {
    if (attempt.over) return;
    if (!isByteCount(doneBytes) || (totalBytes !== undefined && !isByteCount(totalBytes))) {
      this.log(`raic: job ${attempt.jobId} reported progress ${doneBytes} of ${totalBytes}; ignored (byte counts are whole numbers >= 0).`);
      return;
    }
    attempt.doneBytes = doneBytes;
    if (totalBytes !== undefined) attempt.totalBytes = totalBytes;
    const now = this.now();
    attempt.meter.record(now, doneBytes);
    if (now - attempt.lastSavedAt >= PROGRESS_SAVE_INTERVAL_MS) {
      attempt.lastSavedAt = now;
      this.store.saveProgress(attempt.jobId, attempt.doneBytes, attempt.totalBytes);
    }
    if (now - attempt.lastEventAt >= PROGRESS_EVENT_INTERVAL_MS) this.emitProgress(attempt);
    // Always the same delay, not what is left of the interval: Node keeps one list per delay, and a
    // delay of its own per small file's report (a new list each) showed in profiles. The event then
    // goes out at most twice the interval after the previous one, with the latest value.
    else attempt.pendingEvent ??= setTimeout(() => this.emitProgress(attempt), PROGRESS_EVENT_INTERVAL_MS);
  }

  private emitProgress(attempt: Attempt): void {
    clearTimeout(attempt.pendingEvent);
    attempt.pendingEvent = undefined;
    if (attempt.over) return;
    attempt.lastEventAt = this.now();
    this.emitRow(attempt.row);
  }

  /**
   * An attempt settled: its end is recorded at the end of this turn of the
   * event loop, with the others that settled in it (the uploads one catalog
   * commit releases end together), so their 'done' rows and the starts of
   * the jobs taking their slots are one commit. Until then the job stays
   * running, in memory and in the database, and idle() waits; `settled`
   * resolves once the end is recorded. The requests to cancel or stop are
   * read now: one made after the handler settled comes too late, as before.
   */
  private onSettled(attempt: Attempt, outcome: Outcome): Promise<void> {
    if (attempt.over) return Promise.resolve(); // stop() gave up on it
    clearTimeout(attempt.pendingEvent);
    attempt.pendingEvent = undefined;
    return new Promise((recorded) => {
      this.ended.push({ attempt, outcome, cancelled: attempt.cancelRequested, stopped: attempt.stopRequested, recorded });
      this.recordEndsSoon ??= setImmediate(() => this.recordEnds());
    });
  }

  private recordEnds(): void {
    this.recordEndsSoon = undefined;
    const ended = this.ended;
    this.ended = [];
    const doneEnds: DoneEnd[] = [];
    // A write that fails leaves its rows 'running': the next start runs those jobs again, which finds their work done.
    const logFailure = (ids: readonly string[], error: unknown) =>
      this.log(`raic: the end of job ${ids.join(', ')} could not be written; it runs again at the next start: ${(error as Error)?.stack ?? String(error)}`);
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
      this.fillSlots(doneEnds);
    } catch (error) {
      logFailure(doneEnds.map((end) => end.row.id), error);
    } finally {
      for (const end of ended) end.recorded();
      this.wakeIdleWaiters();
    }
  }

  /** Writes an end that is not a success at once (durably, but a stop); returns a success's end for fillSlots to write. */
  private recordEnd({ attempt, outcome, cancelled, stopped }: Ended): DoneEnd | undefined {
    // Not read back: nothing else writes a running job's row (cancel and stop only flag the attempt).
    const row = attempt.row;
    const progress = { doneBytes: attempt.doneBytes, totalBytes: attempt.totalBytes };
    if (stopped && !cancelled) {
      // Left 'running' on purpose: the next start() resumes it.
      this.store.saveProgress(row.id, progress.doneBytes, progress.totalBytes);
    } else if (cancelled) {
      this.finishRow(row, { state: 'cancelled', ...progress });
    } else if (outcome.ok) {
      return this.doneEnd(row, outcome.value, progress);
    } else {
      this.finishFailedAttempt(row, attempt, outcome.error, progress);
    }
    return undefined;
  }

  private doneEnd(row: JobRow, value: unknown, progress: { doneBytes: number; totalBytes: number | null }): DoneEnd | undefined {
    let resultJson: string;
    try {
      resultJson = toJson(value, `The result of the '${row.kind}' job`);
    } catch (error) {
      this.log(`raic: job ${row.id}: ${(error as Error).message}`);
      this.finishRow(row, { state: 'failed', ...progress, error: 'The job finished but its result could not be saved; the details are in the log.' });
      return undefined;
    }
    // A finished transfer has moved all its bytes, even if its last progress report was a little behind.
    const doneBytes = Math.max(progress.doneBytes, progress.totalBytes ?? 0);
    return { row, finished: { state: 'done', doneBytes, totalBytes: progress.totalBytes, error: null, resultJson, finishedAt: this.now() } };
  }

  private finishFailedAttempt(row: JobRow, attempt: Attempt, error: unknown, progress: { doneBytes: number; totalBytes: number | null }): void {
    const message = this.safely(() => this.describeError(error), describeErrorByDefault(error));
    const failedAttempts = attempt.failedBefore + 1;
    const waiting = this.safely(() => this.waitsForAccount(error), false);
    const retry = waiting ? failedAttempts < ACCOUNT_WAIT_MAX_ATTEMPTS : failedAttempts < this.maxAttempts && this.safely(() => this.isRetryable(error), false);
    this.log(`raic: job ${row.id} (${row.kind}) attempt ${attempt.number} failed${retry ? ', will retry' : ''}: ${message}`);
    if (!retry) {
      this.finishRow(row, { state: 'failed', ...progress, error: message });
      return;
    }
    const delay = waiting ? accountWaitDelayMs(failedAttempts) : Math.max(0, this.safely(() => this.retryDelayMs(failedAttempts), retryDelayByDefault(failedAttempts)));
    this.store.retryLater(row.id, { ...progress, error: message, notBefore: this.now() + delay });
    this.emitJob(row.id);
  }

  private finishRow(
    row: JobRow,
    outcome: { state: 'done' | 'failed' | 'cancelled'; doneBytes?: number; totalBytes?: number | null; error?: string; resultJson?: string },
  ): void {
    const finished: FinishedJob = {
      state: outcome.state,
      doneBytes: outcome.doneBytes ?? row.done_bytes,
      totalBytes: outcome.totalBytes === undefined ? row.total_bytes : outcome.totalBytes,
      error: outcome.error ?? null,
      resultJson: outcome.resultJson ?? null,
      finishedAt: this.now(),
    };
    // A row removed meanwhile (the jobs were cleared) is not announced again.
    if (!this.store.finish(row.id, finished)) return;
    this.emitRow(finishedRow(row, finished));
  }

  private endAttempt(attempt: Attempt): void {
    attempt.over = true;
    clearTimeout(attempt.pendingEvent);
    this.attempts.delete(attempt.jobId);
  }

  private snapshot(row: JobRow): JobSnapshot {
    return toJobSnapshot(row, this.attempts.get(row.id), this.now());
  }

  private emitJob(id: string): void {
    const job = this.get(id);
    if (job) this.emit({ type: 'job', job });
  }

  /** The event of a row the runner knows as it is stored, without reading it back. */
  private emitRow(row: JobRow): void {
    this.emit({ type: 'job', job: this.snapshot(row) });
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken subscriber (a closed window, say) must not stop the jobs or the other subscribers.
        this.log(`raic: a job event listener failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }

  private isIdle(): boolean {
    return this.attempts.size === 0 && (this.stopping || !this.store.hasQueued());
  }

  private wakeIdleWaiters(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  /** Runs one of the caller's policy functions; if it throws, logs that and uses the fallback. */
  private safely<T>(policy: () => T, fallback: T): T {
    try {
      return policy();
    } catch (error) {
      this.log(`raic: a job runner policy function failed: ${(error as Error)?.stack ?? String(error)}`);
      return fallback;
    }
  }
}

function isKnownKind<Kinds extends JobKindMap>(handlers: JobHandlers<Kinds>, kind: string): kind is JobKind<Kinds> {
  return Object.hasOwn(handlers, kind);
}

/**
 * A job's params as submit() stored them: submit() takes only the params of
 * the job's kind, and the database row keeps kind and params together, so
 * JSON.parse gives back that kind's params. This is the one place the runner
 * vouches for that instead of the compiler.
 */
function storedParams<Params>(value: unknown): Params {
  return value as Params;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not ${value}.`);
  return value;
}
