// The first lease embedded in a share file's trailer (share-trailer.ts): share bytes unchanged, leases
// answered as before for new shares and for shares written before the trailer existed.
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { allocation, secretsFor, storeShare } from '../conformance/fixtures';
import { filesUnder } from '../../test-support/files';
import { secretDigest } from '../blob-server/leases';
import { LeaseNotFoundError } from '../types';
import { LocalFolderStorageServer } from './local-folder-server';
import { encodeShareTrailer, parseShareTrailer, readStoredShareFile, shareFileBytes, TRAILER_BYTES } from './share-trailer';

let root: string;
let clock: number;
const DAY = 24 * 60 * 60 * 1000;
const LEASE = 31 * DAY;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-embedded-lease-'));
  clock = 1_700_000_000_000;
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const newServer = (): LocalFolderStorageServer => new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock });
const shareFile = (si: Uint8Array, n: number): string => join(root, 'shares', base32Encode(si).slice(0, 2), base32Encode(si), String(n));
const leaseFile = (si: Uint8Array): string => join(root, 'leases', base32Encode(si).slice(0, 2), `${base32Encode(si)}.json`);
const leaseOf = (seed: number, expiresAt: number) => ({ renewSecretHash: secretDigest(secretsFor(seed).renewSecret), cancelSecretHash: secretDigest(secretsFor(seed).cancelSecret), expiresAt });

/** A share as versions before the trailer stored it: the bare share bytes, and its lease in leases/<prefix>/<si>.json. */
async function writeOldFormatShare(si: Uint8Array, n: number, data: Uint8Array, leases?: { seed: number; expiresAt: number }[]): Promise<void> {
  await mkdir(join(shareFile(si, n), '..'), { recursive: true, mode: 0o700 });
  await writeFile(shareFile(si, n), data, { mode: 0o600 });
  if (!leases) return;
  await mkdir(join(leaseFile(si), '..'), { recursive: true, mode: 0o700 });
  const file = { version: 1, immutable: { [String(n)]: leases.map(({ seed, expiresAt }) => leaseOf(seed, expiresAt)) }, mutable: {} };
  await writeFile(leaseFile(si), JSON.stringify(file), { mode: 0o600 });
}

async function readAll(server: LocalFolderStorageServer, si: Uint8Array, n: number): Promise<{ size: number; bytes: Buffer }> {
  const reader = (await server.getBuckets(si)).get(n)!;
  return { size: reader.size, bytes: Buffer.from(await reader.read(0, reader.size + 1000)) };
}

describe('the share trailer', () => {
  it('round-trips a lease and is found only at the exact end of a file of the recorded length', () => {
    const lease = leaseOf(3, 1_234_567);
    const trailer = encodeShareTrailer(500, lease);
    expect(trailer.length).toBe(TRAILER_BYTES);
    expect(parseShareTrailer(trailer, 500 + TRAILER_BYTES)).toEqual(lease);
    expect(parseShareTrailer(Buffer.concat([randomBytes(40), trailer]), 500 + TRAILER_BYTES)).toEqual(lease);
    expect(parseShareTrailer(trailer, 501 + TRAILER_BYTES)).toBeUndefined();
    for (const at of [0, 8, 20, 60, 85, 90, 120, 127]) {
      const damaged = Buffer.from(trailer);
      damaged[at] ^= 1;
      expect(parseShareTrailer(damaged, 500 + TRAILER_BYTES), `byte ${at}`).toBeUndefined();
    }
  });
});

