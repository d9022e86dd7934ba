import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { FolderListing } from '../../shared/api';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as ls } from './ls';
import { run as upload } from './upload';

const temp = useTempRoot('ls');

it('lists what raic upload stored: folders first with a slash, sizes for people, details with -l', async () => {
  const source = join(temp.root, 'trip');
  await mkdir(join(source, 'raw'), { recursive: true });
  await writeFile(join(source, 'notes.txt'), 'day one');
  await writeFile(join(source, 'holiday.jpg'), Buffer.alloc(150_000, 1));
  await writeFile(join(source, 'raw', 'img.cr2'), Buffer.alloc(2000, 2));
  expect((await runCaptured(upload, [source, '--to', '/folder'], { dataDir: temp.dataDir })).code).toBe(0);

  const top = await runCaptured(ls, ['/folder'], { dataDir: temp.dataDir });
  expect(top.stdout).toBe('148 KiB  trip/\n');
  const plain = await runCaptured(ls, ['/folder/trip'], { dataDir: temp.dataDir });
  expect(plain.stdout).toBe('2.0 KiB  raw/\n146 KiB  holiday.jpg\n    7 B  notes.txt\n');
  const long = await runCaptured(ls, ['-l', '/folder/trip'], { dataDir: temp.dataDir });
  expect(long.stdout.split('\n')[0]).toMatch(/^HEALTH +SIZE +STORED +NAME +NOTE$/);
  expect(long.stdout).toMatch(/\n- +2\.0 KiB +- +raw\/ +1 file\n/);
  expect(long.stdout).toMatch(/\nhealthy +146 KiB +\d{4}-\d\d-\d\d \d\d:\d\d +holiday\.jpg/);

  const json = await runCaptured(ls, ['/folder/trip', '--json'], { dataDir: temp.dataDir });
  const listing = JSON.parse(json.stdout) as FolderListing;
  expect(Object.keys(listing)).toEqual(expect.arrayContaining(['files', 'folder', 'folders']));
  expect(listing.folders.map((f) => f.name)).toEqual(['raw']);
  expect(listing.files.map((f) => f.name).sort()).toEqual(['holiday.jpg', 'notes.txt']);
});

it('explains a missing folder and extra arguments', async () => {
  const missing = await runCaptured(ls, ['/nowhere'], { dataDir: temp.dataDir });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^raic ls: .*\/nowhere.*\n$/);
  expect((await runCaptured(ls, ['/a', '/b'], { dataDir: temp.dataDir })).code).toBe(2);
  expect((await runCaptured(ls, [], { dataDir: temp.dataDir })).stdout).toBe('/ is empty\n');
});
