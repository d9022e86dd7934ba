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

it('writes pieces in order (as the download yields them), skipping empty ones, with the time set', async () => {
  const out = join(dir, 'pieces.bin');
  const data = randomBytes(300_001);
  const pieces = [data.subarray(0, 50_000), new Uint8Array(0), data.subarray(50_000, 250_000), data.subarray(250_000)];
  const modifiedAt = Date.UTC(2019, 0, 2, 3, 4, 5);
  await writeSmallFileAtomically(pieces, out, modifiedAt);
  expect((await readFile(out)).equals(data)).toBe(true);
  expect((await stat(out)).mtimeMs).toBe(modifiedAt);
  await writeSmallFileAtomically([], join(dir, 'none'), undefined);
  expect((await stat(join(dir, 'none'))).size).toBe(0);
  expect((await readdir(dir)).sort()).toEqual(['none', 'pieces.bin']);
});

it('fails without a trace when the temporary file cannot be made (a folder that does not exist)', async () => {
  await expect(writeSmallFileAtomically([randomBytes(10)], join(dir, 'missing', 'f'), Date.now())).rejects.toMatchObject({ code: 'ENOENT' });
  expect(await readdir(dir)).toEqual([]);
  expect(partialsInProgress.size).toBe(0);
});
