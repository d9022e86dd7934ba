import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { partialsInProgress } from './download-to-file';
import { writeSmallFileAtomically } from './write-small-file';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raic-small-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('writes the bytes under the real name with the recorded time, replacing an older file, and leaves no temporary file', async () => {
  const out = join(dir, 'f.bin');
  await writeFile(out, 'older contents');
  const data = randomBytes(100_000);
  const modifiedAt = Date.UTC(2021, 4, 6, 7, 8, 9);
  await writeSmallFileAtomically(data, out, modifiedAt);
  expect((await readFile(out)).equals(data)).toBe(true);
  expect((await stat(out)).mtimeMs).toBe(modifiedAt);
  expect(await readdir(dir)).toEqual(['f.bin']);
  expect(partialsInProgress.size).toBe(0);

  await writeSmallFileAtomically(new Uint8Array(0), join(dir, 'empty'), null);
  expect((await stat(join(dir, 'empty'))).size).toBe(0);
});

it('removes its temporary file and keeps the older file when the rename fails', async () => {
  // The target is a non-empty folder: the rename fails after the temporary file is written and synced.
  const out = join(dir, 'taken');
  await writeFile(join(dir, 'keep'), 'x');
  await mkdir(out);
  await writeFile(join(out, 'inside'), 'y');
  await expect(writeSmallFileAtomically(randomBytes(1000), out, Date.now())).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST|EPERM/) });
  expect((await readdir(dir)).sort()).toEqual(['keep', 'taken']);
  expect(await readdir(out)).toEqual(['inside']);
  expect(partialsInProgress.size).toBe(0);
});