describe('new shares carry their first lease in their own file', () => {
  it('stores the share bytes unchanged, followed by the trailer, with no lease file; readers see only the share', async () => {
    const server = newServer();
    const si = randomBytes(16);
    const data = randomBytes(1000);
    await storeShare(server, si, 4, data);
    expect(await filesUnder(join(root, 'leases'))).toEqual([]);
    const onDisk = await readFile(shareFile(si, 4));
    expect(onDisk.length).toBe(data.length + TRAILER_BYTES);
    expect(onDisk.subarray(0, data.length).equals(data)).toBe(true);
    expect(await readAll(server, si, 4)).toEqual({ size: data.length, bytes: data });
    expect(await server.leaseExpirations(si)).toEqual({ immutable: new Map([[4, [clock + LEASE]]]), mutable: new Map() });
    // Listed and counted as the disk holds it: the share and its trailer.
    expect(await server.listStoredShares()).toEqual([{ storageIndex: base32Encode(si), kind: 'immutable', shareNumber: 4, bytes: 1000 + TRAILER_BYTES, lease: 'active', leaseExpiresAt: clock + LEASE }]);
    expect(await server.usage()).toEqual({ bytesUsed: 1000 + TRAILER_BYTES, shareCount: 1 });
    // A big share (read by range, not whole) and an empty one end where their bytes end too.
    const big = randomBytes((1 << 20) + 5000);
    await storeShare(server, si, 5, big);
    expect((await readAll(server, si, 5)).bytes.equals(big)).toBe(true);
    await storeShare(server, si, 6, new Uint8Array(0));
    expect(await readAll(server, si, 6)).toEqual({ size: 0, bytes: Buffer.alloc(0) });
  });

  it('expires the embedded lease: listed, collected with its file\'s byte count, and removed', async () => {
    const server = newServer();
    const si = randomBytes(16);
    await storeShare(server, si, 0, randomBytes(300));
    expect(await server.listExpiredShares()).toEqual([]);
    expect(await server.collectExpiredShares()).toEqual({ expiredShares: 0, removedBytes: 0 });
    clock += LEASE;
    expect(await server.listExpiredShares()).toEqual([{ storageIndex: base32Encode(si), kind: 'immutable', shareNumber: 0 }]);
    expect((await server.listStoredShares())[0]!.lease).toBe('expired');
    expect(await server.collectExpiredLeases()).toEqual({ removedShares: 1, removedBytes: shareFileBytes(300) });
    expect((await server.getBuckets(si)).size).toBe(0);
    expect(await filesUnder(root).then((files) => files.filter((f) => !f.startsWith('incoming')))).toEqual([]);
  });

  it('renews, adds, cancels and forgets as it did with lease files', async () => {
    const server = newServer();
    const si = randomBytes(16);
    await storeShare(server, si, 0, randomBytes(50));
    await storeShare(server, si, 1, randomBytes(50));
    await expect(server.renewLease(si, secretsFor(9).renewSecret)).rejects.toBeInstanceOf(LeaseNotFoundError);
    clock += DAY;
    await server.renewLease(si, secretsFor(1).renewSecret);
    expect((await server.leaseExpirations(si)).immutable).toEqual(new Map([[0, [clock + LEASE]], [1, [clock + LEASE]]]));
    // Another client's lease sits beside the first (it now lives in the lease file).
    await server.addLease(si, secretsFor(5).renewSecret, secretsFor(5).cancelSecret);
    expect((await server.leaseExpirations(si)).immutable.get(0)).toEqual([clock + LEASE, clock + LEASE]);
    // Cancelling the first lease keeps the shares (the other runs); cancelling both removes them.
    expect(await server.releaseLease(si, secretsFor(1).cancelSecret)).toEqual({ matchedLeases: 2, removedShares: 0, removedBytes: 0 });
    expect(await server.releaseLease(si, secretsFor(5).cancelSecret)).toEqual({ matchedLeases: 2, removedShares: 2, removedBytes: 2 * shareFileBytes(50) });
    expect(await filesUnder(join(root, 'leases'))).toEqual([]);
  });

  it('cancels an embedded lease by its cancel secret with no lease file ever written', async () => {
    const server = newServer();
    const si = randomBytes(16);
    await storeShare(server, si, 2, randomBytes(70), 7);
    expect(await server.releaseLease(si, secretsFor(1).cancelSecret)).toEqual({ matchedLeases: 0, removedShares: 0, removedBytes: 0 });
    expect(await server.releaseLease(si, secretsFor(7).cancelSecret)).toEqual({ matchedLeases: 1, removedShares: 1, removedBytes: shareFileBytes(70) });
    expect(await filesUnder(root).then((files) => files.filter((f) => !f.startsWith('incoming')))).toEqual([]);
  });

  it('renews the held shares on a later allocation, keeping their embedded lease beside the new one', async () => {
    const server = newServer();
    const si = randomBytes(16);
    await storeShare(server, si, 0, randomBytes(20));
    clock += DAY;
    const again = await server.allocateBuckets(allocation(si, [0, 1], 20, 11));
    expect(again.alreadyHave).toEqual([0]);
    await again.allocated.get(1)!.abort();
    expect((await server.leaseExpirations(si)).immutable).toEqual(new Map([[0, [clock - DAY + LEASE, clock + LEASE]]]));
  });

  it('a stale lease record of a removed share never hides the lease of the share uploaded again under its number', async () => {
    const server = newServer();
    const si = randomBytes(16);
    // As a crash between deleting a share and forgetting its leases leaves it: an expired record, no share.
    await mkdir(join(leaseFile(si), '..'), { recursive: true });
    await writeFile(leaseFile(si), JSON.stringify({ version: 1, immutable: { '0': [leaseOf(3, clock - DAY)] }, mutable: {} }));
    await storeShare(server, si, 0, randomBytes(20));
    expect(await server.listExpiredShares()).toEqual([]);
    expect(await server.collectExpiredShares()).toEqual({ expiredShares: 0, removedBytes: 0 });
    expect((await server.getBuckets(si)).has(0)).toBe(true);
  });

  it('removes an unleased share only when neither the trailer nor a lease file gives it a running lease', async () => {
    const server = newServer();
    const si = randomBytes(16);
    await storeShare(server, si, 0, randomBytes(20));
    expect(await server.removeUnleasedShares(si)).toEqual({ removedShares: 0, removedBytes: 0 });
    clock += LEASE + 1;
    expect(await server.removeUnleasedShares(si)).toEqual({ removedShares: 1, removedBytes: shareFileBytes(20) });
  });
});

