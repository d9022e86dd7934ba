import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { JobRunner } from './job-runner';
import { JobStore } from './job-store';
import type { JobHandler } from './types';
import type { Database } from '../catalog/sqlite';
import { deferred, tempDatabases, withTimeout, type TempDatabases } from '../test-support/jobs';

const WAIT = { timeout: 10_000, interval: 5 };

let databases: TempDatabases;
const runners: JobRunner[] = [];

beforeEach(async () => {
  databases = await tempDatabases();
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const runner of runners.splice(0)) await runner.stop({ timeoutMs: 1000 });
  await databases.dispose();
});

function newRunner(db: Database, handler: JobHandler, concurrency: number, log: (line: string) => void = () => {}): JobRunner {
  const runner = new JobRunner({ db, handlers: { upload: handler }, concurrency, maxAttempts: 1, log });
  runners.push(runner);
  return runner;
}

/** The state of each job as another connection reads it (only what was committed). */
function committedStates(ids: readonly string[]): string[] {
  const reader = new JobRunner({ db: databases.open(), handlers: {} });
  return ids.map((id) => reader.get(id)!.state);
}

it('records the ends of jobs that settle together and the starts of the jobs taking their slots in one commit', async () => {
  const rounds = [deferred(), deferred()];
  const commits = vi.spyOn(JobStore.prototype, 'relaxedTransaction');
  const runner = newRunner(databases.open(), async (params) => {
    await rounds[(params as { round: number }).round]!.promise;
    return { ok: true };
  }, 4);
  const jobs = runner.submitMany('upload', Array.from({ length: 8 }, (_, i) => ({ params: { round: i < 4 ? 0 : 1 }, title: `Upload ${i}` })));
  const ids = jobs.map((job) => job.id);
  runner.start();
  expect(commits).toHaveBeenCalledTimes(1); // the four starts
  expect(committedStates(ids)).toEqual([...Array(4).fill('running'), ...Array(4).fill('queued')]);

  rounds[0]!.resolve();
  await vi.waitFor(() => expect(committedStates(ids)).toEqual([...Array(4).fill('done'), ...Array(4).fill('running')]), WAIT);
  expect(commits).toHaveBeenCalledTimes(2); // four ends and four starts

  rounds[1]!.resolve();
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
  expect(commits).toHaveBeenCalledTimes(3);
  expect(committedStates(ids)).toEqual(Array(8).fill('done'));
  expect(ids.map((id) => runner.get(id)!.result)).toEqual(Array(8).fill({ ok: true }));
});

it('writes a failure durably (synchronous FULL, its own commit), not in the relaxed commit of the successes beside it', async () => {
  const db = databases.open();
  const writes: { state: string; inTransaction: boolean; synchronous: unknown }[] = [];
  const finish = JobStore.prototype.finish;
  vi.spyOn(JobStore.prototype, 'finish').mockImplementation(function (this: JobStore, id, outcome) {
    writes.push({ state: outcome.state, inTransaction: db.inTransaction, synchronous: db.pragma('synchronous', { simple: true }) });
    return finish.call(this, id, outcome);
  });
  const release = deferred();
  const runner = newRunner(db, async (params) => {
    await release.promise;
    if ((params as { fail: boolean }).fail) throw Object.assign(new Error('disk on fire'), { permanent: true });
    return null;
  }, 2);
  runner.submitMany('upload', [{ params: { fail: false }, title: 'Good' }, { params: { fail: true }, title: 'Bad' }]);
  runner.start();
  release.resolve();
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
  // FULL is 2: the failure commits alone with an fsync; the success joins the transaction of the relaxed commit (NORMAL is 1).
  expect(writes).toEqual([
    { state: 'failed', inTransaction: false, synchronous: 2 },
    { state: 'done', inTransaction: true, synchronous: 1 },
  ]);
});

it('starts a handler only after the commit of its start, so what the handler writes is not part of that relaxed commit', async () => {
  const db = databases.open();
  const seen: boolean[] = [];
  const runner = newRunner(db, async () => {
    seen.push(db.inTransaction);
    return null;
  }, 3);
  runner.submitMany('upload', Array.from({ length: 6 }, (_, i) => ({ params: {}, title: `Upload ${i}` })));
  runner.start();
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
  expect(seen).toEqual(Array(6).fill(false));
});

it('keeps a job done when a cancel arrives after its handler succeeded but before its end was recorded', async () => {
  const returned = deferred();
  const runner = newRunner(databases.open(), async () => {
    returned.resolve();
    return null;
  }, 1);
  const { id } = runner.submit('upload', {}, { title: 'Upload' });
  runner.start();
  await returned.promise;
  // Microtasks only: the handler's promise has settled, and its end waits for the end of this turn of the event loop.
  for (let i = 0; i < 10; i++) await Promise.resolve();
  expect(runner.get(id)!.state).toBe('running');
  runner.cancel(id);
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
  expect(runner.get(id)!.state).toBe('done');
});

