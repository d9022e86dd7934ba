import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../backends/local';
import type { BlobBody, Capacity } from '../../backends/types';
import { base32Encode } from '../../chk/base32';
import { BlobStorageServer, type BlobStorageServerOptions } from './blob-server';
import { MemoryBudget } from './buffer-gauge';
import { allocation, secretsFor } from '../conformance/fixtures';

const DAY = 24 * 60 * 60 * 1000;
const MiB = 1024 * 1024;

let root: string;
let store: LocalBlobStore;
let clock: number;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-blob-server-'));
  store = new LocalBlobStore({ root });
  clock = Date.UTC(2026, 0, 1);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/**
 * Most tests look at the store right after a write returns, so by default a chunk is stored before the
 * next one fills (no send-ahead memory); the send-ahead tests give a budget.
 */
function makeServer(options: Partial<BlobStorageServerOptions> = {}): BlobStorageServer {
  return new BlobStorageServer({ serverId: 's1', nickname: 'one', store, now: () => clock, sendAheadBudget: new MemoryBudget(0), ...options });
}

async function objects(prefix = ''): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for await (const info of store.list(prefix)) out[info.key] = info.size;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

async function storeShare(server: BlobStorageServer, si: Uint8Array, shareNumber: number, data: Uint8Array, seed = 1): Promise<void> {
  const writer = (await server.allocateBuckets(allocation(si, [shareNumber], data.length, seed))).allocated.get(shareNumber)!;
  await writer.write(0, data);
  await writer.close();
}

const slotSecrets = { writeEnabler: new Uint8Array(32).fill(7), ...secretsFor(20) };

