/**
 * The jobs table: where jobs live so that they outlive the process. The
 * database is shared with the catalog, so this module keeps to its own two
 * tables (`jobs` and `job_schema`, which holds the schema version of `jobs`;
 * PRAGMA user_version belongs to the catalog) and changes no global setting.
 */
import type { Database, Statement } from '../catalog/sqlite';
import { withRelaxedSync } from '../catalog/relaxed-sync';
import type { JobState } from './types';

export const JOB_SCHEMA_VERSION = 1;

/** The most queued jobs one nextRunnable read returns (the runner asks for its free slots, a few dozen at most). */
export const MAX_RUNNABLE_PER_READ = 64;

/** One row of `jobs` as SQLite returns it. */
export interface JobRow {
  id: string;
  kind: string;
  title: string;
  params_json: string;
  state: JobState;
  total_bytes: number | null;
  done_bytes: number;
  error: string | null;
  result_json: string | null;
  attempts: number;
  /** Attempts that ended in an error; interrupted ones do not count, so restarts never exhaust maxAttempts. */
  failed_attempts: number;
  /** A queued job waiting out a retry delay does not start before this (ms epoch). */
  not_before: number | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** The columns of `jobs` as jobRowOf reads them: rows come back as arrays (Statement.raw), cheaper than the binding's row objects. */
const JOB_COLUMNS = 'id, kind, title, params_json, state, total_bytes, done_bytes, error, result_json, attempts, failed_attempts, not_before, created_at, started_at, finished_at';

type JobColumns = [
  id: string,
  kind: string,
  title: string,
  paramsJson: string,
  state: JobState,
  totalBytes: number | null,
  doneBytes: number,
  error: string | null,
  resultJson: string | null,
  attempts: number,
  failedAttempts: number,
  notBefore: number | null,
  createdAt: number,
  startedAt: number | null,
  finishedAt: number | null,
];

function jobRowOf(c: JobColumns): JobRow {
  return {
    id: c[0],
    kind: c[1],
    title: c[2],
    params_json: c[3],
    state: c[4],
    total_bytes: c[5],
    done_bytes: c[6],
    error: c[7],
    result_json: c[8],
    attempts: c[9],
    failed_attempts: c[10],
    not_before: c[11],
    created_at: c[12],
    started_at: c[13],
    finished_at: c[14],
  };
}

export interface NewJob {
  id: string;
  kind: string;
  title: string;
  paramsJson: string;
  totalBytes: number | null;
  createdAt: number;
}

export interface FinishedJob {
  state: 'done' | 'failed' | 'cancelled';
  doneBytes: number;
  totalBytes: number | null;
  error: string | null;
  resultJson: string | null;
  finishedAt: number;
}

export interface RetryLater {
  doneBytes: number;
  totalBytes: number | null;
  error: string;
  notBefore: number;
}

const CREATE_JOBS_TABLE = `
  CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    params_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'cancelled')),
    total_bytes INTEGER,
    done_bytes INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    result_json TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER,
    created_at INTEGER NOT NULL,
    started_at INTEGER,
    finished_at INTEGER
  );
  CREATE INDEX IF NOT EXISTS jobs_by_state ON jobs (state, created_at);
`;

export class JobStore {
  private readonly statements: ReturnType<typeof prepareStatements>;

  constructor(private readonly db: Database) {
    migrate(db);
    this.statements = prepareStatements(db);
  }

  insert(job: NewJob): void {
    this.statements.insert.run(job.id, job.kind, job.title, job.paramsJson, job.totalBytes, job.createdAt);
  }

  /** Several jobs in one transaction (a folder's uploads): one commit, not one per file. */
  insertMany(jobs: readonly NewJob[]): void {
    this.db.transaction(() => {
      for (const job of jobs) this.insert(job);
    })();
  }

  get(id: string): JobRow | undefined {
    const columns = this.statements.get.get(id);
    return columns && jobRowOf(columns);
  }

