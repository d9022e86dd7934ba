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
 */
import type Database from './sqlite';

export interface CommitBatcherOptions {
  /** Longest a change waits for others to join it (ms). */
  maxDelayMs?: number;
  /** A batch this large is written at once. */
  maxBatch?: number;
}

interface Pending {
  work: () => unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

const DEFAULT_MAX_DELAY_MS = 15;
const DEFAULT_MAX_BATCH = 64;

export class CommitBatcher {
  private queue: Pending[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly maxDelayMs: number;
  private readonly maxBatch: number;
  private commits = 0;

  constructor(
    private readonly db: Database,
    options: CommitBatcherOptions = {},
  ) {
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  }

  /** Transactions written so far (tests and the benchmark count them). */
  get commitCount(): number {
    return this.commits;
  }

  /** Runs `work` (synchronous SQLite calls) in the next batch; resolves with its result once the batch is committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.maxDelayMs);
    });
  }

  /** Writes what is queued now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.db.inTransaction) {
      // Called inside someone's transaction: joining it would resolve before that one commits (or rolls back).
      if (this.queue.length > 0) this.timer = setTimeout(() => this.flush(), this.maxDelayMs);
      return;
    }
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.db.transaction(() => {
        for (const item of batch) {
          try {
            // Nested: a savepoint, so this change alone is undone if it throws.
            outcomes.push({ ok: true, value: this.db.transaction(item.work)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
      this.commits++;
    } catch (error) {
      // The COMMIT (or BEGIN) failed: nothing of the batch is stored.
      for (const item of batch) item.reject(error);
      return;
    }
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(outcome.error);
    });
  }
}

const batchers = new WeakMap<Database, CommitBatcher>();

/** The one batcher of a database connection (every upload of the process shares it). */
export function commitBatcherFor(db: Database): CommitBatcher {
  let batcher = batchers.get(db);
  if (!batcher) {
    batcher = new CommitBatcher(db);
    batchers.set(db, batcher);
  }
  return batcher;
}
