/**
 * uploadPaths as the desktop app calls it for a drop: one call with the
 * dropped files and folders, the service walking the folders (keeping empty
 * ones when asked), and upload jobs whose progress is in file bytes.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { parseInput, type Job } from '../../shared/api';
import { RaicService } from '../raic-service';
import { planUploadSources } from './transfers';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function tempDir(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `raic-upload-paths-${name}-`));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Trip/{a.bin, day1/b.bin, empty/} and a loose c.txt, as a drop would bring them. */
async function droppedTree(): Promise<{ trip: string; loose: string; sizes: Map<string, number> }> {
  const root = await tempDir('source');
  const trip = path.join(root, 'Trip');
  await mkdir(path.join(trip, 'day1'), { recursive: true });
  await mkdir(path.join(trip, 'empty'));
  const sizes = new Map([
    ['/Inbox/Trip/a.bin', 400_001],
    ['/Inbox/Trip/day1/b.bin', 1_300_000],
    ['/Inbox/c.txt', 12],
  ]);
  await writeFile(path.join(trip, 'a.bin'), randomBytes(400_001));
  await writeFile(path.join(trip, 'day1', 'b.bin'), randomBytes(1_300_000));
  const loose = path.join(root, 'c.txt');
  await writeFile(loose, 'twelve bytes');
  return { trip, loose, sizes };
}

it('plans every file and every empty folder under the sources, with their catalog paths', async () => {
  const { trip, loose } = await droppedTree();
  const plan = await planUploadSources([trip, loose], '/Inbox');
  expect(plan.files.map((f) => [f.target, f.size])).toEqual([
    ['/Inbox/Trip/a.bin', 400_001],
    ['/Inbox/Trip/day1/b.bin', 1_300_000],
    ['/Inbox/c.txt', 12],
  ]);
  expect(plan.emptyFolders).toEqual(['/Inbox/Trip/empty']);
});

it('stores a dropped tree from one call, keeps its empty folder when asked, and reports progress in file bytes', async () => {
  const service = await RaicService.open(await tempDir('data'), { log: () => undefined, backupDebounceMs: 60_000 });
  cleanups.push(() => service.close());
  const jobEvents: Job[] = [];
  service.events.subscribe((event) => {
    if (event.type === 'job') jobEvents.push(event.job);
  });
  const { trip, loose, sizes } = await droppedTree();

  const { jobs } = await service.uploadPaths(parseInput('uploadPaths', { sources: [trip, loose], folder: '/Inbox', createEmptyFolders: true }));
  expect(jobs.map((job) => job.title).sort()).toEqual([...sizes.keys()].map((target) => `Upload ${target}`).sort());
  service.startBackground({ monitor: false });
  await service.jobsIdle();

  const listing = await service.listFiles({ folder: '/Inbox/Trip' });
  expect(listing.folders.map((f) => f.path)).toEqual(['/Inbox/Trip/day1', '/Inbox/Trip/empty']);
  for (const job of jobs) {
    const target = job.title.slice('Upload '.length);
    const size = sizes.get(target)!;
    const seen = jobEvents.filter((e) => e.id === job.id);
    expect(seen.at(-1)).toMatchObject({ state: 'done', doneBytes: size, totalBytes: size });
    expect(seen.every((e) => e.totalBytes === size && e.doneBytes <= size)).toBe(true);
  }
});

it('skips empty folders unless asked, and still refuses sources with nothing to store', async () => {
  const service = await RaicService.open(await tempDir('data'), { log: () => undefined, backupDebounceMs: 60_000 });
  cleanups.push(() => service.close());
  const empty = path.join(await tempDir('empty'), 'Nothing');
  await mkdir(empty);
  await expect(service.uploadPaths(parseInput('uploadPaths', { sources: [empty], folder: '/' }))).rejects.toThrow(/there are no files/);
  expect((await service.listFiles({ folder: '/' })).folders).toEqual([]);
  expect(await service.uploadPaths(parseInput('uploadPaths', { sources: [empty], folder: '/', createEmptyFolders: true }))).toEqual({ jobs: [] });
  expect((await service.listFiles({ folder: '/' })).folders.map((f) => f.path)).toEqual(['/Nothing']);
});
