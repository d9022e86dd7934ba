/**
 * The folder restore with several files in flight, over a real service and
 * its default grid (five local folders, 3-of-5): the result does not depend
 * on how many run at once, no more than asked for run at once, unreadable
 * files are listed in path order while the others restore, and a second run
 * skips every identical file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { fileByteSource, uploadFile } from '../../engine/grid';
import type { StorageServer } from '../../engine/storage/types';
import { RaicService } from '../raic-service';
import { restoreFolder, type RestoreProgress } from './restore-folder';

let root: string;
let service: RaicService;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-restore-folder-'));
  service = await RaicService.open(join(root, 'data'), { log: () => undefined });
});
afterEach(async () => {
  await service.close();
  await rm(root, { recursive: true, force: true });
});

/** 36 files in three folders (a few literal ones of ≤55 bytes), each with its own time, stored under /T. */
async function storeTree(): Promise<{ source: string; names: string[] }> {
  const source = join(root, 'source');
  const grid = await service.openGrid();
  const names: string[] = [];
  for (let i = 0; i < 36; i++) {
    const name = `${['a', 'b/c', 'b/d'][i % 3]}/f${String(i).padStart(2, '0')}.bin`;
    const file = join(source, ...name.split('/'));
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, randomBytes(i % 6 === 0 ? 30 : 2_000 + i * 700));
    const seconds = Date.UTC(2022, 0, 1) / 1000 + i * 61;
    await utimes(file, seconds, seconds);
    const bytes = await fileByteSource(file);
    const report = await uploadFile(grid.servers, bytes, { encoding: grid.encoding, convergence: grid.convergence, leaseSecret: grid.leaseSecret });
    await bytes.close();
    service.recordUpload(report, `/T/${name}`, seconds * 1000);
    names.push(name);
  }
  return { source, names: names.sort() };
}

/** Leaves 2 of a file's shares (one short of reading), whichever accounts hold them. */
async function makeUnreadable(catalogPath: string): Promise<void> {
  const si = service.catalog.getFile(catalogPath)!.storageIndex!;
  const accounts = join(root, 'data', 'local-storage');
  const kept = new Set<string>();
  for (const folder of (await readdir(accounts)).sort()) {
    const bucket = join(accounts, folder, 'shares', si.slice(0, 2), si);
    for (const name of await readdir(bucket).catch(() => [] as string[])) {
      if (!kept.has(name) && kept.size < 2) kept.add(name);
      else if (!kept.has(name)) await rm(join(bucket, name));
    }
  }
  expect(kept.size).toBe(2);
}

async function listTree(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(join(at, entry.name));
      else found.push(relative(dir, join(at, entry.name)));
    }
  };
  await walk(dir);
  return found.sort();
}

/** Storage servers that count how many share lookups (listings, or one share opened directly) are in flight at once. */
function countingServers(servers: readonly StorageServer[]): { servers: StorageServer[]; peak: () => number } {
  let inFlight = 0;
  let peak = 0;
  const wrapped = servers.map((server) =>
    new Proxy(server, {
      get(target, property, receiver) {
        if (property !== 'getBuckets' && property !== 'openShare') return Reflect.get(target, property, receiver) as unknown;
        return async (storageIndex: Uint8Array, shareNumber: number) => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          try {
            return await (property === 'getBuckets' ? target.getBuckets(storageIndex) : target.openShare!(storageIndex, shareNumber));
          } finally {
            inFlight--;
          }
        };
      },
    }),
  );
  return { servers: wrapped, peak: () => peak };
}

it('restores the same tree whether one file or eight are in flight, lists unreadable files in path order, and skips identical files on a second run', async () => {
  const { source, names } = await storeTree();
  const damaged = ['b/d/f05.bin', 'a/f33.bin'];
  for (const name of damaged) await makeUnreadable(`/T/${name}`);
  const readable = names.filter((name) => !damaged.includes(name));
  const grid = await service.openGrid();

  for (const concurrency of [8, 1]) {
    const out = join(root, `out-${concurrency}`);
    const counting = countingServers(grid.servers);
    const reports: RestoreProgress[] = [];
    const result = await restoreFolder(service.catalog, counting.servers, { folder: '/T', destination: out, concurrency, onProgress: (progress) => reports.push(progress) });
    expect(result).toMatchObject({ filesTotal: 36, restored: 34, identical: 0 });
    expect(result.failed.map((failure) => failure.path)).toEqual(['/T/a/f33.bin', '/T/b/d/f05.bin']);
    expect(await listTree(out)).toEqual(readable);
    for (const name of readable) {
      const [a, b] = [join(source, ...name.split('/')), join(out, ...name.split('/'))];
      expect((await readFile(b)).equals(await readFile(a)), name).toBe(true);
      expect(Math.round((await stat(b)).mtimeMs), name).toBe(Math.round((await stat(a)).mtimeMs));
    }
    // Every server is asked once per file in flight: eight files at once means up to eight lookups on each of the five.
    if (concurrency === 1) expect(counting.peak()).toBeLessThanOrEqual(5);
    else {
      expect(counting.peak()).toBeGreaterThan(5);
      expect(counting.peak()).toBeLessThanOrEqual(5 * concurrency);
    }
    // Progress in files only grows, and ends with every file accounted for.
    const filesDone = reports.map((report) => report.filesDone);
    expect(filesDone).toEqual([...filesDone].sort((a, b) => a - b));
    expect(reports.at(-1)).toMatchObject({ filesDone: 36, filesTotal: 36, current: null });
  }

  const again = await restoreFolder(service.catalog, grid.servers, { folder: '/T', destination: join(root, 'out-8') });
  expect(again).toMatchObject({ restored: 0, identical: 34 });
  expect(again.failed.map((failure) => failure.path)).toEqual(['/T/a/f33.bin', '/T/b/d/f05.bin']);
});
