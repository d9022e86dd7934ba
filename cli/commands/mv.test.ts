/** `raic mv` and `raic mkdir` through a real service: files and folders moved within the catalog, clashes refused. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as ls } from './ls';
import { run as mkdirCommand } from './mkdir';
import { run as mv } from './mv';
import { run as upload } from './upload';

const temp = useTempRoot('mv');

async function listing(folder: string): Promise<{ folders: string[]; files: string[] }> {
  const { stdout, code } = await runCaptured(ls, [folder, '--json'], { dataDir: temp.dataDir });
  expect(code).toBe(0);
  const parsed = JSON.parse(stdout) as { folders: { name: string }[]; files: { name: string }[] };
  return { folders: parsed.folders.map((f) => f.name), files: parsed.files.map((f) => f.name) };
}

it('creates folders, moves a file and a whole folder, and refuses names already taken', async () => {
  const album = join(temp.root, 'album');
  await mkdir(join(album, 'inner'), { recursive: true });
  await writeFile(join(album, 'a.jpg'), Buffer.alloc(70_000, 1));
  await writeFile(join(album, 'inner', 'b.jpg'), Buffer.alloc(90_000, 2));
  expect((await runCaptured(upload, [album, '--to', '/Photos'], { dataDir: temp.dataDir })).code).toBe(0);

  expect((await runCaptured(mkdirCommand, ['/Archive/2024', '/Empty'], { dataDir: temp.dataDir })).code).toBe(0);
  expect(await listing('/Archive')).toEqual({ folders: ['2024'], files: [] });

  // A file renamed, then a folder moved into an existing folder (it keeps its name and everything below it).
  const renamed = await runCaptured(mv, ['/Photos/album/a.jpg', '/Photos/album/first.jpg'], { dataDir: temp.dataDir });
  expect(renamed).toMatchObject({ code: 0, stdout: '/Photos/album/a.jpg -> /Photos/album/first.jpg\n' });
  const moved = await runCaptured(mv, ['/Photos/album', '/Archive/2024', '--json'], { dataDir: temp.dataDir });
  expect(moved.code).toBe(0);
  expect(JSON.parse(moved.stdout)).toEqual({ from: '/Photos/album', to: '/Archive/2024/album', files: 2 });
  expect(await listing('/Archive/2024/album')).toEqual({ folders: ['inner'], files: ['first.jpg'] });
  expect(await listing('/Archive/2024/album/inner')).toEqual({ folders: [], files: ['b.jpg'] });
  expect(await listing('/Photos')).toEqual({ folders: [], files: [] });

  // A folder renamed to a new name.
  expect((await runCaptured(mv, ['/Archive/2024/album', '/Holiday'], { dataDir: temp.dataDir })).code).toBe(0);
  expect(await listing('/Holiday/inner')).toEqual({ folders: [], files: ['b.jpg'] });

  // Clashes: a file onto a file, a folder into itself, a missing source.
  const onFile = await runCaptured(mv, ['/Holiday/first.jpg', '/Holiday/inner/b.jpg'], { dataDir: temp.dataDir });
  expect(onFile.code).toBe(1);
  expect(onFile.stderr).toBe('raic mv: /Holiday/inner/b.jpg already exists as a file; raic mv never replaces it. Choose another name, or remove it first with the app.\n');
  const intoItself = await runCaptured(mv, ['/Holiday', '/Holiday/inner/deeper'], { dataDir: temp.dataDir });
  expect(intoItself.code).toBe(1);
  expect(intoItself.stderr).toMatch(/^raic mv: Cannot move \/Holiday into \/Holiday\/inner\/deeper: a folder cannot go inside itself\./);
  const missing = await runCaptured(mv, ['/Nope', '/Other'], { dataDir: temp.dataDir });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^raic mv: There is no file or folder \/Nope/);
  const usage = await runCaptured(mv, ['/only-one'], { dataDir: temp.dataDir });
  expect(usage.code).toBe(2);
  expect(await listing('/Holiday')).toEqual({ folders: ['inner'], files: ['first.jpg'] });

  // mkdir below a file is refused with the file named.
  const belowFile = await runCaptured(mkdirCommand, ['/Holiday/first.jpg/sub'], { dataDir: temp.dataDir });
  expect(belowFile.code).toBe(1);
  expect(belowFile.stderr).toMatch(/\/Holiday\/first\.jpg is a file, not a folder/);
});

it('moves several files and folders into one folder, or refuses them all with every problem named', async () => {
  const source = join(temp.root, 'several');
  await mkdir(join(source, 'Trip'), { recursive: true });
  await writeFile(join(source, 'a.txt'), Buffer.alloc(60_000, 3));
  await writeFile(join(source, 'b.txt'), Buffer.alloc(61_000, 4));
  await writeFile(join(source, 'Trip', 'c.jpg'), Buffer.alloc(62_000, 5));
  expect((await runCaptured(upload, [source, '--to', '/Inbox'], { dataDir: temp.dataDir })).code).toBe(0);
  expect((await runCaptured(mkdirCommand, ['/Sorted'], { dataDir: temp.dataDir })).code).toBe(0);
  expect((await runCaptured(upload, [join(source, 'b.txt'), '--to', '/Sorted'], { dataDir: temp.dataDir })).code).toBe(0);

  const refused = await runCaptured(mv, ['/Inbox/several/a.txt', '/Inbox/several/b.txt', '/Inbox/several/a.txt', '/Sorted'], { dataDir: temp.dataDir });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toBe(
    'raic mv: Nothing was moved. /Inbox/several/a.txt is chosen twice; choose it once. /Sorted already has an item named "b.txt"; rename it (or yours) first, or choose another folder.\n',
  );
  expect(await listing('/Inbox/several')).toEqual({ folders: ['Trip'], files: ['a.txt', 'b.txt'] });

  const moved = await runCaptured(mv, ['/Inbox/several/a.txt', '/Inbox/several/Trip', '/Kept/2025', '--json'], { dataDir: temp.dataDir });
  expect(moved.code).toBe(0);
  expect(JSON.parse(moved.stdout)).toEqual([
    { from: '/Inbox/several/a.txt', to: '/Kept/2025/a.txt', kind: 'file', files: 1 },
    { from: '/Inbox/several/Trip', to: '/Kept/2025/Trip', kind: 'folder', files: 1 },
  ]);
  expect(await listing('/Kept/2025')).toEqual({ folders: ['Trip'], files: ['a.txt'] });
  expect(await listing('/Inbox/several')).toEqual({ folders: [], files: ['b.txt'] });
});