  /** Newest first; ties (same millisecond) in reverse order of insertion. */
  list(states: readonly JobState[] | undefined, limit: number | undefined): JobRow[] {
    const where = states ? `WHERE state IN (${states.map(() => '?').join(', ')})` : '';
    const limitClause = limit === undefined ? '' : 'LIMIT ?';
    const args: (string | number)[] = [...(states ?? []), ...(limit === undefined ? [] : [limit])];
    return this.listing(`${where} ORDER BY created_at DESC, rowid DESC ${limitClause}`)
      .all(...args)
      .map(jobRowOf);
  }

  /** The job list's statement for a WHERE/ORDER/LIMIT tail, prepared once per tail (the job list is polled every second while a folder uploads). */
  private listing(tail: string): Statement<(string | number)[], JobColumns> {
    return this.db.prepareCached(`SELECT ${JOB_COLUMNS} FROM jobs ${tail}`, 'arrays');
  }

  /** The oldest `limit` (at most MAX_RUNNABLE_PER_READ) queued jobs whose retry delay (if any) has passed, oldest first (one statement for all the free slots). */
  nextRunnable(now: number, limit: number): JobRow[] {
    return this.nextRunnableUpTo(Math.min(limit, MAX_RUNNABLE_PER_READ)).all(now).map(jobRowOf);
  }

  /**
   * The nextRunnable read with its LIMIT written in, prepared once per
   * limit: SQLite ran `LIMIT ?` about twice as slowly as a literal limit
   * (same plan), in the runner's busiest statement.
   */
  private nextRunnableUpTo(limit: number): Statement<[number], JobColumns> {
    return this.db.prepareCached(
      `SELECT ${JOB_COLUMNS} FROM jobs WHERE state = 'queued' AND (not_before IS NULL OR not_before <= ?)
       ORDER BY created_at, rowid LIMIT ${limit}`,
      'arrays',
    );
  }

  /** When the earliest job waiting out a retry delay may start, or null if none waits. */
  earliestRetryAt(now: number): number | null {
    return (this.statements.earliestRetryAt.get(now) as { at: number | null }).at;
  }

  hasQueued(): boolean {
    return this.statements.hasQueued.get() !== undefined;
  }

  /** A job is queued (waiting out a retry delay counts) or running. */
  hasUnfinished(): boolean {
    return this.statements.hasUnfinished.get() !== undefined;
  }

  /**
   * Runs `writes` in one transaction committed without its own fsync
   * (relaxed-sync.ts): the runner writes there the ends of the jobs that
   * succeeded in one turn of the event loop and the starts of the jobs that
   * take their slots, one commit for all instead of two per job. Only
   * bookkeeping whose loss repeats safe work belongs here (markRunning,
   * finish 'done', saveProgress); a failure or a cancel is written durably,
   * outside.
   */
  relaxedTransaction<T>(writes: () => T): T {
    return withRelaxedSync(this.db, () => this.db.transaction(writes)());
  }

  /** Starts an attempt: counts it and marks the job running (runningRow in job-rows.ts is the row it leaves, not read back). */
  markRunning(id: string, now: number): void {
    // Not fsynced (relaxed-sync.ts): if it is lost, the job is queued again and runs from the start, as after a crash.
    withRelaxedSync(this.db, () => this.statements.markRunning.run(now, id));
  }

  saveProgress(id: string, doneBytes: number, totalBytes: number | null): void {
    withRelaxedSync(this.db, () => this.statements.saveProgress.run(doneBytes, totalBytes, id));
  }

  /**
   * 'done' is not fsynced by itself: what a job stored is durable before it
   * finishes (an upload's catalog entry is a FULL commit), so losing this row
   * to a power cut only runs the job again, which finds its work done. A
   * cancel or a failure is written durably: running such a job again would
   * undo the user's choice.
   */
  finish(id: string, outcome: FinishedJob): boolean {
    const write = () =>
      this.statements.finish.run(outcome.state, outcome.doneBytes, outcome.totalBytes, outcome.error, outcome.resultJson, outcome.finishedAt, id).changes > 0;
    return outcome.state === 'done' ? withRelaxedSync(this.db, write) : write();
  }

