/** foldersHoldingNothing on real folders: missing and empty folders need no stat per file; a folder with anything in it does. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { foldersHoldingNothing } from './restore-files';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-restore-files-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

it('names the folders that are missing or empty, and leaves out those holding a file or a folder', async () => {
  await mkdir(join(root, 'empty'));
  await mkdir(join(root, 'with-file'));
  await writeFile(join(root, 'with-file', 'Photo.JPG'), 'x');
  await mkdir(join(root, 'with-folder', 'inner'), { recursive: true });
  await writeFile(join(root, 'a-file'), 'x');
  const asked = ['empty', 'missing', 'with-file', 'with-folder', 'a-file/below'].map((name) => join(root, name));
  const empty = await foldersHoldingNothing([...asked, join(root, 'empty')], 2);
  expect([...empty].sort()).toEqual([join(root, 'a-file/below'), join(root, 'empty'), join(root, 'missing')].sort());
});
