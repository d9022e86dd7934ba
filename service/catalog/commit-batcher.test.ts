import { existsSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CommitBatcher, commitBatcherFor } from './commit-batcher';
import { storeWithVersion } from './versions';
import { sampleFile } from '../test-support/catalog';
import { useFreshCatalog } from '../test-support/fresh-catalog';

const fresh = useFreshCatalog();

it('writes changes queued together in one transaction and resolves each with its own result', async () => {
  const batcher = new CommitBatcher(fresh.catalog.db, { maxDelayMs: 50 });
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => batcher.run(() => fresh.catalog.addFiles([sampleFile(`/batch/f-${i}`, i)])[0]!.path)));
  expect(results).toEqual(Array.from({ length: 20 }, (_, i) => `/batch/f-${i}`));
  expect(batcher.commitCount).toBe(1);
  expect(fresh.catalog.allFiles()).toHaveLength(20);
});

it('rolls back and rejects only the change that fails; the others commit', async () => {
  const batcher = new CommitBatcher(fresh.catalog.db, { maxDelayMs: 50 });
  const outcomes = await Promise.allSettled([
    batcher.run(() => fresh.catalog.addFiles([sampleFile('/a', 1)])),
    batcher.run(() => {
      fresh.catalog.addFiles([sampleFile('/half-done', 2)]);
      throw new Error('this change fails after writing');
    }),
    batcher.run(() => fresh.catalog.addFiles([sampleFile('/b', 3)])),
  ]);
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(fresh.catalog.allFiles().map((f) => f.path).sort()).toEqual(['/a', '/b']);
  expect(batcher.commitCount).toBe(1);
});

it('writes at once when the batch is full, and again for what comes later', async () => {
  const batcher = new CommitBatcher(fresh.catalog.db, { maxDelayMs: 60_000, maxBatch: 4 });
  await Promise.all(Array.from({ length: 4 }, (_, i) => batcher.run(() => fresh.catalog.addFiles([sampleFile(`/full/${i}`, i)]))));
  expect(batcher.commitCount).toBe(1);
  const later = batcher.run(() => fresh.catalog.addFiles([sampleFile('/later', 9)]));
  batcher.flush();
  await later;
  expect(batcher.commitCount).toBe(2);
  expect(fresh.catalog.allFiles()).toHaveLength(5);
});

it('never joins a transaction that is open when it is asked to write; it writes once that one is over', async () => {
  const batcher = new CommitBatcher(fresh.catalog.db, { maxDelayMs: 20 });
  const queued = batcher.run(() => fresh.catalog.addFiles([sampleFile('/after', 1)]));
  fresh.catalog.db.exec('BEGIN');
  batcher.flush();
  fresh.catalog.db.exec('ROLLBACK');
  await queued;
  expect(fresh.catalog.allFiles().map((f) => f.path)).toEqual(['/after']);
});

it('rejects every change of a batch it cannot write, and stores none of them', async () => {
  const batcher = new CommitBatcher(fresh.catalog.db, { maxDelayMs: 20 });
  const queued = batcher.run(() => fresh.catalog.addFiles([sampleFile('/never', 1)]));
  fresh.catalog.db.close();
  await expect(queued).rejects.toThrow();
});

