import { mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { pbkdf2, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileChangedError } from './errors';
import { fileByteSource } from './byte-sources';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raic-byte-sources-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fileByteSource', () => {
  it('gives the modification time the file had when it was opened, small or large', async () => {
    for (const [name, size] of [['small.bin', 1000], ['large.bin', 300 << 10]] as const) {
      const path = join(dir, name);
      await writeFile(path, randomBytes(size));
      await utimes(path, new Date('2020-01-02T03:04:05Z'), new Date('2021-06-07T08:09:10.5Z'));
      const source = await fileByteSource(path);
      expect(source.modifiedAtMs).toBe((await stat(path)).mtimeMs);
      expect(source.modifiedAtMs).toBe(Date.parse('2021-06-07T08:09:10.5Z'));
      await source.close();
    }
  });

  it('reads a small file once: both passes get the bytes of that one read, as copies the caller owns', async () => {
    const path = join(dir, 'small.bin');
    const original = randomBytes(100_000);
    await writeFile(path, original);
    const source = await fileByteSource(path);
    try {
      const first = await source.read(0, 60_000);
      expect(Buffer.from(first).equals(original.subarray(0, 60_000))).toBe(true);
      // Rewritten on disk between the passes: the second pass still sees what the first one read.
      await writeFile(path, randomBytes(100_000));
      first.fill(0); // the caller's copy, not the source's
      const again = await source.read(0, 100_000);
      expect(Buffer.from(again).equals(original)).toBe(true);
      const into = new Uint8Array(10);
      await source.readInto!(99_990, into);
      expect(Buffer.from(into).equals(original.subarray(99_990))).toBe(true);
      await expect(source.read(99_999, 2)).rejects.toThrow(/outside the 100000-byte file/);
      // The change is still caught at the end (the modification time moved).
      await expect(source.checkUnchanged()).rejects.toBeInstanceOf(FileChangedError);
    } finally {
      await source.close();
    }
    await expect(source.read(0, 1)).rejects.toThrow(/already closed/);
  });

  it('lends views of the one whole read of a small file, the same memory each time, until it is closed', async () => {
    const path = join(dir, 'small.bin');
    const original = randomBytes(100_000);
    await writeFile(path, original);
    const source = await fileByteSource(path);
    expect(source.view).toBeDefined();
    try {
      const [a, b] = await Promise.all([source.view!(0, 100_000), source.view!(40_000, 10)]);
      expect(Buffer.from(a).equals(original)).toBe(true);
      expect(Buffer.from(b).equals(original.subarray(40_000, 40_010))).toBe(true);
      expect(b.buffer).toBe(a.buffer); // no copy per call
      await expect(source.view!(99_999, 2)).rejects.toThrow(/outside the 100000-byte file/);
      await source.checkUnchanged();
    } finally {
      await source.close();
    }
    await expect(source.view!(0, 1)).rejects.toThrow(/already closed/);
  });

  it('has no view of a larger file (read by range), and closes only once its reads are done', async () => {
    const path = join(dir, 'large.bin');
    const original = randomBytes(2 << 20);
    await writeFile(path, original);
    const source = await fileByteSource(path);
    expect(source.view).toBeUndefined();
    const target = new Uint8Array(1 << 20);
    const reading = source.readInto!(1 << 20, target);
    await source.close(); // with the read still running: the descriptor must stay open until it is done
    await reading;
    expect(Buffer.from(target).equals(original.subarray(1 << 20))).toBe(true);
  });

  it('keeps the descriptor open for reads asked for before close, even when they reach the disk after it', async () => {
    const path = join(dir, 'queued.bin');
    const original = randomBytes(2 << 20);
    await writeFile(path, original);
    const source = await fileByteSource(path);
    // Every thread-pool thread busy: the reads below wait in the pool's queue while close() runs.
    const busy = Array.from({ length: 8 }, () => new Promise((resolve) => pbkdf2('x', 'salt', 300_000, 32, 'sha256', resolve)));
    const target = new Uint8Array(1 << 20);
    const reads = [source.readInto!(0, target), source.read(1 << 20, 1 << 20)];
    await source.close();
    await Promise.all(busy);
    const [, second] = await Promise.all(reads);
    expect(Buffer.from(target).equals(original.subarray(0, 1 << 20))).toBe(true);
    expect(Buffer.from(second as Uint8Array).equals(original.subarray(1 << 20))).toBe(true);
    await expect(source.read(0, 10)).rejects.toThrow(/already closed/);
  });

  it('says which file is missing, and refuses a folder', async () => {
    await expect(fileByteSource(join(dir, 'nothing-here'))).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(fileByteSource(dir)).rejects.toThrow(/is not a regular file/);
  });

  it('reads a larger file by range, each read from the disk', async () => {
    const path = join(dir, 'large.bin');
    await writeFile(path, randomBytes(400_000));
    const source = await fileByteSource(path);
    try {
      await source.read(0, 100_000);
      const replaced = randomBytes(400_000);
      await writeFile(path, replaced);
      expect(Buffer.from(await source.read(300_000, 100_000)).equals(replaced.subarray(300_000))).toBe(true);
    } finally {
      await source.close();
    }
  });
});
