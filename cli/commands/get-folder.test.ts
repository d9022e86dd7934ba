/**
 * `raic get PATH OUT`: restoring catalog folders through a real service over
 * the default grid (five local folders, 3-of-5): the tree comes back byte for
 * byte with its modification times, a second run skips what is there, an
 * interrupted restore resumes, an unreadable file is listed while the others
 * restore, conflicts follow --overwrite/--skip, and a full disk stops cleanly.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { RaicService } from '../../service/raic-service';
import type { RestoreFolderResult } from '../../service/files/restore-folder';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as get } from './get';
import { run as upload } from './upload';

const temp = useTempRoot('get-folder');

/** name -> [size, mtime in ms]; sizes cross a LIT file (≤55 bytes), an empty one and several segments. */
const TREE: Record<string, [number, number]> = {
  'a.txt': [40, Date.UTC(2020, 0, 2, 3, 4, 5, 678)],
  'empty.bin': [0, Date.UTC(2019, 5, 6)],
  'photos/one.jpg': [300_000, Date.UTC(2021, 1, 3, 10, 0, 0, 123)],
  'photos/2024/two.jpg': [150_001, Date.UTC(2024, 6, 7, 8, 9, 10, 11)],
  'docs/notes/deep/c.md': [70_000, Date.UTC(2018, 11, 31, 23, 59, 59, 999)],
};

async function makeTree(root: string): Promise<void> {
  for (const [name, [size, mtime]] of Object.entries(TREE)) {
    const file = join(root, ...name.split('/'));
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, randomBytes(size));
    await utimes(file, mtime / 1000, mtime / 1000);
  }
}

async function listTree(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(dir, entry.name));
      else found.push(relative(root, join(dir, entry.name)));
    }
  };
  await walk(root);
  return found.sort();
}

/** Every file of `source` is in `restored` with the same bytes and modification time (to the ms the catalog keeps), and nothing else is. */
async function expectSameTree(source: string, restored: string): Promise<void> {
  expect(await listTree(restored)).toEqual(await listTree(source));
  for (const name of await listTree(source)) {
    const [a, b] = [join(source, name), join(restored, name)];
    expect((await readFile(b)).equals(await readFile(a)), name).toBe(true);
    expect(Math.round((await stat(b)).mtimeMs), name).toBe(Math.round((await stat(a)).mtimeMs));
  }
}

async function uploadTree(): Promise<string> {
  const source = join(temp.root, 'album');
  await makeTree(source);
  const stored = await runCaptured(upload, [source, '--to', '/Backup'], { dataDir: temp.dataDir });
  // Upload progress lines come once a second while a file is being stored, so a slow machine shows some;
  // problems are the lines the command prefixes with its name. (Expecting no output at all failed on a loaded machine.)
  expect(stored.stderr).not.toMatch(/raic upload:/);
  expect(stored.code).toBe(0);
  return source;
}

it('restores a folder tree with every byte and modification time, and a second run skips it all', async () => {
  const source = await uploadTree();
  const out = join(temp.root, 'restored');
  const first = await runCaptured(get, ['/Backup/album', out], { dataDir: temp.dataDir });
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  expect(first.stdout).toMatch(/^Restored 5 of 5 files \(.+\) into .+restored\.\n$/);
  await expectSameTree(source, out);

  const again = await runCaptured(get, ['/Backup/album', out, '--json'], { dataDir: temp.dataDir });
  expect(again.code).toBe(0);
  const summary = JSON.parse(again.stdout) as RestoreFolderResult;
  expect(summary).toMatchObject({ filesTotal: 5, restored: 0, identical: 5, failed: [] });

  // The root restores everything, under its catalog folders; a file path restores one file.
  const all = join(temp.root, 'everything');
  expect((await runCaptured(get, ['/', all], { dataDir: temp.dataDir })).code).toBe(0);
  await expectSameTree(source, join(all, 'Backup', 'album'));
  const one = join(temp.root, 'one.jpg');
  expect((await runCaptured(get, ['/Backup/album/photos/one.jpg', one], { dataDir: temp.dataDir })).code).toBe(0);
  expect((await readFile(one)).equals(await readFile(join(source, 'photos', 'one.jpg')))).toBe(true);
});

