/**
 * A job waiting for an account keeps waiting past the usual three tries, with
 * a capped backoff, and runs at once when an account comes back (issue 20,
 * item 2). Real job database; the "account" is a flag the handler reads, and
 * the "back online" notice is the monitor's event shape.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { JobRunner } from './job-runner';
import { ACCOUNT_WAIT_CEILING_MS, accountWaitDelayMs, resumeJobsWhenAccountsReturn, waitsForAccount } from './resume-on-account';
import { tempDatabases, withTimeout, type TempDatabases } from '../test-support/jobs';

let databases: TempDatabases;
let runner: JobRunner | undefined;
beforeEach(async () => {
  databases = await tempDatabases();
});
afterEach(async () => {
  await runner?.stop({ timeoutMs: 1000 });
  await databases.dispose();
});

function happinessError(): Error {
  return Object.assign(new Error('upload failed: shares could be placed on only 4 servers, but happiness 5 is required'), { name: 'HappinessError' });
}

it('knows a job waiting for accounts, and never waits longer than the ceiling', () => {
  expect(waitsForAccount(happinessError())).toBe(true);
  expect(waitsForAccount(new Error('disk on fire'))).toBe(false);
  expect(waitsForAccount(undefined)).toBe(false);
  expect([1, 2, 3, 4, 5, 50].map(accountWaitDelayMs)).toEqual([1000, 4000, 16000, 64000, ACCOUNT_WAIT_CEILING_MS, ACCOUNT_WAIT_CEILING_MS]);
});

it('keeps an upload waiting for an account past three tries, then runs it as soon as the account is back', async () => {
  let accountBack = false;
  let tries = 0;
  const listeners = new Set<(notice: { type: string; event?: { kind: string } }) => void>();
  const monitor = { subscribe: (l: (notice: { type: string; event?: { kind: string } }) => void) => (listeners.add(l), () => listeners.delete(l)) };
  const lines: string[] = [];
  runner = new JobRunner({
    db: databases.open(),
    handlers: {
      upload: async () => {
        tries++;
        if (!accountBack) throw happinessError();
        return 'stored';
      },
    },
    waitsForAccount,
    // The runner's clock stands still, so every retry delay is "not yet" unless the test clears it.
    now: () => 0,
    log: (line) => lines.push(line),
  });
  resumeJobsWhenAccountsReturn(monitor, runner, (line) => lines.push(line));
  const job = runner.submit('upload', {}, { title: 'Upload a.jpg' });
  runner.start();
  for (let i = 1; i <= 4; i++) {
    // Each try fails and waits out its delay; clearing the delay stands in for the time passing.
    await withTimeout(waitUntil(() => tries === i && runner!.get(job.id)!.state === 'queued'), 5000, `try ${i}`);
    if (i < 4) expect(runner.retryWaitingNow()).toBe(1);
  }
  expect(runner.get(job.id)).toMatchObject({ state: 'queued', attempts: 4 });
  expect(runner.get(job.id)!.error).toContain('happiness 5 is required');

  // A pass or an unrelated event does not retry it; an account coming back does, without the clock moving.
  for (const l of listeners) l({ type: 'grid-health' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(tries).toBe(4);
  accountBack = true;
  for (const l of listeners) l({ type: 'monitor-event', event: { kind: 'account-online' } });
  await withTimeout(runner.idle(), 5000, 'the job finishing');
  expect(runner.get(job.id)).toMatchObject({ state: 'done', result: 'stored', attempts: 5 });
  expect(lines.some((line) => line.includes('1 waiting job retried now'))).toBe(true);
});

it('an ordinary failure still stops after three tries', async () => {
  runner = new JobRunner({ db: databases.open(), handlers: { upload: () => Promise.reject(new Error('disk on fire')) }, waitsForAccount, retryDelayMs: () => 0, log: () => undefined });
  const job = runner.submit('upload', {}, { title: 'Upload b.jpg' });
  runner.start();
  await withTimeout(runner.idle(), 5000, 'the job failing');
  expect(runner.get(job.id)).toMatchObject({ state: 'failed', attempts: 3 });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