it('lets a listener told of an end see the other ends recorded with it as unfinished, so only the last end finds the batch over', async () => {
  const release = deferred();
  const runner = newRunner(databases.open(), async () => {
    await release.promise;
    return null;
  }, 3);
  const unfinishedAtEachEnd: boolean[] = [];
  runner.subscribe((event) => {
    if (event.type === 'job' && event.job.state === 'done') unfinishedAtEachEnd.push(runner.hasUnfinishedJobs());
  });
  runner.submitMany('upload', Array.from({ length: 3 }, (_, i) => ({ params: {}, title: `Upload ${i}` })));
  runner.start();
  release.resolve();
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
  expect(unfinishedAtEachEnd).toEqual([true, true, false]);
});

it('records the other ends of a turn and becomes idle when writing one end fails, leaving that job to the next start', async () => {
  const finish = JobStore.prototype.finish;
  vi.spyOn(JobStore.prototype, 'finish').mockImplementation(function (this: JobStore, id, outcome) {
    if (outcome.state === 'failed') throw new Error('disk full');
    return finish.call(this, id, outcome);
  });
  const lines: string[] = [];
  const release = deferred();
  const runner = newRunner(databases.open(), async (params) => {
    await release.promise;
    if ((params as { fail: boolean }).fail) throw Object.assign(new Error('broken'), { permanent: true });
    return null;
  }, 2, (line) => lines.push(line));
  const [bad, good] = runner.submitMany('upload', [{ params: { fail: true }, title: 'Bad' }, { params: { fail: false }, title: 'Good' }]);
  runner.start();
  release.resolve();
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
  expect(committedStates([bad!.id, good!.id])).toEqual(['running', 'done']);
  expect(lines.some((line) => line.includes(`the end of job ${bad!.id} could not be written`) && line.includes('disk full'))).toBe(true);
});

it("announces a started job's row as another connection reads it once committed (the running row is built in memory, not read back)", async () => {
  const release = deferred();
  const runner = newRunner(databases.open(), async () => {
    await release.promise;
    return null;
  }, 2);
  const running = new Map<string, unknown>();
  runner.subscribe((event) => {
    if (event.type === 'job' && event.job.state === 'running') running.set(event.job.id, event.job);
  });
  const jobs = runner.submitMany('upload', [0, 1, 2].map((i) => ({ params: { i }, title: `Upload ${i}`, totalBytes: 10 * i })));
  runner.start();
  await vi.waitFor(() => expect(running.size).toBe(2), WAIT);
  const reader = new JobRunner({ db: databases.open(), handlers: {} });
  for (const [id, announced] of running) expect(reader.get(id)).toEqual(announced);
  release.resolve();
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
  expect(running.size).toBe(3); // the third started in the commit that ended the first two
  expect(reader.get(jobs[2]!.id)).toMatchObject({ state: 'done', attempts: 1 });
});

it("announces a retried job's second start as stored: the attempt counted, its first start time kept", async () => {
  let clock = 1_000;
  const runner = new JobRunner({
    db: databases.open(),
    handlers: { upload: async () => {
      clock += 10;
      if (clock < 1_030) throw new Error('flaky');
      return null;
    } },
    maxAttempts: 3,
    isRetryable: () => true,
    retryDelayMs: () => 0,
    now: () => clock,
    log: () => {},
  });
  runners.push(runner);
  const announced: unknown[] = [];
  runner.subscribe((event) => {
    if (event.type === 'job' && event.job.state === 'running') announced.push(event.job);
  });
  const { id } = runner.submit('upload', {}, { title: 'Upload' });
  const reader = new JobRunner({ db: databases.open(), handlers: {} });
  const stored: unknown[] = [];
  runner.subscribe((event) => {
    if (event.type === 'job' && event.job.state === 'running') stored.push(reader.get(id));
  });
  runner.start();
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
  expect(announced).toEqual(stored);
  expect(announced.map((job) => (job as { attempts: number }).attempts)).toEqual([1, 2, 3]);
  expect(new Set(announced.map((job) => (job as { startedAt: number }).startedAt)).size).toBe(1);
  expect(reader.get(id)!.state).toBe('done');
});

it('fills more free slots than one read of the queue returns, in queue order', async () => {
  const started: number[] = [];
  const release = deferred();
  const runner = newRunner(databases.open(), async (params) => {
    started.push((params as { i: number }).i);
    await release.promise;
    return null;
  }, 100);
  runner.submitMany('upload', Array.from({ length: 90 }, (_, i) => ({ params: { i }, title: `Upload ${i}` })));
  runner.start();
  expect(started).toEqual(Array.from({ length: 90 }, (_, i) => i));
  expect(committedStates(runner.list().map((job) => job.id))).toEqual(Array(90).fill('running'));
  release.resolve();
  await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
});
