import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobRunner, type JobRunnerOptions } from './job-runner';
import { JobNotFoundError, type JobEvent, type JobHandler, type JobSnapshot } from './types';
import { deferred, tempDatabases, untilAborted, withTimeout, type TempDatabases } from '../test-support/jobs';

const WAIT = { timeout: 10_000, interval: 5 };

let databases: TempDatabases;
const runners: Pick<JobRunner, 'stop'>[] = [];

beforeEach(async () => {
  databases = await tempDatabases();
});
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop({ timeoutMs: 1000 });
  await databases.dispose();
});

function newRunner(handlers: Record<string, JobHandler>, options: Partial<JobRunnerOptions> = {}): { runner: JobRunner; events: JobEvent[]; lines: string[] } {
  const lines: string[] = [];
  const runner = new JobRunner({ db: databases.open(), handlers, retryDelayMs: () => 0, log: (line) => lines.push(line), ...options });
  const events: JobEvent[] = [];
  runner.subscribe((event) => events.push(event));
  runners.push(runner);
  return { runner, events, lines };
}

function jobEvents(events: JobEvent[], id: string): JobSnapshot[] {
  return events.flatMap((event) => (event.type === 'job' && event.job.id === id ? [event.job] : []));
}

function idle(runner: Pick<JobRunner, 'idle'>): Promise<void> {
  return withTimeout(runner.idle(), 10_000, 'the job runner becoming idle');
}

