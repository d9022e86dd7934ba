import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { JobRunner } from './job-runner';
import { tempDatabases, withTimeout, type TempDatabases } from '../test-support/jobs';

const childScript = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-support', 'hanging-job-process.ts');

let databases: TempDatabases;
beforeEach(async () => {
  databases = await tempDatabases();
});
afterEach(async () => {
  await databases.dispose();
});

/** Starts the child, waits for it to say its job is running, kills it; resolves with the job id. */
async function runAndKillMidJob(dbFile: string): Promise<string> {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, dbFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
  try {
    const jobId = await withTimeout(
      new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const match = /^running (\S+)$/m.exec(stdout);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`the child exited (code ${code}) before its job ran: ${stderr}`)));
      }),
      30_000,
      'the child process starting its job',
    );
    child.kill('SIGKILL');
    expect(await withTimeout(exited, 10_000, 'the killed child exiting')).toBe('SIGKILL');
    return jobId;
  } finally {
    child.kill('SIGKILL');
  }
}

it('resumes a job whose process was killed mid-run, and finishes it on the second attempt', async () => {
  const id = await runAndKillMidJob(databases.file);

  const attemptsSeen: number[] = [];
  const runner = new JobRunner({
    db: databases.open(),
    handlers: {
      upload: async (params, ctx) => {
        attemptsSeen.push(ctx.attempt);
        return { uploaded: (params as { file: string }).file };
      },
    },
    log: () => {},
  });
  // Before start() the job shows what the killed process last wrote.
  expect(runner.get(id)).toMatchObject({ state: 'running', attempts: 1, doneBytes: 1234, totalBytes: 5000 });
  runner.start();
  await withTimeout(runner.idle(), 10_000, 'the resumed job finishing');
  expect(runner.get(id)).toMatchObject({ state: 'done', attempts: 2, result: { uploaded: 'holiday.jpg' }, doneBytes: 5000 });
  expect(attemptsSeen).toEqual([2]);
  await runner.stop();
});
