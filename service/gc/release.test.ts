/**
 * Prompt release and the collector against both of RAIC's storage servers,
 * with the server clock under the test's control: this grid's uploads carry
 * a 31-day lease; releasing gives the space back at once unless another
 * client (here a GBS client, as a Tahoe-LAFS client would) leases the share,
 * which then stays until that lease expires; referenced and held storage
 * indexes are never touched; the orphan sweep finds and removes unleased shares.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../engine/backends/local';
import { base32Decode } from '../../engine/chk/base32';
import { bytesByteSource, uploadFile } from '../../engine/grid';
import { BlobStorageServer } from '../../engine/storage/blob-server';
import { GbsStorageServer } from '../../engine/storage/gbs/client';
import { serveStorageOverGbs } from '../../engine/storage/gbs/server';
import type { LeaseCollectingServer } from '../../engine/storage/lease-collection';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import type { StorageServer } from '../../engine/storage/types';
import { StorageIndexHolds } from './holds';
import { findOrphans, removeOrphans } from './orphans';
import { ReferenceIndex, type StorageIndexReference } from './references';
import { createReleaseFiles } from './release';

const DAY = 24 * 60 * 60 * 1000;
const LEASE_SECRET = new Uint8Array(32).fill(9);
const ENCODING = { needed: 1, happy: 1, total: 1, maxSegmentSize: 64 * 1024 };

let root: string;
let clock: number;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-gc-release-'));
  clock = Date.UTC(2026, 0, 1);
});
afterEach(() => rm(root, { recursive: true, force: true }));

const kinds: Record<string, () => Promise<StorageServer & LeaseCollectingServer>> = {
  'local-folder server': async () => new LocalFolderStorageServer({ serverId: 'folder', nickname: 'Folder', root: join(root, 'folder'), now: () => clock }),
  'blob server': async () => {
    await mkdir(join(root, 'blobs'));
    return new BlobStorageServer({ serverId: 'blob', nickname: 'Blob', store: new LocalBlobStore({ root: join(root, 'blobs') }), now: () => clock, chunkSize: 16 * 1024 });
  },
};

function grid(server: StorageServer & LeaseCollectingServer, referenced: StorageIndexReference[] = [], holds = new StorageIndexHolds()) {
  const references = new ReferenceIndex(() => [{ category: 'files', revision: () => referenced.length, list: () => referenced }]);
  return { references, holds, releaseFiles: createReleaseFiles({ servers: async () => [server], leaseSecret: async () => LEASE_SECRET, references, holds }) };
}

async function store(server: StorageServer, bytes = randomBytes(50_000)): Promise<string> {
  const report = await uploadFile([server], bytesByteSource(bytes), { encoding: ENCODING, convergence: new Uint8Array(16).fill(1), leaseSecret: LEASE_SECRET });
  return report.storageIndex!;
}

const shareCount = async (server: StorageServer, si: string) => (await server.getBuckets(base32Decode(si))).size;

describe.each(Object.keys(kinds))('%s', (kind) => {
  it("stores every share with this grid's lease, running Tahoe's 31 days", async () => {
    const server = await kinds[kind]!();
    const si = await store(server);
    const shares = await server.listStoredShares();
    expect(shares).toEqual([expect.objectContaining({ storageIndex: si, kind: 'immutable', lease: 'active', leaseExpiresAt: clock + 31 * DAY })]);
  });

  it('gives the space back at once when nothing else leases the share', async () => {
    const server = await kinds[kind]!();
    const si = await store(server);
    const report = await grid(server).releaseFiles([{ storageIndex: si }]);
    expect(report.released).toEqual([si]);
    expect(report.perAccount[0]!.removedShares).toBe(1);
    expect(report.perAccount[0]!.removedBytes).toBeGreaterThan(50_000);
    expect(await shareCount(server, si)).toBe(0);
    expect(await server.listStoredShares()).toEqual([]);
  });

  it('keeps a share another client leases (over GBS) until that lease expires', async () => {
    const server = await kinds[kind]!();
    const si = await store(server);
    const gbs = await serveStorageOverGbs({ storage: server, stateDir: join(root, 'gbs-state') });
    const otherClient = new GbsStorageServer({ nurl: gbs.nurl, nickname: 'other client', timeoutMs: 20_000 });
    try {
      clock += 10 * DAY;
      await otherClient.addLease(base32Decode(si), randomBytes(32), randomBytes(32));
    } finally {
      otherClient.close();
      await gbs.close();
    }
    const report = await grid(server).releaseFiles([{ storageIndex: si }]);
    expect(report.perAccount[0]!.removedShares).toBe(0);
    expect(await shareCount(server, si)).toBe(1);
    clock += 30 * DAY; // 40 days after the upload, 30 after the other lease: it still runs
    expect((await server.collectExpiredLeases()).removedShares).toBe(0);
    expect(await shareCount(server, si)).toBe(1);
    clock += 1 * DAY + 1; // the other client's lease has now expired too
    const collected = await server.collectExpiredLeases();
    expect(collected.removedShares).toBe(1);
    expect(collected.removedBytes).toBeGreaterThan(50_000);
    expect(await shareCount(server, si)).toBe(0);
  });

  it('never releases a storage index the catalog references or an upload holds', async () => {
    const server = await kinds[kind]!();
    const [kept, held] = [await store(server), await store(server)];
    const holds = new StorageIndexHolds();
    const releaseHold = await holds.hold(held);
    const { releaseFiles } = grid(server, [{ storageIndex: kept, category: 'files', placements: [] }], holds);
    const report = await releaseFiles([{ storageIndex: kept }, { storageIndex: held }, { storageIndex: null }]);
    expect(report).toMatchObject({ released: [], stillReferenced: [kept], inUse: [held] });
    expect(await shareCount(server, kept)).toBe(1);
    expect(await shareCount(server, held)).toBe(1);
    releaseHold();
    expect((await releaseFiles([{ storageIndex: held }])).released).toEqual([held]);
    expect(await shareCount(server, held)).toBe(0);
  });

  it('finds orphans (no running lease, no catalog entry) with their bytes and removes them only when asked', async () => {
    const server = await kinds[kind]!();
    const [listed, orphan] = [await store(server), await store(server)];
    const { references, holds } = grid(server, [{ storageIndex: listed, category: 'files', placements: [] }]);
    clock += 32 * DAY; // every lease has run out, as after months without RAIC running
    const deps = { servers: async () => [server], references, holds };
    const found = await findOrphans(deps);
    expect(found.accounts[0]).toMatchObject({ shares: 1, storageIndexes: [orphan] });
    expect(found.accounts[0]!.bytes).toBeGreaterThan(50_000);
    expect(await shareCount(server, orphan)).toBe(1);
    const removed = await removeOrphans(deps);
    expect(removed.accounts[0]!.removedShares).toBe(1);
    expect(await shareCount(server, orphan)).toBe(0);
    expect(await shareCount(server, listed)).toBe(1);
  });
});
