/**
 * Group commit for the catalog: changes queued within a few milliseconds of
 * each other (the uploads of a folder finishing side by side) are written in
 * one transaction, so one fsync covers them all instead of one per file.
 *
 * Each change still runs alone inside that transaction (a savepoint), so one
 * that fails (a name taken meanwhile, say) is rolled back and rejected while
 * the others commit. A caller's promise settles only after COMMIT returned,
 * and the catalog commits with synchronous=FULL: what a caller is told is
 * stored is on disk. A crash before the COMMIT loses the whole batch and
 * nothing else: those callers were never told it was stored, and the catalog
 * never lists a file before the caller has its shares closed (the caller
 * queues the change only then).
 *
 * When a batch is written: at once (the next turn of the event loop) when no
 * earlier batch is still being fsynced, since waiting for company would only
 * add latency; otherwise as soon as that fsync ends, with everything that
 * queued up meanwhile (classic group commit: the batch grows with the load,
 * not with a fixed window). A fixed 15 ms window made every small upload
 * wait about half of it, holding its job slot, while at a hundred files a
 * second only one or two others joined it.
 *
 * The fsync runs off the main thread. In WAL mode the batch commits with
 * synchronous=NORMAL (its frames are written to the WAL, no fsync), then the
 * WAL file is fsynced on libuv's thread pool, and only then are the callers
 * told. That is the same durability as FULL (which is NORMAL plus an fsync of
 * the WAL after the commit) at the moment anyone is told, but the event loop
 * keeps running the other uploads during the wait instead of blocking in
 * COMMIT. In between, a killed process loses nothing (the WAL is in the OS's
 * cache) and a power cut loses only this unacknowledged batch (WAL replay is
 * in order). Other connections may read the batch before it is durable;
 * what they read always has its shares closed.
 */
import { closeDescriptor, datasyncDescriptor, openDescriptor } from '../../engine/storage/local/fs-calls';
import type Database from './sqlite';
import type { Catalog } from './catalog';
import { withRelaxedSync } from './relaxed-sync';

export interface CommitBatcherOptions {
  /**
   * How long a change waits for others to join it when no batch is being
   * fsynced (ms); 0, the default, writes it at the next turn of the event loop.
   * While a batch is being fsynced, changes wait for that instead.
   */
  maxDelayMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
  /** Makes a file's written bytes durable (fdatasync); tests watch it. */
  syncFile?: (file: string) => Promise<void>;
  /** Runs each batch's changes, inside its transaction (the catalog's batcher groups them: Catalog.groupChanges). */
  aroundBatch?: (work: () => void) => void;
}

interface Pending {
  work: () => unknown;
  /** The work rolls back its own writes when it throws (it makes them in one transaction of its own): no savepoint around it. */
  atomic: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const DEFAULT_MAX_DELAY_MS = 0;
const DEFAULT_MAX_BATCH = 64;
/** How soon a batch that found someone's transaction open tries again. */
const RETRY_IN_TRANSACTION_MS = 5;

export class CommitBatcher {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Batches whose WAL fsync has not ended yet: the next batch is written when they have (or when it is full). */
  private syncsInFlight = 0;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private commits = 0;
  private readonly syncFile: (file: string) => Promise<void>;
  private readonly aroundBatch: (work: () => void) => void;
  /** The WAL file fsynced after each batch; undefined when the database is not in WAL mode (then COMMIT itself syncs). */
  private readonly walFile: string | undefined;

  constructor(
    private readonly db: Database,
    options: CommitBatcherOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.syncFile = options.syncFile ?? fdatasyncFile;
    this.aroundBatch = options.aroundBatch ?? ((work) => work());
    this.walFile = db.pragma('journal_mode', { simple: true }) === 'wal' ? `${db.file}-wal` : undefined;
  }

  /** Transactions written so far (tests and the benchmark count them). */
  get commitCount(): number {
    return this.commits;
  }