  retryLater(id: string, retry: RetryLater): void {
    this.statements.retryLater.run({ id, ...retry });
  }

  /** Queued jobs waiting out a retry delay may run now; returns how many. */
  retryWaitingNow(now: number): number {
    return (this.statements.retryWaitingNow.all(now) as { id: string }[]).length;
  }

  /** Jobs a previous process left running (it crashed, was killed or stopped) go back to the queue. */
  requeueInterrupted(): string[] {
    return (this.statements.requeueInterrupted.all() as { id: string }[]).map((row) => row.id);
  }

  /** Removes done, failed and cancelled jobs; returns their ids. */
  deleteFinished(): string[] {
    return (this.statements.deleteFinished.all() as { id: string }[]).map((row) => row.id);
  }
}

function migrate(db: Database): void {
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS job_schema (version INTEGER NOT NULL)');
    const row = db.prepare('SELECT version FROM job_schema').get() as { version: number } | undefined;
    if (row && row.version > JOB_SCHEMA_VERSION) {
      throw new Error(
        `The jobs in this data folder were written by a newer RAIC (job schema ${row.version}, this one knows ${JOB_SCHEMA_VERSION}); update RAIC to open it.`,
      );
    }
    db.exec(CREATE_JOBS_TABLE);
    if (!row) db.prepare('INSERT INTO job_schema (version) VALUES (?)').run(JOB_SCHEMA_VERSION);
  })();
}

function prepareStatements(db: Database) {
  return {
    insert: db.prepare<[string, string, string, string, number | null, number]>(`
      INSERT INTO jobs (id, kind, title, params_json, state, total_bytes, created_at)
      VALUES (?, ?, ?, ?, 'queued', ?, ?)`),
    get: db.prepare<[string]>(`SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`).raw<JobColumns>(),
    earliestRetryAt: db.prepare("SELECT MIN(not_before) AS at FROM jobs WHERE state = 'queued' AND not_before > ?"),
    hasQueued: db.prepare("SELECT 1 FROM jobs WHERE state = 'queued' LIMIT 1"),
    hasUnfinished: db.prepare("SELECT 1 FROM jobs WHERE state IN ('queued', 'running') LIMIT 1"),
    // What runningRow (job-rows.ts) builds in memory: keep the two alike.
    markRunning: db.prepare(`
      UPDATE jobs SET state = 'running', attempts = attempts + 1, started_at = COALESCE(started_at, ?), not_before = NULL
      WHERE id = ?`),
    saveProgress: db.prepare('UPDATE jobs SET done_bytes = ?, total_bytes = ? WHERE id = ?'),
    // Positional: binding an object by name cost about twice as much per call.
    finish: db.prepare(`
      UPDATE jobs SET state = ?, done_bytes = ?, total_bytes = ?, error = ?, result_json = ?, finished_at = ?, not_before = NULL
      WHERE id = ?`),
    retryLater: db.prepare(`
      UPDATE jobs SET state = 'queued', done_bytes = @doneBytes, total_bytes = @totalBytes, error = @error,
        failed_attempts = failed_attempts + 1, not_before = @notBefore
      WHERE id = @id`),
    retryWaitingNow: db.prepare("UPDATE jobs SET not_before = NULL WHERE state = 'queued' AND not_before > ? RETURNING id"),
    requeueInterrupted: db.prepare("UPDATE jobs SET state = 'queued' WHERE state = 'running' RETURNING id"),
    deleteFinished: db.prepare("DELETE FROM jobs WHERE state IN ('done', 'failed', 'cancelled') RETURNING id"),
  };
}
