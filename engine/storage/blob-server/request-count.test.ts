/**
 * Backend requests a small file costs on BlobStorageServers: every BlobStore
 * call is counted by a wrapper around a real local-folder BlobStore while a
 * 100 KB file is uploaded and downloaded over five servers (3-of-5, one share
 * each). A share below the chunk size takes one put on upload and one get on
 * download; what else is counted is the allocation's listing and the lease
 * record (README: "Requests per share").
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../backends/local';
import type { BlobBody, BlobInfo, BlobRange, BlobStore } from '../../backends/types';
import { bytesByteSource, downloadToBytes, uploadFile } from '../../grid';
import { base32Decode } from '../../chk/base32';
import { BlobStorageServer } from './blob-server';

const DAY = 24 * 60 * 60 * 1000;

type Operation = 'get' | 'put' | 'delete' | 'list' | 'stat';

/** A real BlobStore with every call recorded as "operation prefix/of/key". */
class CountingBlobStore implements BlobStore {
  readonly kind: string;
  readonly calls: string[] = [];
  constructor(private readonly inner: BlobStore) {
    this.kind = inner.kind;
  }
  private record(operation: Operation, key: string): void {
    this.calls.push(`${operation} ${key.split('/')[0]}`);
  }
  get(key: string, range?: BlobRange) {
    this.record('get', key);
    return this.inner.get(key, range);
  }
  stat(key: string) {
    this.record('stat', key);
    return this.inner.stat(key);
  }
  put(key: string, body: BlobBody) {
    this.record('put', key);
    return this.inner.put(key, body);
  }
  delete(key: string) {
    this.record('delete', key);
    return this.inner.delete(key);
  }
  list(prefix: string): AsyncIterable<BlobInfo> {
    this.record('list', prefix);
    return this.inner.list(prefix);
  }
  capacity() {
    return this.inner.capacity();
  }
  testConnection() {
    return this.inner.testConnection();
  }
  close() {
    return this.inner.close();
  }
  take(): string[] {
    return this.calls.splice(0).sort();
  }
}

const encoding = { needed: 3, happy: 5, total: 5, maxSegmentSize: 128 * 1024 };
const options = { encoding, convergence: new Uint8Array(16).fill(1), leaseSecret: new Uint8Array(32).fill(2) };