  /**
   * Runs `work` (synchronous SQLite calls) in the next batch; resolves with
   * its result once the batch is committed. With `atomic`, the caller
   * vouches that `work` makes all its writes in one db.transaction() of its
   * own (a savepoint inside the batch), so a throw leaves nothing behind and
   * the batch adds no second savepoint around it.
   */
  run<T>(work: () => T, options: { atomic?: boolean } = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, atomic: options.atomic === true, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (this.syncsInFlight === 0) this.schedule();
    });
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
  }

  /** Writes what is queued now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.db.inTransaction) {
      // Called inside someone's transaction: joining it would resolve before that one commits (or rolls back).
      if (this.queue.length > 0) this.timer = setTimeout(() => this.flush(), Math.max(this.maxDelayMs, RETRY_IN_TRANSACTION_MS));
      return;
    }
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: Outcome[] = [];
    const walFile = this.walFile;
    try {
      const commit = () =>
        this.db.transaction(() =>
          this.aroundBatch(() => {
            for (const item of batch) {
              try {
                // Nested: a savepoint, so this change alone is undone if it throws (an atomic one has its own).
                outcomes.push({ ok: true, value: item.atomic ? item.work() : this.db.transaction(item.work)() });
              } catch (error) {
                outcomes.push({ ok: false, error });
              }
            }
          }),
        ).immediate();
      if (walFile) withRelaxedSync(this.db, commit);
      else commit();
      this.commits++;
    } catch (error) {
      // The COMMIT (or BEGIN) failed: nothing of the batch is stored.
      for (const item of batch) item.reject(error);
      return;
    }
    if (!walFile) {
      settle(batch, outcomes);
      return;
    }
    this.syncsInFlight++;
    const afterSync = (): void => {
      this.syncsInFlight--;
      // What queued up during the fsync is written now, as one batch.
      if (this.syncsInFlight === 0 && this.queue.length > 0) this.flush();
    };
    this.syncFile(walFile).then(
      () => {
        settle(batch, outcomes);
        afterSync();
      },
      (error: unknown) => {
        afterSync();
        // Committed but perhaps not on disk: nobody is told it is stored (a retry of an upload finds its shares and lists it again).
        const failure = new Error(`The catalog could not be written to disk (${error instanceof Error ? error.message : String(error)}); check the disk.`, { cause: error });
        batch.forEach((item, i) => item.reject(outcomes[i]!.ok ? failure : (outcomes[i] as { error: unknown }).error));
      },
    );
  }
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function settle(batch: readonly Pending[], outcomes: readonly Outcome[]): void {
  batch.forEach((item, i) => {
    const outcome = outcomes[i]!;
    if (outcome.ok) item.resolve(outcome.value);
    else item.reject(outcome.error);
  });
}

/**
 * fdatasync of a file on libuv's thread pool. A WAL that is gone was
 * checkpointed into the database and removed as the last connection closed,
 * and SQLite fsyncs the database before removing it: nothing is left to sync.
 * Callback calls on a raw descriptor (the engine's fs-calls.ts), not
 * fs/promises: a FileHandle and its promises cost the main thread more than
 * the three calls themselves, once per batch.
 */
async function fdatasyncFile(file: string): Promise<void> {
  let fd: number;
  try {
    // Opened for writing: Windows flushes a file only through a handle that may write to it.
    fd = await openDescriptor(file, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    await datasyncDescriptor(fd);
  } catch (error) {
    await closeDescriptor(fd).catch(() => undefined);
    throw error;
  }
  await closeDescriptor(fd);
}

const batchers = new WeakMap<Catalog, CommitBatcher>();

/** The one batcher of a catalog (every upload of the process shares it); a batch's changes step the revision once. */
export function commitBatcherFor(catalog: Catalog): CommitBatcher {
  let batcher = batchers.get(catalog);
  if (!batcher) {
    batcher = new CommitBatcher(catalog.db, { aroundBatch: (work) => catalog.groupChanges(work) });
    batchers.set(catalog, batcher);
  }
  return batcher;
}
