import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Job } from '../../shared/api';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as upload } from './upload';

const temp = useTempRoot('upload');

it('uploads a folder and prints each stored path with its cap', async () => {
  const album = join(temp.root, 'album');
  await mkdir(album);
  await writeFile(join(album, 'a.jpg'), Buffer.alloc(80_000, 5));
  await writeFile(join(album, 'b.txt'), 'short');
  const { code, stdout, stderr } = await runCaptured(upload, [album, '--to', '/Photos'], { dataDir: temp.dataDir });
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const lines = stdout.trimEnd().split('\n').sort();
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^\/Photos\/album\/a\.jpg {2}URI:CHK:/);
  expect(lines[1]).toMatch(/^\/Photos\/album\/b\.txt {2}URI:LIT:/);
});

it('prints the finished jobs as JSON with --json', async () => {
  const file = join(temp.root, 'one.bin');
  await writeFile(file, Buffer.alloc(10_000, 9));
  const { code, stdout } = await runCaptured(upload, [file, '--json'], { dataDir: temp.dataDir });
  expect(code).toBe(0);
  const { jobs } = JSON.parse(stdout) as { jobs: Job[] };
  expect(jobs).toHaveLength(1);
  expect(jobs[0]).toMatchObject({ state: 'done', result: { path: '/one.bin' } });
});

it('explains sources that are missing or empty, and a missing SOURCE', async () => {
  const missing = await runCaptured(upload, [join(temp.root, 'nothing-here')], { dataDir: temp.dataDir });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^raic upload: .+\n$/);
  await mkdir(join(temp.root, 'empty'));
  const empty = await runCaptured(upload, [join(temp.root, 'empty')], { dataDir: temp.dataDir });
  expect(empty.code).toBe(1);
  expect(empty.stderr).toMatch(/^raic upload: sources: there are no files/);
  const usage = await runCaptured(upload, ['--to', '/x'], { dataDir: temp.dataDir });
  expect(usage.code).toBe(2);
  expect(usage.stderr).toBe('raic upload: SOURCE is required\nusage: raic upload SOURCE... [--to FOLDER] [--on-clash replace|keep-both|skip] [--json]\n');
});
