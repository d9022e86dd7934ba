/**
 * Headless mode's "Download folder": a folder tree uploaded through the
 * service comes back over real HTTP as one streamed ZIP archive (through a
 * one-time ticket) that Debian's unzip unpacks to the same files, bytes and
 * modification times (to the second a ZIP keeps); a file whose shares are
 * gone is left out and named in a text file inside the archive. Also the
 * desktop app's restore job, which writes the folder to a chosen path.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RaicService } from '../raic-service';
import { startHeadlessServer, type HeadlessServer } from './server';

let dir: string;
let service: RaicService;
let server: HeadlessServer;
let auth: Record<string, string>;
const source = () => path.join(dir, 'album');

const TREE: Record<string, number> = { 'a.txt': 30, 'photos/one.jpg': 250_000, 'photos/2024/two.jpg': 90_000, 'notes/empty.md': 0 };

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'raic-folder-zip-'));
  const staticDir = path.join(dir, 'ui');
  await mkdir(staticDir);
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>RAIC</title>');
  service = await RaicService.open(path.join(dir, 'data'), { log: () => undefined, backupDebounceMs: 60_000 });
  service.startBackground({ monitor: false });
  server = await startHeadlessServer({ api: service, streams: service.streamingApi(), staticDir, port: 0, log: () => {} });
  auth = { authorization: `Bearer ${server.token}` };
  let n = 0;
  for (const [name, size] of Object.entries(TREE)) {
    const file = path.join(source(), ...name.split('/'));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, randomBytes(size));
    const at = Date.UTC(2020 + n++, 2, 3, 4, 5, 6) / 1000;
    await utimes(file, at, at);
  }
  await mkdir(path.join(source(), 'nothing here'));
  await service.uploadPaths({ sources: [source()], folder: '/Backup', createEmptyFolders: true });
  await service.jobsIdle();
});
afterAll(async () => {
  await server.close();
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

async function downloadZip(folder: string): Promise<{ file: string; response: Response }> {
  const ticket = await fetch(`${server.url}api/v1/files/folder-zip-ticket`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ path: folder }) });
  expect(ticket.status).toBe(200);
  const { url } = (await ticket.json()) as { url: string };
  // No token: the one-time ticket in the URL is the credential, as for a browser navigation.
  const response = await fetch(new URL(url, server.url));
  expect(response.status).toBe(200);
  const file = path.join(dir, `download-${randomBytes(4).toString('hex')}.zip`);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  const again = await fetch(new URL(url, server.url));
  expect(again.status).toBe(404); // used once
  return { file, response };
}

async function listTree(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string) => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        found.push(`${path.relative(root, full)}/`);
        await walk(full);
      } else found.push(path.relative(root, full));
    }
  };
  await walk(root);
  return found.sort();
}

it('streams a folder as a ZIP archive that unpacks to the same tree, bytes and times', async () => {
  const { file, response } = await downloadZip('/Backup/album');
  expect(response.headers.get('content-type')).toBe('application/zip');
  expect(response.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''album.zip");
  const out = path.join(dir, 'unpacked');
  execFileSync('unzip', ['-q', file, '-d', out]);
  expect(await listTree(out)).toEqual(await listTree(source()));
  for (const name of Object.keys(TREE)) {
    const [a, b] = [path.join(source(), name), path.join(out, name)];
    expect((await readFile(b)).equals(await readFile(a)), name).toBe(true);
    expect(Math.floor((await stat(b)).mtimeMs / 1000), name).toBe(Math.floor((await stat(a)).mtimeMs / 1000));
  }
});

it('refuses a ticket for a folder that does not exist', async () => {
  const ticket = await fetch(`${server.url}api/v1/files/folder-zip-ticket`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ path: '/Nope' }) });
  expect(ticket.status).toBe(404);
  expect(((await ticket.json()) as { error: { message: string } }).error.message).toMatch(/There is no file or folder \/Nope/);
  const noToken = await fetch(`${server.url}api/v1/files/folder-zip-ticket`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: '/' }) });
  expect(noToken.status).toBe(401);
});

it('restores into a chosen folder through the restore job (the desktop app\'s Download folder)', async () => {
  const out = path.join(dir, 'desktop-restore');
  // What the transfers list is told while the job runs: files done of the total beside the bytes.
  const fileCounts: { done: number; total: number }[] = [];
  const unsubscribe = service.events.subscribe((event) => {
    if (event.type === 'job' && event.job.kind === 'restore' && event.job.files) fileCounts.push(event.job.files);
  });
  const job = await service.restoreFolder({ path: '/Backup/album', destination: out });
  expect(job).toMatchObject({ kind: 'restore', title: `Restore /Backup/album to ${out}` });
  await service.jobsIdle();
  unsubscribe();
  expect(fileCounts.length).toBeGreaterThan(0);
  for (const count of fileCounts) expect(count.total).toBe(Object.keys(TREE).length);
  expect(fileCounts.map((count) => count.done)).toEqual(fileCounts.map((count) => count.done).sort((a, b) => a - b));
  const done = service.getJob(job.id)!;
  expect(done.state).toBe('done');
  expect(done.doneBytes).toBe(Object.values(TREE).reduce((a, b) => a + b, 0));
  expect(await listTree(out)).toEqual(await listTree(source()));
  for (const name of Object.keys(TREE)) expect(Math.round((await stat(path.join(out, name))).mtimeMs)).toBe(Math.round((await stat(path.join(source(), name))).mtimeMs));
  await expect(service.restoreFolder({ path: '/Nope', destination: out })).rejects.toThrow(/There is no file or folder \/Nope/);

  // A file that differs at the destination: the job fails at once (no retry), in the app's words, and writes nothing.
  await writeFile(path.join(out, 'a.txt'), 'changed by hand');
  await rm(path.join(out, 'photos', 'one.jpg'));
  const refused = await service.restoreFolder({ path: '/Backup/album', destination: out });
  await service.jobsIdle();
  expect(service.getJob(refused.id)).toMatchObject({ state: 'failed', attempts: 1 });
  expect(service.getJob(refused.id)!.error).toBe(
    `A file at the destination differs from RAIC's copy: ${path.join(out, 'a.txt')} (15 bytes there, 30 in RAIC). Nothing was restored. Choose another folder (an empty one is safest), or move those files away and restore again.`,
  );
  await expect(stat(path.join(out, 'photos', 'one.jpg'))).rejects.toThrow();

  // The app's folder dialog: the folder arrives as a new folder of its name inside the chosen one.
  const chosen = path.join(dir, 'chosen');
  const named = await service.restoreFolder({ path: '/Backup/album', destination: chosen, intoSubfolder: true });
  expect(named.title).toBe(`Restore /Backup/album to ${path.join(chosen, 'album')}`);
  await service.jobsIdle();
  expect(service.getJob(named.id)?.state).toBe('done');
  expect(await listTree(path.join(chosen, 'album'))).toEqual(await listTree(source()));
});

it('leaves out a file whose shares are gone and names it in the archive', async () => {
  const damaged = service.catalog.getFile('/Backup/album/photos/one.jpg')!;
  const si = damaged.storageIndex!;
  const accounts = path.join(dir, 'data', 'local-storage');
  let removed = 0;
  for (const folder of (await readdir(accounts)).sort()) {
    const bucket = path.join(accounts, folder, 'shares', si.slice(0, 2), si);
    if (removed < 3 && (await stat(bucket).catch(() => undefined))) {
      await rm(bucket, { recursive: true });
      removed++;
    }
  }
  expect(removed).toBe(3);
  const { file } = await downloadZip('/Backup');
  const out = path.join(dir, 'unpacked-damaged');
  execFileSync('unzip', ['-q', file, '-d', out]);
  const names = await listTree(out);
  expect(names).toContain('album/photos/2024/two.jpg');
  expect(names).not.toContain('album/photos/one.jpg');
  const problems = await readFile(path.join(out, 'RAIC - files not restored.txt'), 'utf8');
  expect(problems).toMatch(/^1 file of \/Backup could not be read from your accounts when this archive was made:\n {2}\/Backup\/album\/photos\/one\.jpg: not in the archive \(/);
});

it('keeps the modification time a browser upload sends, so a restore gives it back', async () => {
  const at = Date.UTC(2017, 4, 5, 6, 7, 8, 901);
  const upload = await fetch(`${server.url}api/v1/files/upload?path=${encodeURIComponent('/Web/photo.jpg')}&modified=${at}`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    body: randomBytes(1000),
  });
  expect(upload.status).toBe(200);
  const junk = await fetch(`${server.url}api/v1/files/upload?path=${encodeURIComponent('/Web/other.jpg')}&modified=yesterday`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/octet-stream' },
    body: randomBytes(1000),
  });
  expect(junk.status).toBe(200);
  await service.jobsIdle();
  expect(service.catalog.getFile('/Web/photo.jpg')?.sourceModifiedAt).toBe(at);
  // Not a time: the upload's own time is kept instead.
  expect(Math.abs(service.catalog.getFile('/Web/other.jpg')!.sourceModifiedAt! - Date.now())).toBeLessThan(60_000);
});