describe('shares written before the trailer existed', () => {
  it('read, size and lease exactly as before, with their lease file', async () => {
    const si = randomBytes(16);
    const data = randomBytes(600);
    await writeOldFormatShare(si, 1, data, [{ seed: 1, expiresAt: clock + DAY }]);
    const server = newServer();
    expect(await readAll(server, si, 1)).toEqual({ size: 600, bytes: data });
    expect(await server.leaseExpirations(si)).toEqual({ immutable: new Map([[1, [clock + DAY]]]), mutable: new Map() });
    // No trailer: the file is the share, and counts what it is.
    expect(await server.usage()).toEqual({ bytesUsed: 600, shareCount: 1 });
    await server.renewLease(si, secretsFor(1).renewSecret);
    expect((await server.leaseExpirations(si)).immutable.get(1)).toEqual([clock + LEASE]);
    // A new share beside it carries its own lease; the lease file still speaks for the old one.
    await storeShare(server, si, 2, randomBytes(10), 4);
    expect((await server.leaseExpirations(si)).immutable).toEqual(new Map([[1, [clock + LEASE, clock + LEASE]], [2, [clock + LEASE]]]));
    clock += LEASE;
    expect(await server.collectExpiredShares()).toEqual({ expiredShares: 2, removedBytes: 600 + shareFileBytes(10) });
  });

  it('without any lease record: never expired, listed as unleased, removed only by the unleased sweep', async () => {
    const si = randomBytes(16);
    await writeOldFormatShare(si, 0, randomBytes(90));
    const server = newServer();
    clock += 10 * LEASE;
    expect(await server.listExpiredShares()).toEqual([]);
    expect(await server.collectExpiredShares()).toEqual({ expiredShares: 0, removedBytes: 0 });
    expect((await server.listStoredShares())[0]).toMatchObject({ bytes: 90, lease: 'none' });
    expect(await server.removeUnleasedShares(si)).toEqual({ removedShares: 1, removedBytes: 90 });
  });
});