describe('JobRunner', () => {
  it('queues a folder of jobs in one call, runs small ones up to smallJobConcurrency at once and big ones only up to concurrency', async () => {
    let running = 0;
    const peaks: Record<string, number> = {};
    const handler: JobHandler = async (params) => {
      const { group } = params as { group: string };
      running++;
      peaks[group] = Math.max(peaks[group] ?? 0, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      return null;
    };
    const { runner } = newRunner({ upload: handler }, { concurrency: 2, smallJobConcurrency: 6, smallJobBytes: 1000 });
    const small = runner.submitMany('upload', Array.from({ length: 12 }, (_, i) => ({ params: { group: 'small' }, title: `Upload ${i}`, totalBytes: 1000 })));
    expect(small.map((job) => job.state)).toEqual(Array(12).fill('queued'));
    runner.start();
    await idle(runner);
    expect(peaks.small).toBe(6);
    expect(small.every((job) => runner.get(job.id)?.state === 'done')).toBe(true);

    runner.submitMany('upload', Array.from({ length: 6 }, (_, i) => ({ params: { group: 'big' }, title: `Upload big ${i}`, totalBytes: 1001 })));
    await idle(runner);
    expect(peaks.big).toBe(2);
  });

  it('refuses a folder of jobs with one bad entry and queues none of them', () => {
    const { runner } = newRunner({ upload: async () => null });
    expect(() => runner.submitMany('upload', [{ params: {}, title: 'Upload a' }, { params: {}, title: ' ' }])).toThrow(/needs a title/);
    expect(runner.list()).toEqual([]);
  });

  it('runs a submitted job to done, keeps its result, and says so in events and in the database', async () => {
    const { runner, events } = newRunner({ upload: async (params) => ({ uploaded: (params as { file: string }).file }) });
    const submitted = runner.submit('upload', { file: 'holiday.jpg' }, { title: 'Upload holiday.jpg', totalBytes: 10 });
    expect(submitted).toMatchObject({ kind: 'upload', title: 'Upload holiday.jpg', state: 'queued', totalBytes: 10, attempts: 0 });
    expect(submitted.id).toMatch(/^[0-9a-f-]{36}$/);
    runner.start();
    await idle(runner);

    const done = runner.get(submitted.id)!;
    expect(done).toMatchObject({ state: 'done', result: { uploaded: 'holiday.jpg' }, attempts: 1, doneBytes: 10, error: null });
    expect(done.startedAt).not.toBeNull();
    expect(done.finishedAt).not.toBeNull();
    expect(jobEvents(events, submitted.id).map((job) => job.state)).toEqual(['queued', 'running', 'done']);

    const reopened = new JobRunner({ db: databases.open(), handlers: {} });
    expect(reopened.get(submitted.id)).toEqual(done);
  });

  it('types submit() and the handlers by the map from kind to params, and gives each handler its own params back', async () => {
    interface Kinds {
      copy: { from: string; to: string };
      count: { upTo: number };
    }
    const seen: string[] = [];
    const runner = new JobRunner<Kinds>({
      db: databases.open(),
      handlers: {
        copy: async ({ from, to }) => seen.push(`copy ${from} -> ${to}`),
        count: async ({ upTo }) => seen.push(`count to ${upTo.toFixed(0)}`),
      },
    });
    runners.push(runner);
    runner.submit('copy', { from: '/a', to: '/b' }, { title: 'Copy' });
    runner.submit('count', { upTo: 3 }, { title: 'Count' });
    // @ts-expect-error: a kind the map does not name does not compile (and throws when forced)
    expect(() => runner.submit('teleport', { upTo: 3 }, { title: 'Teleport' })).toThrow(/'teleport'/);
    // @ts-expect-error: params of the wrong kind do not compile
    if (seen.length < 0) runner.submit('copy', { upTo: 3 }, { title: 'Never queued' });
    expect(runner.paramsOf('copy', { states: ['queued'] })).toEqual([{ from: '/a', to: '/b' }]);
    runner.start();
    await idle(runner);
    expect(seen.sort()).toEqual(['copy /a -> /b', 'count to 3']);
    expect(runner.paramsOf('count')).toEqual([{ upTo: 3 }]);
  });

  it('refuses a job of a kind it has no handler for, naming the kind', () => {
    const { runner } = newRunner({ upload: async () => null });
    expect(() => runner.submit('teleport', {}, { title: 'Teleport' })).toThrow(/'teleport'.*'upload'/);
    expect(runner.list()).toEqual([]);
  });

  it('sends progress at most every 200 ms with a rate over the last seconds and the time left', async () => {
    let now = 0;
    const { runner, events } = newRunner(
      {
        upload: async (_params, ctx) => {
          ctx.progress(0, 10_000);
          // 1000 bytes a second, reported every 100 ms.
          for (let step = 1; step <= 20; step++) {
            now += 100;
            ctx.progress(step * 100);
          }
          return null;
        },
      },
      { now: () => now },
    );
    runner.start();
    const { id } = runner.submit('upload', {}, { title: 'Upload' });
    await idle(runner);

    const running = jobEvents(events, id).filter((job) => job.state === 'running');
    // The first is the start of the attempt, then one progress event per 200 ms.
    expect(running.map((job) => job.doneBytes)).toEqual([0, 0, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000]);
    const at = (bytes: number) => running.findLast((job) => job.doneBytes === bytes)!;
    expect(at(200)).toMatchObject({ rateBytesPerSec: null, etaSeconds: null }); // too early to measure
    expect(at(1000)).toMatchObject({ totalBytes: 10_000, rateBytesPerSec: 1000, etaSeconds: 9 });
    expect(at(2000)).toMatchObject({ rateBytesPerSec: 1000, etaSeconds: 8 });
    expect(runner.get(id)).toMatchObject({ state: 'done', doneBytes: 10_000, rateBytesPerSec: null, etaSeconds: null });
  });

  it('always sends the last progress value, even when it came too soon after the previous event', async () => {
    const release = deferred();
    const { runner, events } = newRunner({
      upload: async (_params, ctx) => {
        ctx.progress(10, 100);
        ctx.progress(20);
        ctx.progress(30);
        await release.promise;
        return null;
      },
    });
    runner.start();
    const { id } = runner.submit('upload', {}, { title: 'Upload' });
    await vi.waitFor(() => expect(jobEvents(events, id).at(-1)?.doneBytes).toBe(30), WAIT);
    expect(jobEvents(events, id).map((job) => job.doneBytes)).toEqual([0, 0, 10, 30]);
    release.resolve();
    await idle(runner);
  });

  it('writes progress to the database at most once a second, the first time a second after the start', async () => {
    let now = 0;
    const release = deferred();
    const reported = deferred<(done: number) => void>();
    const { runner } = newRunner(
      {
        upload: async (_params, ctx) => {
          reported.resolve((done) => ctx.progress(done, 1000));
          await release.promise;
          return null;
        },
      },
      { now: () => now },
    );
    runner.start();
    const { id } = runner.submit('upload', {}, { title: 'Upload' });
    const report = await withTimeout(reported.promise, 10_000, 'the handler starting');
    // Another connection sees only what was written.
    const reader = new JobRunner({ db: databases.open(), handlers: {} });
    // A job that ends within its first second (a small file) never writes its progress: its end does.
    report(100);
    expect(reader.get(id)!.doneBytes).toBe(0);
    now = 900;
    report(200);
    expect(reader.get(id)!.doneBytes).toBe(0);
    expect(runner.get(id)!.doneBytes).toBe(200);
    now = 1000;
    report(300);
    expect(reader.get(id)!.doneBytes).toBe(300);
    now = 1500;
    report(400);
    expect(reader.get(id)!.doneBytes).toBe(300);
    expect(runner.get(id)!.doneBytes).toBe(400);
    now = 2000;
    report(500);
    expect(reader.get(id)!.doneBytes).toBe(500);
    release.resolve();
    await idle(runner);
  });

  it('starts measuring the rate afresh when a handler reports fewer bytes than before', async () => {
    let now = 0;
    const { runner, events } = newRunner(
      {
        upload: async (_params, ctx) => {
          for (const [at, done] of [[0, 0], [1000, 5000], [2000, 10_000], [2200, 0], [3200, 500], [4200, 1000]]) {
            now = at;
            ctx.progress(done, 20_000);
          }
          return null;
        },
      },
      { now: () => now },
    );
    runner.start();
    const { id } = runner.submit('upload', {}, { title: 'Upload' });
    await idle(runner);
    const rates = jobEvents(events, id).filter((job) => job.state === 'running').map((job) => [job.doneBytes, job.rateBytesPerSec]);
    expect(rates.slice(2)).toEqual([[5000, 5000], [10_000, 5000], [0, null], [500, 500], [1000, 500]]);
  });

  it('runs no more jobs at once than its concurrency allows, oldest first', async () => {
    const gates = new Map<string, () => void>();
    const started: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const { runner } = newRunner(
      {
        upload: async (params) => {
          const name = (params as { name: string }).name;
          started.push(name);
          mostAtOnce = Math.max(mostAtOnce, ++running);
          await new Promise<void>((resolve) => gates.set(name, resolve));
          running--;
          return name;
        },
      },
      { concurrency: 2 },
    );
    runner.start();
    const names = ['a', 'b', 'c', 'd', 'e'];
    for (const name of names) runner.submit('upload', { name }, { title: name });
    for (const name of names) {
      await vi.waitFor(() => expect(gates.has(name)).toBe(true), WAIT);
      expect(runner.list({ states: ['running'] }).length).toBeLessThanOrEqual(2);
      gates.get(name)!();
    }
    await idle(runner);
    expect(started).toEqual(names);
    expect(mostAtOnce).toBe(2);
    expect(runner.list({ states: ['done'] })).toHaveLength(5);
  });

  it('cancels a queued job at once and a running one when its handler settles, never reporting it done', async () => {
    let sawAbort = false;
    const handlerStarted = deferred();
    const { runner } = newRunner(
      {
        upload: (_params, ctx) => {
          handlerStarted.resolve();
          return new Promise((resolve) =>
            ctx.signal.addEventListener('abort', () => {
              sawAbort = true;
              // A handler that resolves anyway must still end up 'cancelled'.
              resolve('finished anyway');
            }),
          );
        },
      },
      { concurrency: 1 },
    );
    runner.start();
    const running = runner.submit('upload', {}, { title: 'First' });
    const queued = runner.submit('upload', {}, { title: 'Second' });
    await withTimeout(handlerStarted.promise, 10_000, 'the handler starting');

    expect(runner.cancel(queued.id)).toMatchObject({ state: 'cancelled', attempts: 0 });
    expect(runner.cancel(running.id).state).toBe('running');
    await idle(runner);
    expect(sawAbort).toBe(true);
    expect(runner.get(running.id)).toMatchObject({ state: 'cancelled', result: null });
    expect(runner.cancel(running.id).state).toBe('cancelled');
    expect(() => runner.cancel('no-such-job')).toThrow(JobNotFoundError);
  });

  it('retries a failed attempt and then succeeds', async () => {
    const { runner, events } = newRunner({
      download: async (_params, ctx) => {
        if (ctx.attempt === 1) throw new Error('The storage server did not answer.');
        return 'ok';
      },
    });
    runner.start();
    const { id } = runner.submit('download', {}, { title: 'Download' });
    await idle(runner);
    expect(runner.get(id)).toMatchObject({ state: 'done', attempts: 2, error: null, result: 'ok' });
    expect(jobEvents(events, id).map((job) => [job.state, job.error])).toEqual([
      ['queued', null],
      ['running', null],
      ['queued', 'The storage server did not answer.'],
      ['running', 'The storage server did not answer.'],
      ['done', null],
    ]);
  });

  it('fails at once on a permanent error, with its message', async () => {
    const { runner, lines } = newRunner({
      upload: async () => {
        throw Object.assign(new Error('The file holiday.jpg is gone; choose it again.'), { permanent: true });
      },
    });
    runner.start();
    const { id } = runner.submit('upload', {}, { title: 'Upload holiday.jpg' });
    await idle(runner);
    expect(runner.get(id)).toMatchObject({ state: 'failed', attempts: 1, error: 'The file holiday.jpg is gone; choose it again.' });
    expect(lines.join('\n')).toContain('holiday.jpg is gone');
  });

  it('fails after maxAttempts failed attempts, using describeError for the message', async () => {
    const { runner } = newRunner(
      {
        upload: async () => {
          throw new Error('ECONNRESET');
        },
      },
      { maxAttempts: 3, describeError: (error) => `The connection broke (${(error as Error).message}); try again later.` },
    );
    runner.start();
    const { id } = runner.submit('upload', {}, { title: 'Upload' });
    await idle(runner);
    expect(runner.get(id)).toMatchObject({ state: 'failed', attempts: 3, error: 'The connection broke (ECONNRESET); try again later.' });
  });

  it('waits out the retry delay before the next attempt', async () => {
    const startedAt: number[] = [];
    const { runner } = newRunner(
      {
        upload: async () => {
          startedAt.push(performance.now());
          if (startedAt.length === 1) throw new Error('busy');
          return null;
        },
      },
      { retryDelayMs: (failed) => failed * 150 },
    );
    runner.start();
    runner.submit('upload', {}, { title: 'Upload' });
    await idle(runner);
    expect(startedAt).toHaveLength(2);
    expect(startedAt[1] - startedAt[0]).toBeGreaterThanOrEqual(140);
  });

  it('lists newest first, filters by state, and clears finished jobs', async () => {
    let now = 1000;
    const { runner, events } = newRunner({ upload: async () => null }, { now: () => now++ });
    const first = runner.submit('upload', {}, { title: 'First' });
    const second = runner.submit('upload', {}, { title: 'Second' });
    const third = runner.submit('upload', {}, { title: 'Third' });
    runner.cancel(second.id);
    expect(runner.list().map((job) => job.title)).toEqual(['Third', 'Second', 'First']);
    expect(runner.list({ limit: 1 }).map((job) => job.id)).toEqual([third.id]);
    expect(runner.list({ states: ['queued'] }).map((job) => job.id)).toEqual([third.id, first.id]);
    expect(() => runner.list({ states: ['paused' as 'queued'] })).toThrow(/Unknown job state 'paused'/);

    runner.start();
    await idle(runner);
    expect(runner.clearFinished()).toBe(3);
    expect(runner.list()).toEqual([]);
    expect(events.filter((event) => event.type === 'job-removed')).toHaveLength(3);
  });

  it('keeps working when a subscriber throws', async () => {
    const { runner, lines } = newRunner({ upload: async () => 'ok' });
    runner.subscribe(() => {
      throw new Error('window closed');
    });
    runner.start();
    const { id } = runner.submit('upload', {}, { title: 'Upload' });
    await idle(runner);
    expect(runner.get(id)!.state).toBe('done');
    expect(lines.some((line) => line.includes('window closed'))).toBe(true);
  });

  it('resumes after stop() and a new runner on the reopened database: the job completes on its second attempt', async () => {
    const handlerStarted = deferred();
    const first = newRunner({
      upload: (_params, ctx) => {
        ctx.progress(700, 2000);
        handlerStarted.resolve();
        return untilAborted(ctx.signal);
      },
    });
    first.runner.start();
    const { id } = first.runner.submit('upload', { file: 'a' }, { title: 'Upload a' });
    await withTimeout(handlerStarted.promise, 10_000, 'the handler starting');
    await withTimeout(first.runner.stop(), 10_000, 'stop()');
    expect(first.runner.get(id)).toMatchObject({ state: 'running', attempts: 1, doneBytes: 700 });
    await withTimeout(first.runner.idle(), 1000, 'idle() after stop()');

    const attemptsSeen: number[] = [];
    const second = newRunner({
      upload: async (params, ctx) => {
        attemptsSeen.push(ctx.attempt);
        return { again: params };
      },
    });
    second.runner.start();
    await idle(second.runner);
    expect(second.runner.get(id)).toMatchObject({ state: 'done', attempts: 2, result: { again: { file: 'a' } } });
    expect(attemptsSeen).toEqual([2]);
  });

  it('stop() gives up on a handler that ignores its signal, leaving the job to the next start', async () => {
    const handlerStarted = deferred();
    const { runner, lines } = newRunner({
      upload: () => {
        handlerStarted.resolve();
        return new Promise(() => {});
      },
    });
    runner.start();
    const { id } = runner.submit('upload', {}, { title: 'Upload' });
    await withTimeout(handlerStarted.promise, 10_000, 'the handler starting');
    await withTimeout(runner.stop({ timeoutMs: 50 }), 5000, 'stop()');
    expect(runner.get(id)!.state).toBe('running');
    expect(lines.some((line) => line.includes('did not stop within 50 ms'))).toBe(true);
  });
});
