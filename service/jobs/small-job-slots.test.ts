/**
 * How many small jobs run at once: a ceiling the owner may change while the
 * runner runs (the service's depends on its accounts), within a budget of
 * bytes, and the service's choice by provider.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JobRunner } from './job-runner';
import { SmallJobSlots } from './small-job-slots';
import { SERVICE_REMOTE_SMALL_JOB_CONCURRENCY, SERVICE_SMALL_JOB_CONCURRENCY, serviceSmallJobConcurrency } from './runner-options';
import type { JobHandler } from './types';
import { tempDatabases, withTimeout, type TempDatabases } from '../test-support/jobs';

let databases: TempDatabases;
const runners: JobRunner[] = [];
beforeEach(async () => {
  databases = await tempDatabases();
});
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.stop({ timeoutMs: 1000 });
  await databases.dispose();
});

/** A handler that records the most jobs (and bytes) it saw running at once. */
function peakRecorder(): { handler: JobHandler; peak: { jobs: number; bytes: number } } {
  const peak = { jobs: 0, bytes: 0 };
  let jobs = 0;
  let bytes = 0;
  const handler: JobHandler = async (params) => {
    const { size } = params as { size: number };
    jobs++;
    bytes += size;
    peak.jobs = Math.max(peak.jobs, jobs);
    peak.bytes = Math.max(peak.bytes, bytes);
    await new Promise((resolve) => setTimeout(resolve, 15));
    jobs--;
    bytes -= size;
    return null;
  };
  return { handler, peak };
}

function runnerWith(handler: JobHandler, options: Partial<ConstructorParameters<typeof JobRunner>[0]>): JobRunner {
  const runner = new JobRunner({ db: databases.open(), handlers: { upload: handler }, retryDelayMs: () => 0, log: () => undefined, ...options });
  runners.push(runner);
  return runner;
}

function submitSizes(runner: JobRunner, sizes: number[]): void {
  runner.submitMany(
    'upload',
    sizes.map((size, i) => ({ params: { size }, title: `Upload ${i}`, totalBytes: size })),
  );
}

describe('small job slots in the runner', () => {
  it('asks a ceiling given as a function each time, so it follows the accounts while the runner runs', async () => {
    const { handler, peak } = peakRecorder();
    let ceiling = 3;
    const runner = runnerWith(handler, { concurrency: 2, smallJobConcurrency: () => ceiling, smallJobBytes: 1000 });
    runner.start();
    submitSizes(runner, Array(12).fill(100));
    await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
    expect(peak.jobs).toBe(3);

    ceiling = 7;
    peak.jobs = 0;
    submitSizes(runner, Array(21).fill(100));
    await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
    expect(peak.jobs).toBe(7);
  });

  it('keeps the small jobs beyond `concurrency` within the byte budget, whatever the count allows', async () => {
    const { handler, peak } = peakRecorder();
    const runner = runnerWith(handler, { concurrency: 2, smallJobConcurrency: 32, smallJobBytes: 1000, smallJobBytesInFlight: 3000 });
    submitSizes(runner, Array(20).fill(1000));
    runner.start();
    await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
    // 3000 bytes of 1000-byte jobs: 3 at once, not 32.
    expect(peak.jobs).toBe(3);
    expect(peak.bytes).toBe(3000);

    peak.jobs = 0;
    submitSizes(runner, Array(40).fill(100));
    await withTimeout(runner.idle(), 10_000, 'the runner becoming idle');
    expect(peak.jobs).toBe(30);
  });

  it('refuses a ceiling that is not a whole number of at least 1', () => {
    expect(() => new SmallJobSlots({ concurrency: 2, smallJobConcurrency: () => 0, smallJobBytes: 1, smallJobBytesInFlight: 1 })).toThrow(/smallJobConcurrency must be a whole number/);
    expect(() => runnerWith(async () => null, { smallJobConcurrency: 2.5 })).toThrow(/smallJobConcurrency/);
  });
});

describe('the service small job ceiling', () => {
  it('is higher only when every account is remote', () => {
    expect(serviceSmallJobConcurrency(['s3', 's3', 'webdav'])).toBe(SERVICE_REMOTE_SMALL_JOB_CONCURRENCY);
    expect(serviceSmallJobConcurrency(['s3', 'local', 'sftp'])).toBe(SERVICE_SMALL_JOB_CONCURRENCY);
    expect(serviceSmallJobConcurrency(['local', 'local', 'local'])).toBe(SERVICE_SMALL_JOB_CONCURRENCY);
    expect(serviceSmallJobConcurrency([])).toBe(SERVICE_SMALL_JOB_CONCURRENCY);
    expect(SERVICE_REMOTE_SMALL_JOB_CONCURRENCY).toBeGreaterThan(SERVICE_SMALL_JOB_CONCURRENCY);
  });
});
