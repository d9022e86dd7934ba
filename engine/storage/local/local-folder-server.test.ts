import { mkdtemp, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AllocateRequest } from '../types';
import { base32Encode } from '../../chk/base32';
import { LocalFolderStorageServer } from './local-folder-server';
import { filesUnder } from '../../test-support/files';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-local-server-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function request(storageIndex: Uint8Array, shareNumbers: number[], allocatedSize: number): AllocateRequest {
  return {
    storageIndex,
    renewSecret: new Uint8Array(32).fill(1),
    cancelSecret: new Uint8Array(32).fill(2),
    uploadSecret: new Uint8Array(32).fill(3),
    shareNumbers,
    allocatedSize,
  };
}


describe('LocalFolderStorageServer', () => {
  it('keeps a share invisible until close, then stores it in the Tahoe-LAFS layout', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    const { alreadyHave, allocated } = await server.allocateBuckets(request(si, [0, 3], 10));
    expect(alreadyHave).toEqual([]);
    expect([...allocated.keys()]).toEqual([0, 3]);
    const writer = allocated.get(3)!;
    await writer.write(5, new Uint8Array([5, 6, 7, 8, 9]));
    await writer.write(0, new Uint8Array([0, 1, 2, 3, 4]));
    expect((await server.getBuckets(si)).size).toBe(0);
    await writer.close();
    const buckets = await server.getBuckets(si);
    expect([...buckets.keys()]).toEqual([3]);
    const reader = buckets.get(3)!;
    expect(reader.size).toBe(10);
    expect([...(await reader.read(2, 4))]).toEqual([2, 3, 4, 5]);
    expect([...(await reader.read(8, 100))]).toEqual([8, 9]);
    expect((await reader.read(20, 5)).length).toBe(0);
    const b32 = base32Encode(si);
    expect(await filesUnder(join(root, 'shares'))).toEqual([`${b32.slice(0, 2)}/${b32}/3`]);
    // Share 0 is still being written: visible in incoming/ only.
    expect(await filesUnder(join(root, 'incoming'))).toEqual([`${b32.slice(0, 2)}/${b32}/0`]);
    await allocated.get(0)!.abort();
    expect(await filesUnder(join(root, 'incoming'))).toEqual([]);
    expect(await server.usage()).toEqual({ bytesUsed: 10, shareCount: 1 });
  });

  it('reports shares it holds and skips shares another upload is writing', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    const first = await server.allocateBuckets(request(si, [1, 2], 4));
    await first.allocated.get(1)!.write(0, new Uint8Array(4));
    await first.allocated.get(1)!.close();
    const second = await server.allocateBuckets(request(si, [1, 2, 4], 4));
    expect(second.alreadyHave).toEqual([1]);
    expect([...second.allocated.keys()]).toEqual([4]);
    await first.allocated.get(2)!.abort();
    await second.allocated.get(4)!.abort();
  });

  it('aborting discards written data and leaves nothing behind', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    const { allocated } = await server.allocateBuckets(request(si, [0], 1000));
    await allocated.get(0)!.write(0, randomBytes(1000));
    await allocated.get(0)!.abort();
    await allocated.get(0)!.abort(); // idempotent
    await expect(allocated.get(0)!.write(0, new Uint8Array(1))).rejects.toThrow(/aborted/);
    await expect(allocated.get(0)!.close()).rejects.toThrow(/aborted/);
    expect((await server.getBuckets(si)).size).toBe(0);
    expect(await filesUnder(root)).toEqual([]);
    expect(await server.usage()).toEqual({ bytesUsed: 0, shareCount: 0 });
  });

  it('refuses writes beyond the allocated size', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const { allocated } = await server.allocateBuckets(request(randomBytes(16), [0], 8));
    await expect(allocated.get(0)!.write(6, new Uint8Array(4))).rejects.toThrow(/past the allocated share size 8/);
    await expect(allocated.get(0)!.write(-1, new Uint8Array(1))).rejects.toThrow(/non-negative/);
    await allocated.get(0)!.abort();
  });

  it('enforces a size limit counting complete and incoming shares, with a clear message', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'tiny', root, sizeLimitBytes: 250 });
    const si = randomBytes(16);
    expect((await server.getVersion()).availableSpace).toBe(250);
    const first = await server.allocateBuckets(request(si, [0, 1, 2], 100));
    // Only two 100-byte shares fit in 250 bytes.
    expect([...first.allocated.keys()]).toEqual([0, 1]);
    expect((await server.getVersion()).availableSpace).toBe(50);
    await expect(server.allocateBuckets(request(randomBytes(16), [0], 100))).rejects.toThrow(
      /storage server "tiny" is full: 100 B per share requested, 50 B available/,
    );
    await first.allocated.get(0)!.write(0, new Uint8Array(100));
    await first.allocated.get(0)!.close();
    await first.allocated.get(1)!.abort();
    expect((await server.getVersion()).availableSpace).toBe(150);
    expect(await server.usage()).toEqual({ bytesUsed: 100, shareCount: 1 });
  });

  it('rejects storage indexes and share numbers that could escape the folder', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    await expect(server.allocateBuckets(request(new Uint8Array(15), [0], 1))).rejects.toThrow(/16 bytes/);
    await expect(server.getBuckets('../../etc' as unknown as Uint8Array)).rejects.toThrow(/16 bytes/);
    for (const bad of [-1, 256, 1.5, NaN, '../x' as unknown as number]) {
      await expect(server.allocateBuckets(request(si, [bad], 1))).rejects.toThrow(/share number/);
      await expect(server.adviseCorruptShare(si, bad, 'x')).rejects.toThrow(/share number/);
    }
    await expect(server.allocateBuckets({ ...request(si, [0], 1), uploadSecret: new Uint8Array(3) })).rejects.toThrow(/upload secret/);
    // Stray files in a bucket folder are not shares.
    const b32 = base32Encode(si);
    const bucket = join(root, 'shares', b32.slice(0, 2), b32);
    await mkdir(bucket, { recursive: true });
    for (const name of ['007', '300', 'x', '1.tmp']) await writeFile(join(bucket, name), 'junk');
    expect((await server.getBuckets(si)).size).toBe(0);
    expect(await filesUnder(root)).toEqual(['007', '1.tmp', '300', 'x'].map((n) => `shares/${b32.slice(0, 2)}/${b32}/${n}`));
  });

  it('records corruption advisories that can be listed', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    expect(await server.listCorruptionAdvisories()).toEqual([]);
    await server.adviseCorruptShare(si, 4, 'block hash mismatch in segment 2');
    await server.adviseCorruptShare(si, 7, 'bad UEB');
    const advisories = await server.listCorruptionAdvisories();
    expect(advisories.map((a) => [a.storageIndex, a.shareNumber, a.reason])).toEqual([
      [base32Encode(si), 4, 'block hash mismatch in segment 2'],
      [base32Encode(si), 7, 'bad UEB'],
    ]);
    expect(Date.parse(advisories[0].time)).not.toBeNaN();
  });

  it('garbage-collects stale incoming data but not live uploads or fresh leftovers', async () => {
    const si = randomBytes(16);
    const crashed = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const leftover = await crashed.allocateBuckets(request(si, [0, 1], 64));
    await leftover.allocated.get(0)!.write(0, randomBytes(64));
    // A new process over the same folder: share 0 and 1 are leftovers from the "crashed" one.
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const live = await server.allocateBuckets(request(randomBytes(16), [2], 64));
    await live.allocated.get(2)!.write(0, randomBytes(64));
    expect(await server.collectGarbage({ olderThanMs: 60_000 })).toEqual({ removedFiles: 0, removedBytes: 0 });
    const b32 = base32Encode(si);
    const old = Date.now() / 1000 - 3600;
    for (const n of [0, 1]) await utimes(join(root, 'incoming', b32.slice(0, 2), b32, String(n)), old, old);
    expect(await server.collectGarbage({ olderThanMs: 60_000 })).toEqual({ removedFiles: 2, removedBytes: 64 });
    await expect(stat(join(root, 'incoming', b32.slice(0, 2)))).rejects.toThrow();
    // The live upload (written through `server`) survives even with age 0.
    await server.collectGarbage({ olderThanMs: 0 });
    await live.allocated.get(2)!.close();
    expect((await server.usage()).shareCount).toBe(1);
  });

  it('never exposes a partial share to a concurrent reader', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    const data = randomBytes(256 * 1024);
    const { allocated } = await server.allocateBuckets(request(si, [0], data.length));
    const writer = allocated.get(0)!;
    const sizesSeen = new Set<number>();
    let done = false;
    const watcher = (async () => {
      while (!done) {
        const buckets = await server.getBuckets(si);
        sizesSeen.add(buckets.get(0)?.size ?? -1);
        await new Promise((r) => setImmediate(r));
      }
    })();
    for (let offset = 0; offset < data.length; offset += 4096) await writer.write(offset, data.subarray(offset, offset + 4096));
    await writer.close();
    done = true;
    await watcher;
    for (const size of sizesSeen) expect([-1, data.length]).toContain(size);
    const reader = (await server.getBuckets(si)).get(0)!;
    expect(Buffer.from(await reader.read(0, data.length)).equals(data)).toBe(true);
  });

  it('gives each share to only one of several concurrent allocations', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, sizeLimitBytes: 1000 });
    const si = randomBytes(16);
    const results = await Promise.all(Array.from({ length: 6 }, () => server.allocateBuckets(request(si, [0, 1, 2], 100))));
    const granted = results.flatMap((r) => [...r.allocated.keys()]).sort();
    expect(granted).toEqual([0, 1, 2]);
    // Space is reserved exactly once per granted share.
    expect((await server.getVersion()).availableSpace).toBe(700);
    await Promise.all(results.flatMap((r) => [...r.allocated.values()].map((w) => w.abort())));
    expect((await server.getVersion()).availableSpace).toBe(1000);
  });

  it('flushes in the background during long writes and still stores exact bytes', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, syncEveryBytes: 8192 });
    const si = randomBytes(16);
    const data = randomBytes(200_000);
    const writer = (await server.allocateBuckets(request(si, [7], data.length))).allocated.get(7)!;
    await Promise.all(
      Array.from({ length: Math.ceil(data.length / 5000) }, (_, i) => writer.write(i * 5000, data.subarray(i * 5000, (i + 1) * 5000))),
    );
    await writer.close();
    const reader = (await server.getBuckets(si)).get(7)!;
    expect(Buffer.from(await reader.read(0, data.length)).equals(data)).toBe(true);
  });
});