describe('BlobStorageServer object layout', () => {
  it('stores shares as raic.rst chunk objects that appear when chunk 0 lands', async () => {
    // No memory for keeping chunk 0 until the commit: it is staged (the path every upload takes once the budget is spent).
    const server = makeServer({ chunkSize: 1000, firstChunkMemoryBytes: 0 });
    const si = randomBytes(16);
    const b32 = base32Encode(si);
    const bucket = `${b32.slice(0, 2)}/${b32}`;
    const data = randomBytes(3500);
    const writer = (await server.allocateBuckets(allocation(si, [4], data.length))).allocated.get(4)!;
    await writer.write(0, data.subarray(0, 2500));
    // Chunk 0 waits under incoming/; later chunks already have their final names but no reader looks without chunk 0.
    expect(Object.keys(await objects())).toEqual([`incoming/${bucket}/4`, `incoming/${bucket}/4.0`, `shares/${bucket}/4.1`]);
    expect((await server.getBuckets(si)).size).toBe(0);
    await writer.write(2500, data.subarray(2500));
    await writer.close();
    expect(await objects()).toMatchObject({
      [`shares/${bucket}/4`]: 1000,
      [`shares/${bucket}/4.1`]: 1000,
      [`shares/${bucket}/4.2`]: 1000,
      [`shares/${bucket}/4.3`]: 500,
    });
    expect(Object.keys(await objects('incoming/'))).toEqual([]);
    const reader = (await server.getBuckets(si)).get(4)!;
    expect(Buffer.from(await reader.read(0, 4000)).equals(data)).toBe(true);

    // A share that fits in one chunk is stored once, straight under its final name.
    const small = randomBytes(999);
    await storeShare(server, si, 5, small);
    expect((await objects(`shares/${bucket}/5`))[`shares/${bucket}/5`]).toBe(999);
  });

  it('keeps chunk 0 in memory until the commit while the budget allows, so it is stored once', async () => {
    const server = makeServer({ chunkSize: 1000, firstChunkMemoryBytes: 1000 });
    const [si, second] = [randomBytes(16), randomBytes(16)];
    const b32 = base32Encode(si);
    const bucket = `${b32.slice(0, 2)}/${b32}`;
    const data = randomBytes(3500);
    const writer = (await server.allocateBuckets(allocation(si, [4], data.length))).allocated.get(4)!;
    await writer.write(0, data.subarray(0, 2500));
    // Nothing staged: only the marker and chunk 1 under its final name.
    expect(Object.keys(await objects())).toEqual([`incoming/${bucket}/4`, `shares/${bucket}/4.1`]);
    expect(server.bufferedBytes).toBe(2000);
    // A second upload at the same time finds the budget spent and stages its chunk 0.
    const other = (await server.allocateBuckets(allocation(second, [0], 1500))).allocated.get(0)!;
    await other.write(0, randomBytes(1500));
    const b32b = base32Encode(second);
    expect(Object.keys(await objects('incoming/'))).toContain(`incoming/${b32b.slice(0, 2)}/${b32b}/0.0`);
    // A rewrite of bytes in the kept chunk 0 is checked against memory.
    await writer.write(10, data.subarray(10, 20));
    await expect(writer.write(10, new Uint8Array(10))).rejects.toThrow(/already written with different data/);
    await writer.write(2500, data.subarray(2500));
    await writer.close();
    await other.close();
    expect(Object.keys(await objects('incoming/'))).toEqual([]);
    expect(Buffer.from(await (await server.getBuckets(si)).get(4)!.read(0, 3500)).equals(data)).toBe(true);
    expect(server.bufferedBytes).toBe(0);
  });

  it('ignores stray objects and leftover chunks in share buckets', async () => {
    const server = makeServer({ chunkSize: 100 });
    const si = randomBytes(16);
    const b32 = base32Encode(si);
    const bucket = `shares/${b32.slice(0, 2)}/${b32}`;
    for (const name of ['007', '300', 'x', '1.tmp', '2.1']) await store.put(`${bucket}/${name}`, new Uint8Array(5));
    expect((await server.getBuckets(si)).size).toBe(0);
    const data = randomBytes(250);
    await storeShare(server, si, 1, data);
    // A chunk past the end (left by an interrupted, longer attempt) does not count.
    await store.put(`${bucket}/1.5`, new Uint8Array(100));
    const reader = (await server.getBuckets(si)).get(1)!;
    expect(reader.size).toBe(250);
    expect(Buffer.from(await reader.read(0, 1000)).equals(data)).toBe(true);
    // A missing middle chunk is damage, reported as such.
    await store.delete(`${bucket}/1.1`);
    const damaged = (await server.getBuckets(si)).get(1)!;
    expect(damaged.size).toBe(100);
    await expect(((await server.getBuckets(si)).get(1)!).read(0, 100)).resolves.toHaveLength(100);
    await expect(reader.read(0, 250)).rejects.toThrow(/chunk 1 is missing/);
  });

  it.each([
    { chunks: 2, firstChunkMemoryBytes: undefined, sendAheadBytes: 0 },
    { chunks: 1, firstChunkMemoryBytes: 0, sendAheadBytes: 0 },
    { chunks: 3, firstChunkMemoryBytes: undefined, sendAheadBytes: 8 * MiB },
    { chunks: 3, firstChunkMemoryBytes: undefined, sendAheadBytes: 64 * MiB },
  ])('holds at most $chunks chunk(s) in memory while writing a 100 MB share in 1 MiB blocks (chunk 0 budget $firstChunkMemoryBytes, send-ahead $sendAheadBytes)', async ({ chunks, firstChunkMemoryBytes, sendAheadBytes }) => {
    const sendAheadBudget = new MemoryBudget(sendAheadBytes);
    const server = makeServer({ chunkSize: 8 * MiB, firstChunkMemoryBytes, sendAheadBudget });
    const si = randomBytes(16);
    const size = 100 * 1000 * 1000;
    const writer = (await server.allocateBuckets(allocation(si, [0], size))).allocated.get(0)!;
    const block = new Uint8Array(MiB);
    const written = createHash('sha256');
    for (let offset = 0, n = 0; offset < size; offset += MiB, n++) {
      block.fill(n & 0xff);
      block[0] = n >> 8;
      const piece = block.subarray(0, Math.min(MiB, size - offset));
      written.update(piece);
      await writer.write(offset, piece);
      expect(server.bufferedBytes).toBeLessThanOrEqual(chunks * 8 * MiB);
    }
    await writer.close();
    expect(server.peakBufferedBytes).toBe(chunks * 8 * MiB);
    expect(server.bufferedBytes).toBe(0);
    expect(sendAheadBudget.usedBytes).toBe(0);
    const reader = (await server.getBuckets(si)).get(0)!;
    expect(reader.size).toBe(size);
    const read = createHash('sha256');
    for (let offset = 0; offset < size; offset += 7 * MiB) read.update(await reader.read(offset, 7 * MiB));
    expect(read.digest('hex')).toBe(written.digest('hex'));
    expect(Object.keys(await objects('shares/'))).toHaveLength(Math.ceil(size / (8 * MiB)));
  });
});