let root: string;
let stores: CountingBlobStore[];
let servers: BlobStorageServer[];
let clock: number;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-blob-requests-'));
  for (let i = 0; i < 5; i++) await mkdir(join(root, `store-${i}`));
  stores = Array.from({ length: 5 }, (_, i) => new CountingBlobStore(new LocalBlobStore({ root: join(root, `store-${i}`) })));
  clock = Date.UTC(2026, 0, 1);
  servers = stores.map((store, i) => new BlobStorageServer({ serverId: `s${i}`, nickname: `store ${i}`, store, now: () => clock }));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('BlobStorageServer requests per small share', () => {
  it('uploads a 100 KB file with one put per share, and downloads it with one get per share read', async () => {
    const data = randomBytes(100_000);
    const { cap } = await uploadFile(servers, bytesByteSource(data), options);
    // Per server (one share each): the upload's "what do you hold?" listing, which the allocation
    // reuses; the lease record, written without being read since the listing showed an empty bucket; the share.
    for (const store of stores) expect(store.take()).toEqual(['list shares', 'put leases', 'put shares']);

    expect(Buffer.from(await downloadToBytes(servers, cap)).equals(data)).toBe(true);
    const perServer = stores.map((store) => store.take());
    // Every server is asked what it holds (one listing); the 3 shares read cost one get each.
    for (const calls of perServer) expect(calls.filter((call) => call !== 'get shares')).toEqual(['list shares']);
    expect(perServer.map((calls) => calls.filter((call) => call === 'get shares').length).sort()).toEqual([0, 0, 1, 1, 1]);
  });

  it('renews leases and writes nothing when every share is already stored', async () => {
    const data = randomBytes(100_000);
    await uploadFile(servers, bytesByteSource(data), options);
    for (const store of stores) store.take();
    await uploadFile(servers, bytesByteSource(data), options);
    for (const store of stores) expect(store.take()).toEqual(['get leases', 'list shares', 'put leases']);
  });

  it('keeps every lease when one server takes several shares of a brand-new storage index', async () => {
    const data = randomBytes(100_000);
    // Two servers for five shares: each holds two or three, all committed into buckets that were empty.
    const pair = servers.slice(0, 2);
    const { storageIndex } = await uploadFile(pair, bytesByteSource(data), { ...options, encoding: { ...encoding, happy: 2 } });
    // Per server: one listing, and per share a put of the lease record (never read: the bucket was empty) and the share.
    for (const store of stores.slice(0, 2)) {
      const calls = store.take();
      const shares = calls.filter((call) => call === 'put shares').length;
      expect(shares).toBeGreaterThanOrEqual(2);
      expect(calls).toEqual(['list shares', ...Array<string>(shares).fill('put leases'), ...Array<string>(shares).fill('put shares')]);
    }
    const si = base32Decode(storageIndex!);
    const counts = await Promise.all(pair.map(async (server) => [...(await server.leaseExpirations(si)).values()].length));
    expect(counts.sort()).toEqual([2, 3]);
    for (const i of pair.keys()) {
      // Read back from the store by a fresh server object: every share of the server has its lease.
      const fresh = new BlobStorageServer({ serverId: `again-${i}`, nickname: 'again', store: stores[i], now: () => clock });
      const held = [...(await fresh.getBuckets(si)).keys()];
      expect([...(await fresh.leaseExpirations(si)).keys()].sort()).toEqual(held.sort());
    }
  });

  it('stores each chunk of a multi-chunk share once: chunk 0 is kept in memory, not staged and fetched back', async () => {
    const chunked = stores.map((store, i) => new BlobStorageServer({ serverId: `c${i}`, nickname: `chunked ${i}`, store, chunkSize: 64 * 1024, now: () => clock }));
    // 3-of-5 with 128 KiB segments: each share is a little over 200 KB, four 64 KiB chunks.
    await uploadFile(chunked, bytesByteSource(randomBytes(600_000)), options);
    for (const store of stores) {
      // The listing, the incoming/ marker put and delete, the lease record, and the four chunks.
      expect(store.take()).toEqual(['delete incoming', 'list shares', 'put incoming', 'put leases', 'put shares', 'put shares', 'put shares', 'put shares']);
    }
  });

  it("reuses getBuckets' listing however late the allocation comes, until this server commits a share of the storage index", async () => {
    const si = randomBytes(16);
    const [server] = servers;
    const [store] = stores;
    const secrets = (seed: number) => ({
      renewSecret: new Uint8Array(32).fill(seed),
      cancelSecret: new Uint8Array(32).fill(seed + 1),
      uploadSecret: new Uint8Array(32).fill(seed + 2),
    });
    const write = async (allocated: Map<number, { write(offset: number, data: Uint8Array): Promise<void>; close(): Promise<void> }>) => {
      for (const writer of allocated.values()) {
        await writer.write(0, randomBytes(100));
        await writer.close();
      }
    };
    // Many uploads in flight on a slow link: the allocation comes seconds after the listing, and still uses it.
    await server.getBuckets(si);
    clock += 10_000;
    const first = await server.allocateBuckets({ storageIndex: si, shareNumbers: [0], allocatedSize: 100, ...secrets(10) });
    await write(first.allocated);
    expect(store.take()).toEqual(['list shares', 'put leases', 'put shares']);

    // A share committed by this server between the listing and the allocation: the allocation lists again and sees it.
    await server.getBuckets(si);
    const other = await server.allocateBuckets({ storageIndex: si, shareNumbers: [1], allocatedSize: 100, ...secrets(20) });
    await write(other.allocated);
    store.take();
    const again = await server.allocateBuckets({ storageIndex: si, shareNumbers: [0, 1, 2], allocatedSize: 100, ...secrets(30) });
    expect(again.alreadyHave).toEqual([0, 1]);
    await write(again.allocated);
    expect(store.take().filter((call) => call === 'list shares')).toHaveLength(1);

    // A listing nothing took for over a minute belongs to no upload any more.
    await server.getBuckets(si);
    clock += 61_000;
    const late = await server.allocateBuckets({ storageIndex: si, shareNumbers: [3], allocatedSize: 100, ...secrets(40) });
    await write(late.allocated);
    expect(store.take().filter((call) => call === 'list shares')).toHaveLength(2);
  });

  it('lists again when the bucket changed since getBuckets listed it', async () => {
    const data = randomBytes(100_000);
    const { storageIndex } = await uploadFile(servers, bytesByteSource(data), options);
    const si = base32Decode(storageIndex!);
    const [server] = servers;
    const [shareNumber] = [...(await server.getBuckets(si)).keys()];
    // Removed by this server object (an expired lease collected) after the listing was made.
    clock += 40 * DAY;
    await server.collectExpiredLeases();
    const allocation = await server.allocateBuckets({
      storageIndex: si,
      shareNumbers: [shareNumber],
      allocatedSize: 1000,
      renewSecret: new Uint8Array(32).fill(5),
      cancelSecret: new Uint8Array(32).fill(6),
      uploadSecret: new Uint8Array(32).fill(7),
    });
    expect(allocation.alreadyHave).toEqual([]);
    expect([...allocation.allocated.keys()]).toEqual([shareNumber]);
    await allocation.allocated.get(shareNumber)!.abort();
  });
});
