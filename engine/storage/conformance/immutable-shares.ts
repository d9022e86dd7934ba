/** Conformance group: immutable shares (allocate, write, close, abort, read, size limits, argument checks). */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../shared/format-bytes';
import { ConflictingWriteError, type StorageServer } from '../types';
import { allocation, CHUNK, digest, sequentialPieces, writeInPieces } from './fixtures';
import type { ConformanceHarness } from './harness';

/**
 * Bytes a share of `shareBytes` takes against an empty, size-limited
 * server's limit, as its version tells: a server that stores more than the
 * share (a local folder's embedded-lease trailer) advertises a largest share
 * smaller than its available space by that much. Works through any protocol
 * that carries both figures (GBS does).
 */
async function bytesPerShare(server: StorageServer, shareBytes: number): Promise<number> {
  const version = await server.getVersion();
  return shareBytes + (version.availableSpace - version.maximumImmutableShareSize);
}

export function immutableShareTests({ open }: ConformanceHarness): void {
  describe('immutable shares', () => {
    it('allocates, reports shares already held, and skips shares another upload is writing', async () => {
      const { server } = await open();
      const si = randomBytes(16);
      const first = await server.allocateBuckets(allocation(si, [0, 3, 5], 10));
      expect(first.alreadyHave).toEqual([]);
      expect([...first.allocated.keys()]).toEqual([0, 3, 5]);
      await first.allocated.get(3)!.write(0, new Uint8Array(10).fill(3));
      await first.allocated.get(3)!.close();
      const second = await server.allocateBuckets(allocation(si, [0, 3, 7], 10, 9));
      expect(second.alreadyHave).toEqual([3]);
      // Share 0 is still being written by the first upload.
      expect([...second.allocated.keys()]).toEqual([7]);
      await Promise.all([first.allocated.get(0)!.abort(), first.allocated.get(5)!.abort(), second.allocated.get(7)!.abort()]);
      expect([...(await server.getBuckets(si)).keys()]).toEqual([3]);
    });

    it('shows a share only after close, with reads clipped at its end', async () => {
      const { server } = await open();
      const si = randomBytes(16);
      const writer = (await server.allocateBuckets(allocation(si, [2], 10))).allocated.get(2)!;
      await writer.write(5, new Uint8Array([5, 6, 7, 8, 9]));
      await writer.write(0, new Uint8Array([0, 1, 2, 3, 4]));
      expect((await server.getBuckets(si)).size).toBe(0);
      await writer.close();
      const reader = (await server.getBuckets(si)).get(2)!;
      expect(reader.size).toBe(10);
      expect([...(await reader.read(2, 4))]).toEqual([2, 3, 4, 5]);
      expect([...(await reader.read(8, 100))]).toEqual([8, 9]);
      expect((await reader.read(20, 5)).length).toBe(0);
      await expect(writer.write(0, new Uint8Array(1))).rejects.toThrow(/closed/);
    });

    it.each([
      ['one byte', 1],
      ['just under a chunk', CHUNK - 1],
      ['exactly a chunk', CHUNK],
      ['just over a chunk', CHUNK + 1],
      ['exactly three chunks', 3 * CHUNK],
      ['several chunks and a bit', 5 * CHUNK + 17],
    ])('round-trips a share of %s, however it is written', async (_name, size) => {
      const { server } = await open();
      const data = randomBytes(size);
      const header = Math.min(40, size);
      const patterns: Record<string, [number, number][]> = {
        whole: [[0, size]],
        // Pieces of 700 straddle every chunk boundary.
        straddling: sequentialPieces(size, 700),
        // The encoder's pattern: header, then blocks in order, then hash trees and the URI extension block.
        headerFirst: [[0, header], ...sequentialPieces(size - header, 300).map(([a, b]): [number, number] => [a + header, b + header])],
        // Tail first, then the rest backwards.
        backwards: sequentialPieces(size, 500).reverse(),
      };
      for (const [shareNumber, pieces] of Object.values(patterns).entries()) {
        const si = randomBytes(16);
        const writer = (await server.allocateBuckets(allocation(si, [shareNumber], size))).allocated.get(shareNumber)!;
        await writeInPieces(writer, data, pieces);
        await writer.close();
        const reader = (await server.getBuckets(si)).get(shareNumber)!;
        expect(reader.size).toBe(size);
        expect(digest(await reader.read(0, size + 10))).toBe(digest(data));
        // Ranges that cross chunk boundaries.
        for (const [offset, length] of [[CHUNK - 3, 7], [1, 2 * CHUNK], [size - 1, 5], [Math.floor(size / 2), CHUNK + 5]]) {
          const expected = data.subarray(Math.min(offset, size), Math.min(size, offset + length));
          expect(Buffer.from(await reader.read(offset, length)).equals(expected)).toBe(true);
        }
      }
    });

    it('never shows a partial share to a concurrent reader', async () => {
      const { server } = await open();
      const si = randomBytes(16);
      const data = randomBytes(6 * CHUNK + 100);
      const writer = (await server.allocateBuckets(allocation(si, [0], data.length))).allocated.get(0)!;
      const sizesSeen = new Set<number>();
      let done = false;
      const watcher = (async () => {
        while (!done) {
          const reader = (await server.getBuckets(si)).get(0);
          sizesSeen.add(reader?.size ?? -1);
          if (reader) expect(digest(await reader.read(0, reader.size))).toBe(digest(data));
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      for (const [a, b] of sequentialPieces(data.length, 256)) {
        await writer.write(a, data.subarray(a, b));
        await new Promise((resolve) => setImmediate(resolve));
      }
      await writer.close();
      await new Promise((resolve) => setTimeout(resolve, 20));
      done = true;
      await watcher;
      expect([...sizesSeen].every((size) => size === -1 || size === data.length)).toBe(true);
      expect(sizesSeen.has(data.length)).toBe(true);
    });

    it('aborting discards everything and is idempotent', async () => {
      const { server } = await open();
      const si = randomBytes(16);
      const writer = (await server.allocateBuckets(allocation(si, [0], 3 * CHUNK))).allocated.get(0)!;
      await writer.write(0, randomBytes(3 * CHUNK));
      await writer.abort();
      await writer.abort();
      await expect(writer.write(0, new Uint8Array(1))).rejects.toThrow(/aborted/);
      await expect(writer.close()).rejects.toThrow(/aborted/);
      expect((await server.getBuckets(si)).size).toBe(0);
      // The share number is free again.
      const again = await server.allocateBuckets(allocation(si, [0], 5));
      expect([...again.allocated.keys()]).toEqual([0]);
      // Aborted too, so no open file is left for the garbage collector to close.
      await again.allocated.get(0)!.abort();
    });

    it('refuses writes past the allocated size and bad offsets', async () => {
      const { server } = await open();
      const writer = (await server.allocateBuckets(allocation(randomBytes(16), [0], 8))).allocated.get(0)!;
      await expect(writer.write(6, new Uint8Array(4))).rejects.toThrow(/past the allocated share size 8/);
      await expect(writer.write(-1, new Uint8Array(1))).rejects.toThrow(/non-negative/);
      await writer.write(0, new Uint8Array(8));
      await writer.abort();
    });

    it('accepts identical rewrites and refuses conflicting ones', async () => {
      const { server } = await open();
      const si = randomBytes(16);
      const data = randomBytes(3 * CHUNK);
      const writer = (await server.allocateBuckets(allocation(si, [1], data.length))).allocated.get(1)!;
      await writer.write(0, data.subarray(0, 2 * CHUNK));
      // Same bytes again, across a chunk that is no longer buffered: fine.
      await writer.write(CHUNK - 10, data.subarray(CHUNK - 10, CHUNK + 500));
      const changed = Uint8Array.from(data.subarray(10, 20));
      changed[3] ^= 1;
      await expect(writer.write(10, changed)).rejects.toBeInstanceOf(ConflictingWriteError);
      await expect(writer.write(2 * CHUNK - 5, new Uint8Array(10).fill(0xee))).rejects.toThrow(/already written with different data/);
      await writer.write(2 * CHUNK, data.subarray(2 * CHUNK));
      await writer.close();
      expect(digest(await (await server.getBuckets(si)).get(1)!.read(0, data.length))).toBe(digest(data));
    });

    it('enforces its size limit, counting unfinished uploads, with a clear refusal', async () => {
      const limit = 2500;
      const { server } = await open({ nickname: 'tiny', sizeLimitBytes: limit });
      const si = randomBytes(16);
      const perShare = await bytesPerShare(server, 1000);
      expect((await server.getVersion()).availableSpace).toBe(limit);
      const first = await server.allocateBuckets(allocation(si, [0, 1, 2], 1000));
      expect([...first.allocated.keys()]).toEqual([0, 1]);
      expect((await server.getVersion()).availableSpace).toBe(limit - 2 * perShare);
      await expect(server.allocateBuckets(allocation(randomBytes(16), [0], 1000))).rejects.toThrow(
        new RegExp(`storage server "tiny".* is full: .*${formatBytes(1000)}.* requested.*, ${formatBytes(limit - 2 * perShare)} available of its ${formatBytes(limit)} limit`),
      );
      await first.allocated.get(0)!.write(0, new Uint8Array(1000));
      await first.allocated.get(0)!.close();
      await first.allocated.get(1)!.abort();
      expect((await server.getVersion()).availableSpace).toBe(limit - perShare);
    });

    it('gives each share to only one of several concurrent allocations', async () => {
      const { server } = await open({ sizeLimitBytes: 1000 });
      const si = randomBytes(16);
      const perShare = await bytesPerShare(server, 100);
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => server.allocateBuckets(allocation(si, [0, 1, 2], 100, 10 * i))));
      expect(results.flatMap((r) => [...r.allocated.keys()]).sort()).toEqual([0, 1, 2]);
      expect((await server.getVersion()).availableSpace).toBe(1000 - 3 * perShare);
      await Promise.all(results.flatMap((r) => [...r.allocated.values()].map((w) => w.abort())));
      expect((await server.getVersion()).availableSpace).toBe(1000);
    });

    it('rejects storage indexes, share numbers and secrets that are malformed', async () => {
      const { server } = await open();
      const si = randomBytes(16);
      await expect(server.allocateBuckets(allocation(new Uint8Array(15), [0], 1))).rejects.toThrow(/16 bytes/);
      await expect(server.getBuckets('../../etc' as unknown as Uint8Array)).rejects.toThrow(/16 bytes/);
      for (const bad of [-1, 256, 1.5, NaN, '../x' as unknown as number]) {
        await expect(server.allocateBuckets(allocation(si, [bad], 1))).rejects.toThrow(/share number/);
        await expect(server.adviseCorruptShare(si, bad, 'x')).rejects.toThrow(/share number/);
      }
      await expect(server.allocateBuckets({ ...allocation(si, [0], 1), uploadSecret: new Uint8Array(3) })).rejects.toThrow(/upload secret/);
      await expect(server.allocateBuckets({ ...allocation(si, [0], 1), renewSecret: new Uint8Array(31) })).rejects.toThrow(/renew secret/);
      await expect(server.allocateBuckets(allocation(si, [0], -5))).rejects.toThrow(/allocated size/);
    });
  });
}