describe('BlobStorageServer allocation retries', () => {
  it('answers a repeated allocation as Tahoe-LAFS does: shares still being written are neither allocated again nor already held', async () => {
    const server = makeServer({ sizeLimitBytes: 1000 });
    const si = randomBytes(16);
    const first = await server.allocateBuckets(allocation(si, [0, 1], 100, 1));
    // The same upload secret gets nothing new for shares in progress, and only the new share number.
    const retry = await server.allocateBuckets(allocation(si, [0, 1, 2], 100, 1));
    expect(retry.alreadyHave).toEqual([]);
    expect([...retry.allocated.keys()]).toEqual([2]);
    // Space is reserved once per share, however often it is asked for.
    expect((await server.getVersion()).availableSpace).toBe(700);
    // Another client (another upload secret) gets the same answer.
    const other = await server.allocateBuckets(allocation(si, [0, 1, 2], 100, 50));
    expect(other.allocated.size).toBe(0);
    await Promise.all([...first.allocated.values(), ...retry.allocated.values()].map((w) => w.abort()));
    expect((await server.getVersion()).availableSpace).toBe(1000);
  });
});

describe('BlobStorageServer when the store fails', () => {
  /** A real local store that refuses puts whose key matches, like a link dropping at the wrong moment. */
  class FlakyStore extends LocalBlobStore {
    failing: RegExp | undefined;
    override async put(key: string, body: BlobBody): Promise<void> {
      if (this.failing?.test(key)) throw new Error(`connection dropped while storing ${key}`);
      return super.put(key, body);
    }
  }

  it('leaves no share and no leftovers when the commit put fails, and frees the share number', async () => {
    const flaky = new FlakyStore({ root });
    store = flaky;
    const server = makeServer({ chunkSize: 100 });
    const si = randomBytes(16);
    const writer = (await server.allocateBuckets(allocation(si, [0], 350))).allocated.get(0)!;
    await writer.write(0, randomBytes(350));
    flaky.failing = /^shares\/.*\/0$/;
    await expect(writer.close()).rejects.toThrow(/connection dropped/);
    expect((await server.getBuckets(si)).size).toBe(0);
    expect(await objects()).toEqual({});
    flaky.failing = undefined;
    await storeShare(server, si, 0, randomBytes(350));
    expect((await server.getBuckets(si)).get(0)!.size).toBe(350);
  });

  it('stores no chunk before its incoming/ marker has landed, and fails the write when the marker cannot be stored', async () => {
    const flaky = new FlakyStore({ root });
    store = flaky;
    const server = makeServer({ chunkSize: 100 });
    const si = randomBytes(16);
    flaky.failing = /^incoming\//;
    // The allocation does not wait for the marker; the first chunk stored does.
    const writer = (await server.allocateBuckets(allocation(si, [0], 350))).allocated.get(0)!;
    await writer.write(0, randomBytes(150));
    await expect(writer.write(150, randomBytes(100))).rejects.toThrow(/connection dropped while storing incoming/);
    await writer.abort();
    expect(await objects()).toEqual({});
    expect(server.bufferedBytes).toBe(0);
  });

  it('lets the uploader abort cleanly after a chunk fails to store', async () => {
    const flaky = new FlakyStore({ root });
    store = flaky;
    const server = makeServer({ chunkSize: 100 });
    const si = randomBytes(16);
    const writer = (await server.allocateBuckets(allocation(si, [0], 500))).allocated.get(0)!;
    await writer.write(0, randomBytes(150));
    flaky.failing = /\.2$/;
    await writer.write(150, randomBytes(100));
    await expect(writer.write(250, randomBytes(100))).rejects.toThrow(/connection dropped/);
    await writer.abort();
    expect(await objects()).toEqual({});
    expect(server.bufferedBytes).toBe(0);
  });
});

