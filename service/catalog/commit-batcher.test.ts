import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Catalog } from './catalog';
import { CommitBatcher } from './commit-batcher';
import { sampleFile, temporaryFolder } from '../test-support/catalog';

let folder: ReturnType<typeof temporaryFolder>;
let catalog: Catalog;

beforeEach(() => {
  folder = temporaryFolder();
  catalog = Catalog.open(join(folder.path, 'catalog.sqlite'));
});
afterEach(() => {
  catalog.close();
  folder.remove();
});

it('writes changes queued together in one transaction and resolves each with its own result', async () => {
  const batcher = new CommitBatcher(catalog.db, { maxDelayMs: 50 });
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.run(() => catalog.addFiles([sampleFile(`/batch/f-${i}`, i)])[0]!.path)));
  expect(results).toEqual(Array.from({ length: 20 }, (_, i) => `/batch/f-${i}`));
  expect(batcher.commitCount).toBe(1);
  expect(catalog.allFiles()).toHaveLength(20);
});

it('rolls back and rejects only the change that fails; the others commit', async () => {
  const batcher = new CommitBatcher(catalog.db, { maxDelayMs: 50 });
  const outcomes = await Promise.allSettled([
    batcher.run(() => catalog.addFiles([sampleFile('/a', 1)])),
    batcher.run(() => {
      catalog.addFiles([sampleFile('/half-done', 2)]);
      throw new Error('this change fails after writing');
    }),
    batcher.run(() => catalog.addFiles([sampleFile('/b', 3)])),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(catalog.allFiles().map((f) => f.path).sort()).toEqual(['/a', '/b']);
  expect(batcher.commitCount).toBe(1);
});

it('writes at once when the batch is full, and again for what comes later', async () => {
  const batcher = new CommitBatcher(catalog.db, { maxDelayMs: 60_000, maxBatch: 4 });
  await Promise.all(Array.from({ length: 4 }, (_, i) => batcher.run(() => catalog.addFiles([sampleFile(`/full/${i}`, i)]))));
  expect(batcher.commitCount).toBe(1);
  const later = batcher.run(() => catalog.addFiles([sampleFile('/later', 9)]));
  batcher.flush();
  await later;
  expect(batcher.commitCount).toBe(2);
  expect(catalog.allFiles()).toHaveLength(5);
});

it('never joins a transaction that is open when it is asked to write; it writes once that one is over', async () => {
  const batcher = new CommitBatcher(catalog.db, { maxDelayMs: 20 });
  const queued = batcher.run(() => catalog.addFiles([sampleFile('/after', 1)]));
  catalog.db.exec('BEGIN');
  batcher.flush();
  catalog.db.exec('ROLLBACK');
  await queued;
  expect(catalog.allFiles().map((f) => f.path)).toEqual(['/after']);
});

it('rejects every change of a batch it cannot write, and stores none of them', async () => {
  const batcher = new CommitBatcher(catalog.db, { maxDelayMs: 20 });
  const queued = batcher.run(() => catalog.addFiles([sampleFile('/never', 1)]));
  catalog.db.close();
  await expect(queued).rejects.toThrow();
});

it('tells callers only once the WAL it committed to is fsynced, and the fsync is off the main thread', async () => {
  const synced: string[] = [];
  let finishSync = () => {};
  const batcher = new CommitBatcher(catalog.db, {
    maxDelayMs: 5,
    syncFile: (file) => {
      synced.push(file);
      return new Promise<void>((resolve) => (finishSync = resolve));
    },
  });
  let told = false;
  const stored = batcher.run(() => catalog.addFiles([sampleFile('/durable', 1)])).then(() => (told = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  // Committed (the event loop kept running meanwhile), but nobody is told before the WAL is on disk.
  expect(catalog.getFile('/durable')).toBeDefined();
  expect(synced).toEqual([`${catalog.db.file}-wal`]);
  expect(told).toBe(false);
  finishSync();
  await stored;
  expect(told).toBe(true);
});

it('rejects the changes of a batch whose WAL could not be fsynced, naming the disk', async () => {
  const batcher = new CommitBatcher(catalog.db, { maxDelayMs: 5, syncFile: () => Promise.reject(new Error('EIO: i/o error')) });
  await expect(batcher.run(() => catalog.addFiles([sampleFile('/unsure', 1)]))).rejects.toThrow(/could not be written to disk \(EIO: i\/o error\); check the disk/);
});

it('by default fsyncs the catalog\'s own WAL file, which exists beside it', async () => {
  const batcher = new CommitBatcher(catalog.db, { maxDelayMs: 5 });
  await batcher.run(() => catalog.addFiles([sampleFile('/real', 1)]));
  expect(catalog.getFile('/real')).toBeDefined();
  expect(existsSync(`${catalog.db.file}-wal`)).toBe(true);
});
