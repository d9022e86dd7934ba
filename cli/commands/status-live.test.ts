/**
 * `raic status` without a terminal (as every test runs it: output captured,
 * no TTY) reports the grid's live health: files never checked are counted
 * from where their shares are, and an account that does not answer makes it
 * degraded at once, with no check run (issue 20: it said "healthy" with two
 * accounts offline).
 */
import { rename, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as status } from './status';
import { run as upload } from './upload';

const temp = useTempRoot('status-live');

it('says healthy with every account answering and at risk as soon as two do not, naming them offline', async () => {
  const file = path.join(temp.root, 'letter.pdf');
  await writeFile(file, randomBytes(200_000));
  expect((await runCaptured(upload, [file], { dataDir: temp.dataDir })).code).toBe(0);
  const before = await runCaptured(status, [], { dataDir: temp.dataDir });
  expect(before.stdout).toMatch(/^grid health: +healthy\n/);

  const folders = path.join(temp.dataDir, 'local-storage');
  await rename(path.join(folders, 'folder-2'), path.join(folders, 'folder-2-away'));
  await rename(path.join(folders, 'folder-4'), path.join(folders, 'folder-4-away'));
  const after = await runCaptured(status, [], { dataDir: temp.dataDir });
  expect(after.stdout).toMatch(/^grid health: +at-risk\n/);
  expect(after.stdout).toMatch(/\n {2}Local folder 2 +offline/);
  const json = JSON.parse((await runCaptured(status, ['--json'], { dataDir: temp.dataDir })).stdout) as { health: string };
  expect(json.health).toBe('at-risk');
});
