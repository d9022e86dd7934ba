/**
 * Space that comes back without `raic gc`, on the default grid of five local
 * folders, measured on the folders themselves: an upload cancelled midway
 * or failing after its shares were closed leaves no share of it behind, and
 * catalog backups older than the newest four are released as newer ones
 * are published.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { parseInput } from '../../shared/api';
import { readBackupState } from '../catalog-backup';
import { RaicService } from '../raic-service';
import { CATALOG_BACKUPS_KEPT, storageIndexOfCap } from './catalog-backups';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function openGrid(): Promise<{ root: string; dataDir: string; service: RaicService }> {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-gc-service-'));
  cleanups.push(() => rm(root, { recursive: true, force: true }));
  const dataDir = path.join(root, 'data');
  // No backup runs on its own during the test: the share files counted are the uploads' only.
  const service = await RaicService.open(dataDir, { log: () => undefined, backupDebounceMs: 600_000, backupMaxWaitMs: 600_000 });
  cleanups.push(() => service.close());
  return { root, dataDir, service };
}

/** Every share file (complete or still incoming) in the default grid's folders, as "folder/kind/prefix/si/number". */
async function shareFiles(dataDir: string): Promise<string[]> {
  const base = path.join(dataDir, 'local-storage');
  const found: string[] = [];
  for (const folder of await readdir(base)) {
    for (const kind of ['shares', 'incoming']) {
      const entries = await readdir(path.join(base, folder, kind), { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) if (entry.isFile()) found.push(path.relative(base, path.join(entry.parentPath, entry.name)));
    }
  }
  return found.sort();
}

/** Share files of one storage index, over all folders. */
async function sharesOf(dataDir: string, storageIndex: string): Promise<string[]> {
  return (await shareFiles(dataDir)).filter((file) => file.split(path.sep).includes(storageIndex));
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('an upload cancelled midway leaves no share of it in the folders', async () => {
  const { root, dataDir, service } = await openGrid();
  const before = await shareFiles(dataDir);
  const source = path.join(root, 'big.bin');
  await writeFile(source, randomBytes(40 * 1024 * 1024));
  const { jobs } = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/' }));
  service.startBackground({ monitor: false });
  const id = jobs[0]!.id;
  // Cancelled once a quarter is sent: share files are being written to the folders by then.
  await waitFor(() => {
    const job = service.getJob(id)!;
    return job.totalBytes && job.doneBytes > job.totalBytes / 4 ? job : undefined;
  }, 'a quarter of the upload');
  const midway = await shareFiles(dataDir);
  expect(midway.length).toBeGreaterThan(before.length);
  await service.cancelJob({ id });
  await service.jobsIdle();
  expect(service.getJob(id)!.state).toBe('cancelled');
  expect(await shareFiles(dataDir)).toEqual(before);
  await expect(service.getFile({ path: '/big.bin' })).rejects.toThrow(/There is no file \/big\.bin/);
}, 120_000);

it('an upload failing after its shares were closed gives them back', async () => {
  const { root, dataDir, service } = await openGrid();
  const before = await shareFiles(dataDir);
  const source = path.join(root, 'report.pdf');
  await writeFile(source, randomBytes(3 * 1024 * 1024));
  const { jobs } = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/Docs' }));
  // A folder takes the file's name before the job runs: every share is stored and closed, then listing it fails.
  await service.createFolder({ path: '/Docs/report.pdf' });
  service.startBackground({ monitor: false });
  await service.jobsIdle();
  const job = service.getJob(jobs[0]!.id)!;
  expect(job.state).toBe('failed');
  expect(job.error).toMatch(/report\.pdf is a folder/);
  expect(await shareFiles(dataDir)).toEqual(before);
}, 120_000);

it(`releases catalog backups older than the newest ${CATALOG_BACKUPS_KEPT}`, async () => {
  expect(CATALOG_BACKUPS_KEPT).toBe(4);
  const { dataDir, service } = await openGrid();
  const published: string[] = [];
  for (let i = 1; i <= 6; i++) {
    await service.createFolder({ path: `/Folder ${i}` });
    await service.publishCatalogNow();
    const { catalogCap } = await readBackupState(dataDir);
    published.push(storageIndexOfCap(catalogCap!)!);
  }
  expect(new Set(published).size).toBe(6);
  // The releases run beside the publishing; closing waits for them.
  await service.close();
  const counts = await Promise.all(published.map(async (si) => (await sharesOf(dataDir, si)).length));
  expect(counts.slice(0, 2)).toEqual([0, 0]);
  for (const count of counts.slice(2)) expect(count).toBe(5);
}, 120_000);