describe('a missing, torn or damaged trailer never shifts the share bytes', () => {
  it('reads such a file whole from offset 0, with no embedded lease', async () => {
    const si = randomBytes(16);
    const data = randomBytes(400);
    const trailer = encodeShareTrailer(data.length, leaseOf(1, clock + LEASE));
    const damaged = Buffer.from(trailer);
    damaged[100] ^= 0x80;
    const cases: Buffer[] = [
      Buffer.concat([data, trailer.subarray(0, 60)]), // cut off part-way through the trailer
      Buffer.concat([data, damaged]), // checksum no longer matches
      Buffer.concat([data, randomBytes(3), trailer]), // a trailer, but not for this length
      Buffer.concat([data, trailer.subarray(0, TRAILER_BYTES - 1)]),
      Buffer.from(trailer.subarray(10)), // shorter than a trailer
    ];
    for (const [i, bytes] of cases.entries()) {
      await writeOldFormatShare(si, i, bytes);
      expect(await readStoredShareFile(shareFile(si, i))).toEqual({ fileSize: bytes.length, shareSize: bytes.length });
    }
    const server = newServer();
    for (const [i, bytes] of cases.entries()) expect(await readAll(server, si, i), `case ${i}`).toEqual({ size: bytes.length, bytes });
    expect((await server.leaseExpirations(si)).immutable.size).toBe(0);
  });
});

describe('a crash while a share is being stored', () => {
  it('share and trailer written but not renamed: nothing visible, nothing leased, the leftover collected', async () => {
    const si = randomBytes(16);
    const crashed = newServer();
    const writer = (await crashed.allocateBuckets(allocation(si, [0], 10))).allocated.get(0)!;
    await writer.write(0, randomBytes(10));
    // What close() writes before its fsync and rename: the trailer after the share's bytes.
    await writeFile(join(root, 'incoming', `${base32Encode(si)}.0`), Buffer.concat([randomBytes(10), encodeShareTrailer(10, leaseOf(1, clock + LEASE))]));
    const restarted = newServer();
    expect((await restarted.getBuckets(si)).size).toBe(0);
    expect(await restarted.listStoredShares()).toEqual([]);
    expect(await restarted.listExpiredShares()).toEqual([]);
    expect((await restarted.leaseExpirations(si)).immutable.size).toBe(0);
    expect(await restarted.collectGarbage({ olderThanMs: 0 })).toEqual({ removedFiles: 1, removedBytes: 10 + TRAILER_BYTES });
    expect(await filesUnder(root)).toEqual([]);
  });

  it('a close that fails after the trailer is written leaves neither the share nor its incoming file', async () => {
    const server = newServer();
    const si = randomBytes(16);
    // A file where the bucket's prefix folder must go: the folder cannot be made, so the rename never happens.
    await mkdir(join(root, 'shares'), { recursive: true });
    await writeFile(join(root, 'shares', base32Encode(si).slice(0, 2)), 'in the way');
    const writer = (await server.allocateBuckets(allocation(si, [0], 10))).allocated.get(0)!;
    await writer.write(0, randomBytes(10));
    await expect(writer.close()).rejects.toThrow();
    await rm(join(root, 'shares', base32Encode(si).slice(0, 2)));
    expect((await server.getBuckets(si)).size).toBe(0);
    expect(await filesUnder(join(root, 'incoming'))).toEqual([]);
    expect((await stat(join(root, 'shares'))).isDirectory()).toBe(true);
  });
});
