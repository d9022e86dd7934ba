/**
 * Trash, versions and name clashes through the service's operations on the
 * default grid of local folders: uploads that replace keep a version, keep
 * both gets a free name, skip skips; one path, one upload still holds;
 * deleting goes to the trash and restoring brings it back; letting go calls
 * the release port with content nothing else references; usage shows
 * versions and the trash apart.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { parseInput } from '../../shared/api';
import { RaicService } from '../raic-service';
import { referencedStorageIndexes, type ReleasedFile } from '../catalog';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `raic-trash-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function openService(released: ReleasedFile[][]) {
  const service = await RaicService.open(await tempDir('data'), {
    log: () => undefined,
    backupDebounceMs: 60_000,
    fileRelease: { releaseFiles: async (refs) => void released.push([...refs]) },
  });
  cleanups.push(() => service.close());
  return service;
}

async function upload(service: RaicService, source: string, onClash?: 'replace' | 'keep-both' | 'skip', folder = '/Docs') {
  const result = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder, ...(onClash ? { onClash } : {}) }));
  service.startBackground({ monitor: false });
  await service.jobsIdle();
  return result;
}

it('keeps replaced content as a version, not for identical content, and restores a version', async () => {
  const released: ReleasedFile[][] = [];
  const service = await openService(released);
  const source = path.join(await tempDir('src'), 'notes.txt');
  const first = randomBytes(70_000);
  await writeFile(source, first);
  await upload(service, source);
  await writeFile(source, randomBytes(80_000));
  await upload(service, source, 'replace');
  await upload(service, source, 'replace'); // same bytes again: no new version
  const { versions } = await service.listVersions({ path: '/Docs/notes.txt' });
  expect(versions.map((v) => v.size)).toEqual([70_000]);
  expect((await service.getFile({ path: '/Docs/notes.txt' })).size).toBe(80_000);

  const usage = await service.getUsage();
  expect(usage.totals.versionFileBytes).toBe(70_000);
  expect(usage.totals.versionBytesStored).toBeGreaterThan(0);

  const restored = await service.restoreVersion({ path: '/Docs/notes.txt', versionId: versions[0]!.id });
  expect(restored.size).toBe(70_000);
  expect((await service.listVersions({ path: '/Docs/notes.txt' })).versions.map((v) => v.size)).toEqual([80_000]);
  await expect(service.restoreVersion({ path: '/Docs/notes.txt', versionId: 12345 })).rejects.toThrow(/has no version 12345/);
  expect(released).toEqual([]);
});

it('keep-both takes a free name, skip skips, and one path still takes one upload at a time', async () => {
  const service = await openService([]);
  const source = path.join(await tempDir('src'), 'photo.jpg');
  await writeFile(source, randomBytes(5_000));
  await upload(service, source);
  await writeFile(source, randomBytes(6_000));
  const kept = await upload(service, source, 'keep-both');
  expect(kept.jobs.map((j) => j.title)).toEqual(['Upload /Docs/photo (1).jpg']);
  const skipped = await upload(service, source, 'skip');
  expect(skipped).toEqual({ jobs: [], skipped: ['/Docs/photo.jpg'] });
  expect((await service.listFiles({ folder: '/Docs' })).files.map((f) => [f.name, f.size])).toEqual([
    ['photo (1).jpg', 6_000],
    ['photo.jpg', 5_000],
  ]);

  // Queued, not run: a second replace to the same path is refused (issue 15), keep-both goes beside it.
  const queued = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/Inbox' }));
  expect(queued.jobs).toHaveLength(1);
  await expect(service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/Inbox', onClash: 'replace' }))).rejects.toThrow(
    /already queued or running/,
  );
  const beside = await service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/Inbox', onClash: 'keep-both' }));
  expect(beside.jobs.map((j) => j.title)).toEqual(['Upload /Inbox/photo (1).jpg']);
  service.startBackground({ monitor: false });
  await service.jobsIdle();
});

it('deletes to the trash, restores, and releases only when the trash lets go', async () => {
  const released: ReleasedFile[][] = [];
  const service = await openService(released);
  const folder = await tempDir('src');
  const a = path.join(folder, 'a.bin');
  const same = path.join(folder, 'same.bin');
  const bytes = randomBytes(120_000);
  await writeFile(a, bytes);
  await writeFile(same, bytes); // same content: same shares (convergent encryption)
  await upload(service, a, undefined, '/Trip');
  await upload(service, same, undefined, '/Keep');
  await writeFile(a, randomBytes(90_000));
  await upload(service, a, 'replace', '/Trip');

  expect(await service.removeFile({ path: '/Trip' })).toMatchObject({ removed: 1, trashItemId: expect.any(Number) });
  await expect(service.listFiles({ folder: '/Trip' })).rejects.toThrow();
  const trash = await service.listTrash();
  expect(trash.items).toMatchObject([{ path: '/Trip', kind: 'folder', fileCount: 1, bytes: 90_000, versionCount: 1, versionBytes: 120_000 }]);
  expect(trash.items[0]!.expiresAt - trash.items[0]!.deletedAt).toBe(30 * 86_400_000);
  expect((await service.getUsage()).totals.trashFileBytes).toBe(210_000);

  expect(await service.restoreFromTrash({ path: '/Trip' })).toMatchObject({ restoredTo: '/Trip' });
  expect((await service.listFiles({ folder: '/Trip' })).files.map((f) => f.size)).toEqual([90_000]);
  expect((await service.listVersions({ path: '/Trip/a.bin' })).versions).toHaveLength(1);

  await service.removeFile({ path: '/Trip/a.bin' });
  const before = referencedStorageIndexes(service.catalog);
  expect(released).toEqual([]);
  const emptied = await service.emptyTrash({});
  // The 90 kB content goes; the 120 kB version is also /Keep/same.bin's, so it stays.
  expect(emptied).toEqual({ removed: 1, releasedFiles: 1 });
  expect(released).toHaveLength(1);
  const [gone] = released[0]!;
  expect(before).toContain(gone!.storageIndex);
  expect(referencedStorageIndexes(service.catalog)).not.toContain(gone!.storageIndex);
  expect(referencedStorageIndexes(service.catalog)).toContain((await service.catalog.getFile('/Keep/same.bin'))!.storageIndex);
  expect(gone!.placements.length).toBeGreaterThan(0);
  expect((await service.getUsage()).totals.trashBytesStored).toBe(0);
});

it('removes permanently at once, and says what to do for what is not there', async () => {
  const released: ReleasedFile[][] = [];
  const service = await openService(released);
  const source = path.join(await tempDir('src'), 'x.bin');
  await writeFile(source, randomBytes(50_000));
  await upload(service, source);
  expect(await service.removeFile({ path: '/Docs/x.bin', permanently: true })).toEqual({ removed: 1 });
  expect((await service.listTrash()).items).toEqual([]);
  expect(released.flat()).toHaveLength(1);
  await expect(service.removeFile({ path: '/Docs/x.bin' })).rejects.toThrow(/\/Docs\/x.bin is not in your files/);
  await expect(service.restoreFromTrash({ path: '/nothing' })).rejects.toThrow(/Nothing deleted from \/nothing is in the trash/);
  await writeFile(source, randomBytes(51_000));
  await upload(service, source);
  await writeFile(source, randomBytes(52_000));
  await upload(service, source, 'replace');
  expect((await service.listVersions({ path: '/Docs/x.bin' })).versions).toHaveLength(1);
  // No versions kept at all: the retention run the setting starts lets go of the one there.
  await service.setRetention({ keepVersions: 0, versionDays: 0 });
  expect((await service.listVersions({ path: '/Docs/x.bin' })).versions).toEqual([]);
  expect(released.flat()).toHaveLength(2);
  expect(await service.setRetention({ trashDays: 7 })).toEqual({ trashDays: 7, keepVersions: 0, versionDays: 0 });
  expect((await service.listTrash()).retention.trashDays).toBe(7);
});