describe('BlobStorageServer leases and garbage collection', () => {
  it('adds leases at upload, renews them, and collects shares whose leases all expired', async () => {
    const server = makeServer({ chunkSize: 100 });
    const [old, kept, mutable] = [randomBytes(16), randomBytes(16), randomBytes(16)];
    await storeShare(server, old, 0, randomBytes(250));
    await storeShare(server, kept, 0, randomBytes(250));
    await storeShare(server, kept, 1, randomBytes(250));
    await server.slotTestvAndReadvAndWritev(mutable, slotSecrets, new Map([[0, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(10) }] }]]), []);
    const start = clock;
    expect(await server.leaseExpirations(old)).toEqual(new Map([[0, [start + 31 * DAY]]]));

    clock = start + 20 * DAY;
    await server.renewLease(kept, secretsFor(1).renewSecret);
    // Allocating again with other secrets adds the second client's lease to the shares already held.
    const again = await server.allocateBuckets(allocation(kept, [0, 1], 250, 40));
    expect(again.alreadyHave).toEqual([0, 1]);
    expect((await server.leaseExpirations(kept)).get(0)).toEqual([start + 51 * DAY, start + 51 * DAY]);
    expect((await server.stats()).leaseCount).toBe(6);

    // A live upload whose lease would be long gone is never touched.
    const live = randomBytes(16);
    const liveWriter = (await server.allocateBuckets(allocation(live, [3], 300))).allocated.get(3)!;
    await liveWriter.write(0, randomBytes(150));

    clock = start + 31 * DAY - 1;
    expect((await server.collectGarbage()).expiredShares).toBe(0);
    clock = start + 32 * DAY;
    const result = await server.collectGarbage({ incomingOlderThanMs: 60_000 });
    expect(result.expiredShares).toBe(2);
    expect((await server.getBuckets(old)).size).toBe(0);
    expect(await server.listMutableShares(mutable)).toEqual([]);
    expect([...(await server.getBuckets(kept)).keys()]).toEqual([0, 1]);
    expect(await server.leaseExpirations(old)).toEqual(new Map());
    await expect(server.renewLease(old, secretsFor(1).renewSecret)).rejects.toThrow('no lease with that renew secret');

    await liveWriter.write(150, randomBytes(150));
    await liveWriter.close();
    expect((await server.getBuckets(live)).get(3)!.size).toBe(300);
    expect((await server.leaseExpirations(live)).get(3)).toEqual([start + 63 * DAY]);

    clock = start + 52 * DAY;
    expect((await server.collectGarbage()).expiredShares).toBe(2);
    expect((await server.getBuckets(kept)).size).toBe(0);
    expect(Object.keys(await objects('leases/'))).toHaveLength(1);
  });

  it('records every lease when many shares of one file commit at once', async () => {
    const server = makeServer({ chunkSize: 100 });
    const si = randomBytes(16);
    const { allocated } = await server.allocateBuckets(allocation(si, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 250));
    await Promise.all(
      [...allocated.values()].map(async (writer) => {
        await writer.write(0, randomBytes(250));
        await writer.close();
      }),
    );
    const leases = await server.leaseExpirations(si);
    expect([...leases.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect([...(await server.getBuckets(si)).keys()]).toHaveLength(10);
  });

  it('keeps mutable slots whose lease was added later, and shares with no lease record at all', async () => {
    const server = makeServer();
    const [slot, unleased] = [randomBytes(16), randomBytes(16)];
    await server.slotTestvAndReadvAndWritev(slot, slotSecrets, new Map([[1, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(10) }] }]]), []);
    await storeShare(server, unleased, 0, randomBytes(10));
    const b32 = base32Encode(unleased);
    await store.delete(`leases/${b32.slice(0, 2)}/${b32}`);
    const start = clock;
    clock = start + 30 * DAY;
    const other = secretsFor(60);
    await server.addLease(slot, other.renewSecret, other.cancelSecret);
    clock = start + 40 * DAY;
    expect((await server.collectGarbage()).expiredShares).toBe(0);
    expect(await server.listMutableShares(slot)).toEqual([1]);
    expect((await server.getBuckets(unleased)).size).toBe(1);
    clock = start + 62 * DAY;
    expect((await server.collectGarbage()).expiredShares).toBe(1);
    expect(await server.listMutableShares(slot)).toEqual([]);
    expect(Object.keys(await objects('slots/'))).toEqual([]);
  });

  it.each([
    // Markers of shares 0, 1 and 2, the staged chunk 0 and chunk 1 of share 0 (chunk 2 was still in memory).
    { firstChunkMemoryBytes: 0, removed: 5 },
    // The same without the staged chunk 0, which was kept in memory and died with the process.
    { firstChunkMemoryBytes: undefined, removed: 4 },
  ])('removes what a crashed upload left, once it is old, and keeps committed shares (chunk 0 budget $firstChunkMemoryBytes)', async ({ firstChunkMemoryBytes, removed }) => {
    const crashed = makeServer({ chunkSize: 100, firstChunkMemoryBytes });
    const si = randomBytes(16);
    const writer = (await crashed.allocateBuckets(allocation(si, [0, 1], 350))).allocated.get(0)!;
    await writer.write(0, randomBytes(250));
    // A share committed just before the crash, whose marker was never removed.
    const done = randomBytes(16);
    await storeShare(crashed, done, 2, randomBytes(120));
    const b32 = base32Encode(done);
    await store.put(`incoming/${b32.slice(0, 2)}/${b32}/2`, new TextEncoder().encode(JSON.stringify({ allocatedSize: 120, chunkSize: 100, startedAt: clock })));

    // A new process over the same store.
    const server = makeServer({ chunkSize: 100 });
    clock += 10 * 60 * 1000;
    expect(await server.collectGarbage({ incomingOlderThanMs: 60 * 60 * 1000 })).toMatchObject({ removedIncomingObjects: 0 });
    clock += 2 * 60 * 60 * 1000;
    const result = await server.collectGarbage({ incomingOlderThanMs: 60 * 60 * 1000 });
    expect(result).toMatchObject({ expiredShares: 0, removedIncomingObjects: removed });
    expect(Object.keys(await objects('incoming/'))).toEqual([]);
    expect(Object.keys(await objects('shares/')).filter((k) => k.includes(base32Encode(si)))).toEqual([]);
    expect((await server.getBuckets(done)).get(2)!.size).toBe(120);
  });
});

