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
import { JobStore, type JobRow } from './job-store';
import { queuedRow } from './job-rows';
import { DEFAULT_CONCURRENCY, DEFAULT_SMALL_JOB_BYTES, DEFAULT_MAX_ATTEMPTS, DEFAULT_STOP_TIMEOUT_MS, type JobRunnerOptions, type StopOptions } from './runner-options';
import { toJobSnapshot, toJson, isByteCount, type Attempt } from './attempt';
import { SmallJobSlots } from './small-job-slots';
import { JobEvents } from './job-events';
import { ProgressThrottle } from './progress-throttle';
import { RetryDecider } from './retry-decider';
import { EndRecorder } from './end-recorder';
import { HandlerLauncher, storedParams } from './handler-launcher';
import { SlotFiller } from './slot-filler';
import { JOB_STATES, JobNotFoundError, type JobEvent, type JobKind, type JobKindMap, type JobSnapshot, type JobState } from './types';

export * from './runner-options';

/**
 * The runner's public face. The work is done by its parts: SlotFiller starts
 * jobs, HandlerLauncher runs their handlers, ProgressThrottle passes their
 * progress on, EndRecorder records their ends (with RetryDecider after a
 * failure), and JobEvents tells the subscribers.
 * `Kinds` maps each kind of job to its params (see JobKindMap); tests may leave it open.
 */
export class JobRunner<Kinds extends JobKindMap = Record<string, unknown>> {
  private readonly store: JobStore;
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  /** Attempts in flight, by job id: SlotFiller adds them, EndRecorder removes them. */
  private readonly attempts = new Map<string, Attempt>();
  private readonly events: JobEvents;
  private readonly launcher: HandlerLauncher<Kinds>;
  private readonly ends: EndRecorder;
  private readonly slotFiller: SlotFiller<Kinds>;
  private idleWaiters: (() => void)[] = [];
  private started = false;
  private stopping = false;

  constructor(options: JobRunnerOptions<Kinds>) {
    const concurrency = positiveInteger(options.concurrency ?? DEFAULT_CONCURRENCY, 'concurrency');
    const slots = new SmallJobSlots({
      concurrency,
      smallJobConcurrency: options.smallJobConcurrency ?? concurrency,
      smallJobBytes: options.smallJobBytes ?? DEFAULT_SMALL_JOB_BYTES,
      smallJobBytesInFlight: options.smallJobBytesInFlight ?? Number.POSITIVE_INFINITY,
    });
    const maxAttempts = positiveInteger(options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS, 'maxAttempts');
    this.store = new JobStore(options.db);
    this.now = options.now ?? Date.now;
    this.log = options.log ?? ((line) => process.stderr.write(`${line}\n`));
    const { store, attempts, now, log } = this;
    const events = new JobEvents({ snapshot: (row) => this.snapshot(row), read: (id) => store.get(id), log });
    const announceRow = (row: JobRow): void => events.announceRow(row);
    const throttle = new ProgressThrottle({ store, announceRow, now, log });
    const retries = new RetryDecider(options, maxAttempts, log);
    const ends = new EndRecorder({
      store,
      attempts,
      events,
      throttle,
      retries,
      // The slot filler is made below: it needs the end recorder too.
      fillSlots: (doneEnds) => this.slotFiller.fill(doneEnds),
      wakeIdleWaiters: () => this.wakeIdleWaiters(),
      now,
      log,
    });
    const launcher = new HandlerLauncher(options.handlers, { throttle, announceRow, onSettled: (attempt, outcome) => ends.onSettled(attempt, outcome) });
    this.events = events;
    this.ends = ends;
    this.launcher = launcher;
    this.slotFiller = new SlotFiller<Kinds>({ store, slots, attempts, launcher, ends, announceRow, isStarted: () => this.started, now });
  }

  /** Queues again the jobs a previous process left running, then starts working through the queue. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stopping = false;
    for (const id of this.store.requeueInterrupted()) {
      this.log(`raic: job ${id} was interrupted when RAIC last stopped; it runs again.`);
      this.events.announceJob(id);
    }
    this.slotFiller.fill();
    this.wakeIdleWaiters();
  }

  submit<Kind extends JobKind<Kinds>>(kind: Kind, params: Kinds[Kind], options: { title: string; totalBytes?: number }): JobSnapshot {
    this.launcher.checkKnown(kind);
    if (typeof options.title !== 'string' || options.title.trim() === '') throw new Error(`A '${kind}' job needs a title to show in the job list.`);
    const totalBytes = options.totalBytes ?? null;
    if (totalBytes !== null && !isByteCount(totalBytes)) throw new Error(`totalBytes of a '${kind}' job must be a whole number of bytes >= 0, not ${totalBytes}.`);
    const id = randomUUID();
    this.store.insert({ id, kind, title: options.title, paramsJson: toJson(params, `The params of a '${kind}' job`), totalBytes, createdAt: this.now() });
    this.events.announceJob(id);
    this.slotFiller.fill();
    return this.get(id)!;
  }

  /** Queues several jobs of one kind in one transaction (a folder's uploads: one commit, not one per file); all or none. */
  submitMany<Kind extends JobKind<Kinds>>(kind: Kind, jobs: readonly { params: Kinds[Kind]; title: string; totalBytes?: number }[]): JobSnapshot[] {
    this.launcher.checkKnown(kind);
    const createdAt = this.now();
    const rows = jobs.map(({ params, title, totalBytes }) => {
      if (typeof title !== 'string' || title.trim() === '') throw new Error(`A '${kind}' job needs a title to show in the job list.`);
      if (totalBytes !== undefined && !isByteCount(totalBytes)) throw new Error(`totalBytes of a '${kind}' job must be a whole number of bytes >= 0, not ${totalBytes}.`);
      return { id: randomUUID(), kind, title, paramsJson: toJson(params, `The params of a '${kind}' job`), totalBytes: totalBytes ?? null, createdAt };
    });
    this.store.insertMany(rows);
    // Snapshots from the rows just written, not read back: a folder of N files would read 2N rows.
    for (const row of rows) this.events.announceRow(queuedRow(row));
    this.slotFiller.fill();
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
      this.events.announceJob(id);
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
    return this.attempts.size > 0 || this.slotFiller.unannouncedEnds > 0 || this.store.hasUnfinished();
  }

  /** Removes done, failed and cancelled jobs; returns how many. */
  clearFinished(): number {
    const ids = this.store.deleteFinished();
    for (const id of ids) this.events.announceRemoved(id);
    return ids.length;
  }

  subscribe(listener: (event: JobEvent) => void): () => void {
    return this.events.subscribe(listener);
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
    this.slotFiller.cancelRetryWakeUp();
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
      this.ends.endAttempt(attempt);
      this.store.saveProgress(attempt.jobId, attempt.doneBytes, attempt.totalBytes);
    }
    this.wakeIdleWaiters();
  }

  /** Jobs waiting out a retry delay run now (an account they waited for is back); returns how many were waiting. */
  retryWaitingNow(): number {
    const count = this.store.retryWaitingNow(this.now());
    if (count > 0) this.slotFiller.fill();
    return count;
  }

  private snapshot(row: JobRow): JobSnapshot {
    return toJobSnapshot(row, this.attempts.get(row.id), this.now());
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
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not ${value}.`);
  return value;
}