it('resumes an interrupted restore: finished files are skipped and a killed run\'s partial file is cleared', async () => {
  // More files than the restore has in flight, so the cancel leaves some undone whatever the timing.
  const bulk = join(temp.root, 'album', 'bulk');
  await mkdir(bulk, { recursive: true });
  for (let i = 0; i < 30; i++) await writeFile(join(bulk, `b${i}.bin`), randomBytes(20_000));
  const source = await uploadTree();
  const total = Object.keys(TREE).length + 30;
  const out = join(temp.root, 'restored');
  const service = await RaicService.open(temp.dataDir, { log: () => undefined });
  const controller = new AbortController();
  try {
    const interrupted = service.restoreTree({
      folder: '/Backup/album',
      destination: out,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.filesDone >= 2) controller.abort();
      },
    });
    await expect(interrupted).rejects.toThrow(/cancelled/);
  } finally {
    await service.close();
  }
  const before = await listTree(out);
  expect(before.length).toBeGreaterThanOrEqual(2);
  expect(before.length).toBeLessThan(total);
  expect(before.some((name) => name.includes('.raic-partial-'))).toBe(false);
  // What a restore killed mid-file (no chance to clean up) leaves behind.
  await mkdir(join(out, 'photos'), { recursive: true });
  await writeFile(join(out, 'photos', '.raic-partial-0123456789abcdef'), 'half a file');

  const resumed = await runCaptured(get, ['/Backup/album', out, '--json'], { dataDir: temp.dataDir });
  expect(resumed.code).toBe(0);
  const summary = JSON.parse(resumed.stdout) as RestoreFolderResult;
  expect(summary.identical).toBe(before.length);
  expect(summary.restored).toBe(total - before.length);
  await expectSameTree(source, out);
});

const cliScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'test-support', 'raic-cli.ts');