describe('BlobStorageServer accounting', () => {
  it('reports stats and usage over immutable and mutable shares, leases and reports', async () => {
    const server = makeServer({ chunkSize: 100 });
    const si = randomBytes(16);
    await storeShare(server, si, 0, randomBytes(250));
    await storeShare(server, si, 1, randomBytes(50));
    await server.slotTestvAndReadvAndWritev(randomBytes(16), slotSecrets, new Map([[3, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(40) }] }]]), []);
    await server.adviseCorruptShare(si, 1, 'bad block');
    await server.adviseCorruptShare(si, 9, 'a share it does not hold');
    expect(await server.stats()).toEqual({ bytesStored: 340, shareCount: 2, mutableShareCount: 1, leaseCount: 3, corruptionReports: 1 });
    expect(await server.usage()).toEqual({ bytesUsed: 340, shareCount: 3 });
    const [advisory] = await server.listCorruptionAdvisories();
    expect(advisory).toEqual({ time: new Date(clock).toISOString(), storageIndex: base32Encode(si), shareNumber: 1, shareType: 'immutable', reason: 'bad block' });
  });

  it('counts mutable writes against the size limit and the store free space in getVersion', async () => {
    class SmallDisk extends LocalBlobStore {
      override async capacity(): Promise<Capacity> {
        return { ...(await super.capacity()), freeBytes: 300 };
      }
    }
    store = new SmallDisk({ root });
    const server = makeServer({ sizeLimitBytes: 1000, nickname: 'tiny' });
    expect(await server.getVersion()).toEqual({ maximumImmutableShareSize: 300, availableSpace: 300, maximumMutableShareSize: 300 });
    const si = randomBytes(16);
    await server.slotTestvAndReadvAndWritev(si, slotSecrets, new Map([[0, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(900) }] }]]), []);
    await expect(
      server.slotTestvAndReadvAndWritev(si, slotSecrets, new Map([[0, { testVector: [], writeVector: [{ offset: 950, data: randomBytes(100) }] }]]), []),
    ).rejects.toThrow(/storage server "tiny" \(s1\) is full: a mutable write adding 150 B requested, 100 B available of its 1000 B limit/);
    // Rewriting in place needs no room.
    await server.slotTestvAndReadvAndWritev(si, slotSecrets, new Map([[0, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(900) }] }]]), []);
    expect((await server.getVersion()).availableSpace).toBe(100);
  });
});

