/** The background fdatasync of big downloads (./download-to-file): same bytes, the final fsync still before the rename, a failed flush stops the file. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, readdir, readFile, rm, stat, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeChunksAtomically } from './download-to-file';

let dir: string;
let handleProto: FileHandle;
let restore: (() => void)[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'raic-flush-'));
  const probe = await open(join(dir, 'probe'), 'w');
  handleProto = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  await rm(join(dir, 'probe'));
});
afterEach(async () => {
  for (const undo of restore.reverse()) undo();
  restore = [];
  await rm(dir, { recursive: true, force: true });
});

/** Records the calls of a real FileHandle method (the real one still runs unless `replace` is given). */
function watch(method: 'datasync' | 'sync', replace?: (real: () => Promise<void>, call: number) => Promise<void>): string[] {
  const calls: string[] = [];
  const real = handleProto[method];
  (handleProto as unknown as Record<string, unknown>)[method] = function (this: FileHandle) {
    calls.push(method);
    return replace ? replace(() => real.call(this), calls.length) : real.call(this);
  };
  restore.push(() => {
    (handleProto as unknown as Record<string, unknown>)[method] = real;
  });
  return calls;
}

async function* chunksOf(data: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

describe('writeChunksAtomically: background flush', () => {
  it('flushes every flushEveryBytes while writing, then fsyncs before the rename; the bytes arrive whole', async () => {
    const data = randomBytes(6 * 1024 * 1024 + 77);
    const out = join(dir, 'big.bin');
    const order: string[] = [];
    let running = 0;
    let mostAtOnce = 0;
    watch('datasync', async (real) => {
      order.push('datasync');
      mostAtOnce = Math.max(mostAtOnce, ++running);
      try {
        await real();
      } finally {
        running--;
      }
    });
    watch('sync', async (real) => {
      // At the final fsync nothing is under the final name yet.
      order.push(`sync (out present: ${await stat(out).then(() => true, () => false)})`);
      await real();
    });
    await writeChunksAtomically(chunksOf(data, 256 * 1024), out, { flushEveryBytes: 1024 * 1024 });
    expect((await readFile(out)).equals(data)).toBe(true);
    expect(await readdir(dir)).toEqual(['big.bin']);
    // One at a time, started after each MiB written unless one still runs: between 1 and 6 of them.
    const flushes = order.filter((call) => call === 'datasync').length;
    expect(flushes).toBeGreaterThanOrEqual(1);
    expect(flushes).toBeLessThanOrEqual(6);
    expect(mostAtOnce).toBe(1);
    expect(order.at(-1)).toBe('sync (out present: false)');
  });

  it('does not flush in the background with flushEveryBytes 0, nor for a file smaller than the interval', async () => {
    const calls = watch('datasync');
    await writeChunksAtomically(chunksOf(randomBytes(3 * 1024 * 1024), 256 * 1024), join(dir, 'a.bin'), { flushEveryBytes: 0 });
    await writeChunksAtomically(chunksOf(randomBytes(3 * 1024 * 1024), 256 * 1024), join(dir, 'b.bin'));
    expect(calls).toEqual([]);
  });

  it('stops at a failed background flush, says why, and leaves no file', async () => {
    watch('datasync', async () => {
      throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
    });
    const out = join(dir, 'big.bin');
    const error = await writeChunksAtomically(chunksOf(randomBytes(8 * 1024 * 1024), 256 * 1024), out, { flushEveryBytes: 1024 * 1024 }).catch((e: unknown) => e);
    expect((error as Error).message).toBe('EIO: i/o error, fdatasync');
    expect(await readdir(dir)).toEqual([]);
  });
});