it('tells callers only once the WAL it committed to is fsynced, and the fsync is off the main thread', async () => {
  const synced: string[] = [];
  let finishSync = () => {};
  const batcher = new CommitBatcher(fresh.catalog.db, {
    maxDelayMs: 5,
    syncFile: (file) => {
      synced.push(file);
      return new Promise<void>((resolve) => (finishSync = resolve));
    },
  });
  let told = false;
  const stored = batcher.run(() => fresh.catalog.addFiles([sampleFile('/durable', 1)])).then(() => (told = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  // Committed (the event loop kept running meanwhile), but nobody is told before the WAL is on disk.
  expect(fresh.catalog.getFile('/durable')).toBeDefined();
  expect(synced).toEqual([`${fresh.catalog.db.file}-wal`]);
  expect(told).toBe(false);
  finishSync();
  await stored;
  expect(told).toBe(true);
});

it('rejects the changes of a batch whose WAL could not be fsynced, naming the disk', async () => {
  const batcher = new CommitBatcher(fresh.catalog.db, { maxDelayMs: 5, syncFile: () => Promise.reject(new Error('EIO: i/o error')) });
  await expect(batcher.run(() => fresh.catalog.addFiles([sampleFile('/unsure', 1)]))).rejects.toThrow(/could not be written to disk \(EIO: i\/o error\); check the disk/);
});

it('by default fsyncs the catalog\'s own WAL file, which exists beside it', async () => {
  const batcher = new CommitBatcher(fresh.catalog.db, { maxDelayMs: 5 });
  await batcher.run(() => fresh.catalog.addFiles([sampleFile('/real', 1)]));
  expect(fresh.catalog.getFile('/real')).toBeDefined();
  expect(existsSync(`${fresh.catalog.db.file}-wal`)).toBe(true);
});

it('writes a lone change at once, not after a waiting window', async () => {
  const batcher = new CommitBatcher(fresh.catalog.db);
  const stored = batcher.run(() => fresh.catalog.addFiles([sampleFile('/alone', 1)]));
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(batcher.commitCount).toBe(1);
  await stored;
});

it('while a batch is being fsynced, later changes wait and are written together as soon as it ends', async () => {
  const syncs: (() => void)[] = [];
  const batcher = new CommitBatcher(fresh.catalog.db, { syncFile: () => new Promise<void>((resolve) => syncs.push(resolve)) });
  const told: string[] = [];
  const first = batcher.run(() => fresh.catalog.addFiles([sampleFile('/first', 1)])).then(() => told.push('/first'));
  await new Promise((resolve) => setTimeout(resolve, 5));
  expect(batcher.commitCount).toBe(1);
  const later = ['/second', '/third'].map((path, i) => batcher.run(() => fresh.catalog.addFiles([sampleFile(path, i + 2)])).then(() => told.push(path)));
  await new Promise((resolve) => setTimeout(resolve, 30));
  // Nothing is written while the first batch's fsync runs, however long it takes.
  expect(batcher.commitCount).toBe(1);
  expect(fresh.catalog.getFile('/second')).toBeUndefined();
  syncs[0]!();
  await first;
  await new Promise((resolve) => setTimeout(resolve, 5));
  // The two that waited went out as one batch the moment it ended, and are told only after their own fsync.
  expect(batcher.commitCount).toBe(2);
  expect(told).toEqual(['/first']);
  syncs[1]!();
  await Promise.all(later);
  expect(told.sort()).toEqual(['/first', '/second', '/third']);
  expect(syncs).toHaveLength(2);
});

it("steps the catalog's revision once per batch of its uploads and tells listeners once; a change on its own still steps it", async () => {
  const catalog = fresh.catalog;
  const heard: number[] = [];
  catalog.onChange((revision) => heard.push(revision));
  const batcher = commitBatcherFor(catalog);
  const entries = await Promise.all(
    ['/up/a', '/up/b', '/up/c'].map((path, i) => batcher.run(() => storeWithVersion(catalog, sampleFile(path, i)).entry, { atomic: true })),
  );
  expect(heard).toEqual([1]);
  expect(catalog.revision()).toBe(1);
  // Each entry as written is the entry as read back.
  for (const entry of entries) expect(catalog.getFile(entry.path)).toEqual(entry);
  const failed = batcher.run(() => storeWithVersion(catalog, sampleFile('/up', 9)), { atomic: true });
  await expect(failed).rejects.toThrow(/is a folder/);
  expect(heard).toEqual([1]);
  catalog.createFolder('/alone');
  expect(heard).toEqual([1, 2]);
});