describe('BlobStorageServer size limit over many shares', () => {
  it('counts the shares it stores without listing the store again, and sees other writers within ten minutes', async () => {
    const server = makeServer({ sizeLimitBytes: 1000 });
    const other = makeServer();
    expect((await server.getVersion()).availableSpace).toBe(1000);
    const si = randomBytes(16);
    for (const shareNumber of [0, 1]) {
      const writer = (await server.allocateBuckets(allocation(si, [shareNumber], 100))).allocated.get(shareNumber)!;
      await writer.write(0, randomBytes(100));
      await writer.close();
    }
    const theirs = (await other.allocateBuckets(allocation(randomBytes(16), [0], 300))).allocated.get(0)!;
    await theirs.write(0, randomBytes(300));
    await theirs.close();
    expect((await server.getVersion()).availableSpace).toBe(800);
    clock += 10 * 60_000;
    expect((await server.getVersion()).availableSpace).toBe(500);
  });

  it('lists the store again before refusing a share, so space freed elsewhere is used', async () => {
    const server = makeServer({ sizeLimitBytes: 250, nickname: 'tiny' });
    const other = makeServer();
    const si = randomBytes(16);
    for (const shareNumber of [0, 1]) {
      const writer = (await server.allocateBuckets(allocation(si, [shareNumber], 100))).allocated.get(shareNumber)!;
      await writer.write(0, randomBytes(100));
      await writer.close();
    }
    expect((await server.getVersion()).availableSpace).toBe(50);
    await other.releaseLease(si, secretsFor(1).cancelSecret);
    const { allocated } = await server.allocateBuckets(allocation(randomBytes(16), [0], 200));
    expect([...allocated.keys()]).toEqual([0]);
    await allocated.get(0)!.abort();
  });
});
