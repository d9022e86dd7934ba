/**
 * LocalBucketReader on real files: a small share is read whole once and its
 * file closed at once (later reads come from memory), a large one is read by
 * range, and shares shorter than listed or missing fail as before.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readlink, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LocalBucketReader, WHOLE_READ_MAX_BYTES } from './bucket-reader';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-bucket-reader-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Open file descriptors of this process that point at `path` (Linux's /proc). */
async function openDescriptorsOf(path: string): Promise<number> {
  let count = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    if ((await readlink(join('/proc/self/fd', fd)).catch(() => '')) === path) count++;
  }
  return count;
}

/** Lets the close that the whole read does not wait for run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

it('reads a small share whole on the first read, closes it at once, and serves every later range from that copy', async () => {
  const bytes = randomBytes(50_561);
  const path = join(root, '0');
  await writeFile(path, bytes);
  const reader = new LocalBucketReader(0, bytes.length, path);

  expect(Buffer.from(await reader.read(0, 36))).toEqual(bytes.subarray(0, 36));
  await settle();
  expect(await openDescriptorsOf(path)).toBe(0);

  // The file is gone: the ranges still come back right, so they did not touch the disk.
  await unlink(path);
  expect(Buffer.from(await reader.read(50_000, 561))).toEqual(bytes.subarray(50_000));
  expect(Buffer.from(await reader.read(100, 25_000))).toEqual(bytes.subarray(100, 25_100));
  // Clipped at the end of the share, as before.
  expect(Buffer.from(await reader.read(50_500, 1000))).toEqual(bytes.subarray(50_500));
  expect((await reader.read(bytes.length, 10)).length).toBe(0);
});

it('concurrent first reads share one whole read', async () => {
  const bytes = randomBytes(10_000);
  const path = join(root, '1');
  await writeFile(path, bytes);
  const reader = new LocalBucketReader(1, bytes.length, path);
  const parts = await Promise.all([reader.read(0, 100), reader.read(5_000, 100), reader.read(9_900, 100)]);
  expect(parts.map((part) => Buffer.from(part))).toEqual([bytes.subarray(0, 100), bytes.subarray(5_000, 5_100), bytes.subarray(9_900)]);
  // One copy for all of them: the views share their memory.
  expect(new Set(parts.map((part) => part.buffer)).size).toBe(1);
});

it('a small share shorter on disk than listed fails past its end and reads fine before it', async () => {
  const bytes = randomBytes(4_000);
  const path = join(root, '2');
  await writeFile(path, bytes);
  await truncate(path, 3_000);
  const reader = new LocalBucketReader(2, bytes.length, path);
  expect(Buffer.from(await reader.read(0, 3_000))).toEqual(bytes.subarray(0, 3_000));
  await expect(reader.read(2_900, 200)).rejects.toThrow(/share 2 ended early: read 100 of 200 bytes at offset 2900/);
});

it('a missing small share fails its read, and a later read tries the disk again', async () => {
  const bytes = randomBytes(1_000);
  const path = join(root, '3');
  const reader = new LocalBucketReader(3, bytes.length, path);
  await expect(reader.read(0, 10)).rejects.toThrow(/ENOENT/);
  await writeFile(path, bytes);
  expect(Buffer.from(await reader.read(0, 10))).toEqual(bytes.subarray(0, 10));
});

it('a share above the whole-read size is read by range, each read its own bytes', async () => {
  const bytes = randomBytes(WHOLE_READ_MAX_BYTES + 4096);
  const path = join(root, '4');
  await writeFile(path, bytes);
  const reader = new LocalBucketReader(4, bytes.length, path);
  const head = await reader.read(0, 36);
  const tail = await reader.read(bytes.length - 100, 100);
  expect(Buffer.from(head)).toEqual(bytes.subarray(0, 36));
  expect(Buffer.from(tail)).toEqual(bytes.subarray(bytes.length - 100));
  // Range reads own their memory (not views of a whole copy).
  expect(head.buffer.byteLength).toBe(36);
});

it('readInto fills the caller memory by range, clipped at the end of the share, for large and small shares', async () => {
  for (const [name, size] of [
    ['5', WHOLE_READ_MAX_BYTES + 4096],
    ['6', 20_000],
  ] as const) {
    const bytes = randomBytes(size);
    const path = join(root, name);
    await writeFile(path, bytes);
    const reader = new LocalBucketReader(5, bytes.length, path);
    const target = new Uint8Array(new SharedArrayBuffer(8192)).fill(0xee);
    expect(await reader.readInto(1000, target.subarray(0, 4096))).toBe(4096);
    expect(Buffer.from(target.subarray(0, 4096))).toEqual(bytes.subarray(1000, 5096));
    expect(target[4096]).toBe(0xee); // nothing past the view asked for
    // Past the end: only what the share holds.
    expect(await reader.readInto(size - 100, target)).toBe(100);
    expect(Buffer.from(target.subarray(0, 100))).toEqual(bytes.subarray(size - 100));
    expect(await reader.readInto(size, target)).toBe(0);
  }
});

it('readInto on a large share shorter on disk than listed says it ended early', async () => {
  const bytes = randomBytes(WHOLE_READ_MAX_BYTES + 4096);
  const path = join(root, '7');
  await writeFile(path, bytes);
  await truncate(path, WHOLE_READ_MAX_BYTES);
  const reader = new LocalBucketReader(7, bytes.length, path);
  await expect(reader.readInto(WHOLE_READ_MAX_BYTES - 10, new Uint8Array(100))).rejects.toThrow(/share 7 ended early: read 10 of 100 bytes/);
});

it('after release, reuses the copy for another share of the same size, and reads its own file again if asked', async () => {
  const first = randomBytes(20_000);
  const second = randomBytes(20_000);
  await writeFile(join(root, '1'), first);
  await writeFile(join(root, '2'), second);
  const a = new LocalBucketReader(1, first.length, join(root, '1'));
  const viewOfA = await a.read(0, first.length);
  expect(Buffer.from(viewOfA).equals(first)).toBe(true);
  a.release();
  a.release(); // twice is harmless

  // The released memory now holds the second share (the caller promised to keep no view of it).
  const b = new LocalBucketReader(2, second.length, join(root, '2'));
  const viewOfB = await b.read(0, second.length);
  expect(Buffer.from(viewOfB).equals(second)).toBe(true);
  expect(viewOfB.buffer).toBe(viewOfA.buffer);

  // A released reader still reads correctly: from its file again, into other memory than b's copy.
  expect(Buffer.from(await a.read(100, 1000)).equals(first.subarray(100, 1100))).toBe(true);
  expect(Buffer.from(await b.read(0, second.length)).equals(second)).toBe(true);
});

it('does not give back a copy whose read has not finished', async () => {
  const bytes = randomBytes(30_000);
  await writeFile(join(root, '3'), bytes);
  const reader = new LocalBucketReader(3, bytes.length, join(root, '3'));
  const reading = reader.read(0, bytes.length);
  reader.release(); // the read is still in flight: nothing is given back
  const view = await reading;
  const other = new LocalBucketReader(3, bytes.length, join(root, '3'));
  const otherView = await other.read(0, bytes.length);
  expect(otherView.buffer).not.toBe(view.buffer);
  expect(Buffer.from(view).equals(bytes)).toBe(true);
});
