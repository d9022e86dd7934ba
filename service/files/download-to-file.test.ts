import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesByteSource, downloadFile, uploadFile } from '../../engine/grid';
import { makeTestGrid, type TestGrid } from '../../engine/test-support/test-grid';
import { writeChunksAtomically } from './download-to-file';

const uploadOptions = {
  encoding: { needed: 3, happy: 5, total: 5, maxSegmentSize: 128 * 1024 },
  convergence: new Uint8Array(16).fill(3),
  leaseSecret: new Uint8Array(32).fill(4),
};

let grid: TestGrid;
let outDir: string;
beforeEach(async () => {
  grid = await makeTestGrid(5);
  outDir = join(grid.root, 'out');
  await mkdir(outDir);
});
afterEach(async () => {
  await grid.cleanup();
});

/** Passes the download's chunks on until `stopAfter` of them, then fails as a cancelled job's stream does. */
async function* cancelledAfter(chunks: AsyncIterable<Uint8Array>, stopAfter: number): AsyncGenerator<Uint8Array> {
  let count = 0;
  for await (const chunk of chunks) {
    yield chunk;
    if (++count === stopAfter) throw new Error('download cancelled');
  }
}

describe('writeChunksAtomically (write-behind)', () => {
  it('writes a multi-segment download byte for byte', async () => {
    const data = randomBytes(6 * 1024 * 1024 + 123);
    const { cap } = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
    const out = join(outDir, 'file.bin');
    await writeChunksAtomically(downloadFile(grid.servers, cap), out);
    expect((await readFile(out)).equals(data)).toBe(true);
    expect(await readdir(outDir)).toEqual(['file.bin']);
  });

  it('leaves no output file and no partial file when the download is cancelled midway', async () => {
    const data = randomBytes(3 * 1024 * 1024);
    const { cap } = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
    const out = join(outDir, 'file.bin');
    const error = await writeChunksAtomically(cancelledAfter(downloadFile(grid.servers, cap), 5), out).catch((e: unknown) => e);
    expect((error as Error).message).toBe('download cancelled');
    expect(await readdir(outDir)).toEqual([]);
  });

  it('stops at a failing write, says why, and removes the partial file', async () => {
    // A chunk that is not bytes makes the file write itself fail while earlier writes are still pending.
    async function* chunks(): AsyncGenerator<Uint8Array> {
      for (let i = 0; i < 4; i++) yield randomBytes(3 * 1024 * 1024);
      yield { length: 5 } as unknown as Uint8Array;
      for (let i = 0; i < 4; i++) yield randomBytes(1024);
    }
    const error = await writeChunksAtomically(chunks(), join(outDir, 'file.bin')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(await readdir(outDir)).toEqual([]);
  });
});
