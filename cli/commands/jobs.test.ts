import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Job } from '../../shared/api';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as jobs } from './jobs';
import { run as upload } from './upload';

const temp = useTempRoot('jobs');

it('lists jobs with their state, finds them by the start of their id, and clears finished ones', async () => {
  expect((await runCaptured(jobs, [], { dataDir: temp.dataDir })).stdout).toBe('No jobs.\n');
  await writeFile(join(temp.root, 'x.bin'), Buffer.alloc(20_000, 3));
  expect((await runCaptured(upload, [join(temp.root, 'x.bin')], { dataDir: temp.dataDir })).code).toBe(0);

  const table = await runCaptured(jobs, [], { dataDir: temp.dataDir });
  expect(table.stdout).toMatch(/^ID +STATE +DONE +RATE +ETA +JOB\n[0-9a-f]{8} +done +100% +Upload \/x\.bin\n$/);
  const listed = JSON.parse((await runCaptured(jobs, ['--json'], { dataDir: temp.dataDir })).stdout) as Job[];
  expect(listed).toHaveLength(1);
  expect(listed[0]).toMatchObject({ state: 'done', kind: 'upload' });

  const unknown = await runCaptured(jobs, ['cancel', 'zzzz'], { dataDir: temp.dataDir });
  expect(unknown.code).toBe(1);
  expect(unknown.stderr).toBe('raic jobs cancel: there is no job zzzz; raic jobs lists them\n');
  expect((await runCaptured(jobs, ['cancel'], { dataDir: temp.dataDir })).code).toBe(2);

  const cleared = await runCaptured(jobs, ['clear'], { dataDir: temp.dataDir });
  expect(cleared.stdout).toBe('Cleared 1 finished jobs.\n');
  expect((await runCaptured(jobs, ['pause'], { dataDir: temp.dataDir })).code).toBe(2);
});