it('resumes after the restoring process is killed with SIGKILL mid-way', { timeout: 120_000 }, async () => {
  const source = join(temp.root, 'many');
  await mkdir(source);
  for (let i = 0; i < 40; i++) await writeFile(join(source, `f${String(i).padStart(2, '0')}.bin`), randomBytes(300_000));
  expect((await runCaptured(upload, [source, '--to', '/'], { dataDir: temp.dataDir })).code).toBe(0);
  const out = join(temp.root, 'restored');
  const child = spawn(process.execPath, ['--import', 'tsx', cliScript, '--data-dir', temp.dataDir, 'get', '/many', out], { stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // Killed as soon as a few files are in place: no chance to clean up.
  for (;;) {
    const names = await readdir(out).catch(() => [] as string[]);
    if (names.filter((name) => name.endsWith('.bin')).length >= 3) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  child.kill('SIGKILL');
  expect(await exited).toBe(null); // killed, not finished
  const before = (await readdir(out)).filter((name) => name.endsWith('.bin'));
  expect(before.length).toBeLessThan(40);

  const resumed = await runCaptured(get, ['/many', out, '--json'], { dataDir: temp.dataDir });
  expect(resumed.stderr).toBe('');
  expect(resumed.code).toBe(0);
  const summary = JSON.parse(resumed.stdout) as RestoreFolderResult;
  expect(summary.identical).toBe(before.length);
  expect(summary.restored).toBe(40 - before.length);
  await expectSameTree(source, out); // and no .raic-partial- file left over
});

/**
 * Removes share files of a stored file until only `keep` distinct share
 * numbers remain anywhere in the default grid's folders; returns the share
 * numbers left. Counting share files rather than account folders holds
 * however the upload placed them (a share short, or two on one account).
 */
async function leaveOnlyShares(dataDir: string, catalogPath: string, keep: number): Promise<number[]> {
  const service = await RaicService.open(dataDir, { log: () => undefined });
  const si = service.catalog.getFile(catalogPath)!.storageIndex!;
  await service.close();
  const accounts = join(dataDir, 'local-storage');
  const kept = new Set<number>();
  for (const folder of (await readdir(accounts)).sort()) {
    const bucket = join(accounts, folder, 'shares', si.slice(0, 2), si);
    for (const name of (await readdir(bucket).catch(() => [] as string[])).sort()) {
      if (!/^\d+$/.test(name)) continue;
      const share = Number(name);
      if (!kept.has(share) && kept.size < keep) kept.add(share);
      else if (!kept.has(share)) await rm(join(bucket, name));
    }
  }
  return [...kept];
}

it('lists a file whose shares are gone and still restores the others (exit 1)', async () => {
  const source = await uploadTree();
  // 3-of-5: two shares left, one short of reading.
  expect((await leaveOnlyShares(temp.dataDir, '/Backup/album/photos/one.jpg', 2)).length).toBe(2);

  const out = join(temp.root, 'restored');
  const result = await runCaptured(get, ['/Backup/album', out], { dataDir: temp.dataDir });
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/^Restored 4 of 5 files/);
  expect(result.stderr).toMatch(/^1 file could not be restored \(the others were\):\n {2}\/Backup\/album\/photos\/one\.jpg: .+\n/);
  const restored = await listTree(out);
  expect(restored).toEqual(Object.keys(TREE).filter((name) => name !== 'photos/one.jpg').sort());
  for (const name of restored) expect((await readFile(join(out, name))).equals(await readFile(join(source, name)))).toBe(true);
});

it('refuses a different file at the destination unless told --overwrite or --skip', async () => {
  const source = await uploadTree();
  const out = join(temp.root, 'restored');
  expect((await runCaptured(get, ['/Backup/album', out], { dataDir: temp.dataDir })).code).toBe(0);
  // Same bytes under another modification time: compared with the grid's copy, found identical, given its time back.
  const touched = join(out, 'photos', '2024', 'two.jpg');
  await utimes(touched, 1_000_000, 1_000_000);
  const compared = await runCaptured(get, ['/Backup/album', out, '--json'], { dataDir: temp.dataDir });
  expect(compared.code).toBe(0);
  expect(JSON.parse(compared.stdout)).toMatchObject({ restored: 0, identical: 5 });
  expect(Math.round((await stat(touched)).mtimeMs)).toBe(TREE['photos/2024/two.jpg']![1]);

  const changed = join(out, 'photos', 'one.jpg');
  await writeFile(changed, 'my own edit');
  await rm(join(out, 'a.txt'));

  const refused = await runCaptured(get, ['/Backup/album', out], { dataDir: temp.dataDir });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toBe(
    `raic get: A file at the destination differs from RAIC's copy: ${changed} (11 bytes there, 300000 in RAIC). Nothing was restored. ` +
      "Use --overwrite to replace what differs with RAIC's copies, or --skip to keep what is there and restore the rest.\n",
  );
  await expect(stat(join(out, 'a.txt'))).rejects.toThrow(); // refused before anything was written
  expect(await readFile(changed, 'utf8')).toBe('my own edit');

  const skipped = await runCaptured(get, ['/Backup/album', out, '--skip', '--json'], { dataDir: temp.dataDir });
  expect(skipped.code).toBe(0);
  expect(JSON.parse(skipped.stdout)).toMatchObject({ restored: 1, keptDifferent: 1, identical: 3 });
  expect(await readFile(changed, 'utf8')).toBe('my own edit');
  expect((await readFile(join(out, 'a.txt'))).equals(await readFile(join(source, 'a.txt')))).toBe(true);

  const overwritten = await runCaptured(get, ['/Backup/album', out, '--overwrite', '--json'], { dataDir: temp.dataDir });
  expect(overwritten.code).toBe(0);
  expect(JSON.parse(overwritten.stdout)).toMatchObject({ restored: 1, identical: 4 });
  await expectSameTree(source, out);

  const both = await runCaptured(get, ['/Backup/album', out, '--overwrite', '--skip'], { dataDir: temp.dataDir });
  expect(both.code).toBe(2);
  expect(both.stderr).toMatch(/^raic get: choose either --overwrite or --skip\n/);
  const missing = await runCaptured(get, ['/No/such', out], { dataDir: temp.dataDir });
  expect(missing.code).toBe(1);
  expect(missing.stderr).toBe('raic get: There is no file or folder /No/such in your RAIC files; check the name and its folders.\n');
});

/** A 1 MiB tmpfs, when this process may mount one (root in the test container); undefined otherwise. */
function smallDisk(at: string): (() => void) | undefined {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', at], { stdio: 'ignore' });
    return () => execFileSync('umount', [at], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
}

it('stops cleanly on a full disk: no partial file left, what fitted stays, the message says what to do', async (test) => {
  const source = join(temp.root, 'big');
  for (const name of ['1.bin', '2.bin', '3.bin', '4.bin']) {
    await mkdir(source, { recursive: true });
    await writeFile(join(source, name), randomBytes(400_000));
  }
  expect((await runCaptured(upload, [source, '--to', '/'], { dataDir: temp.dataDir })).code).toBe(0);
  const out = join(temp.root, 'small-disk');
  await mkdir(out);
  const unmount = smallDisk(out);
  if (!unmount) {
    console.warn('SKIPPED: the disk-full restore test needs to mount a small tmpfs, which this process may not do');
    test.skip();
    return;
  }
  try {
    const full = await runCaptured(get, ['/big', out], { dataDir: temp.dataDir });
    expect(full.code).toBe(1);
    // Files restore several at once, so which ones fitted depends on timing: whatever is there is whole, nothing partial is left.
    const message = /^raic get: The restore stopped at \/big\/\d\.bin: the destination disk is full\. (\d) files? (?:was|were) restored; unfinished files were removed\. Free some space/.exec(full.stderr);
    expect(message, full.stderr).not.toBe(null);
    const present = await readdir(out);
    expect(present.length).toBe(Number(message![1]));
    expect(present.length).toBeLessThan(4);
    for (const name of present) expect((await readFile(join(out, name))).equals(await readFile(join(source, name))), name).toBe(true);
  } finally {
    unmount();
  }
});
