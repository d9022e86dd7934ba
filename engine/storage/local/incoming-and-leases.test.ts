// The flat incoming/ folder, the collector of stale incoming data (new and old layouts), lease files
// created in place, and what a crash at each step of storing a share leaves behind.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { allocation, secretsFor, storeShare } from '../conformance/fixtures';
import { filesUnder } from '../../test-support/files';
import { LocalFolderStorageServer } from './local-folder-server';
import { LocalLeaseStore } from './lease-store';
import { embeddedLeasesIn } from './embedded-leases';
import { createPrivateFileDurably } from './private-files';
import { TRAILER_BYTES } from './share-trailer';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-local-incoming-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const HOUR_AGO = (): number => Date.now() / 1000 - 3600;
const leaseFileOf = (b32: string): string => join(root, 'leases', b32.slice(0, 2), `${b32}.json`);

describe('flat incoming folder', () => {
  it('writes every upload into one incoming/ folder that stays (empty) after the shares close', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const first = randomBytes(16);
    const second = randomBytes(16);
    const a = (await server.allocateBuckets(allocation(first, [0, 1], 4))).allocated;
    const b = (await server.allocateBuckets(allocation(second, [2], 4))).allocated;
    expect(await readdir(join(root, 'incoming'))).toEqual([`${base32Encode(first)}.0`, `${base32Encode(first)}.1`, `${base32Encode(second)}.2`].sort());
    for (const writer of [...a.values(), ...b.values()]) {
      await writer.write(0, new Uint8Array([1, 2, 3, 4]));
      await writer.close();
    }
    expect((await stat(join(root, 'incoming'))).isDirectory()).toBe(true);
    expect(await readdir(join(root, 'incoming'))).toEqual([]);
    expect([...(await server.getBuckets(first)).keys()]).toEqual([0, 1]);
    expect([...(await server.getBuckets(second)).keys()]).toEqual([2]);
  });

  it('makes incoming/ again if it was removed while the server ran', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    await storeShare(server, randomBytes(16), 0, randomBytes(10));
    await rm(join(root, 'incoming'), { recursive: true });
    const si = randomBytes(16);
    await storeShare(server, si, 0, randomBytes(10));
    expect((await server.getBuckets(si)).has(0)).toBe(true);
  });

  it('collects stale flat files and an older version\'s nested incoming/<prefix>/<si>/<shnum> leftovers, never a live upload', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const live = randomBytes(16);
    const liveWriter = (await server.allocateBuckets(allocation(live, [3], 8))).allocated.get(3)!;
    await liveWriter.write(0, randomBytes(8));
    await utimes(join(root, 'incoming', `${base32Encode(live)}.3`), HOUR_AGO(), HOUR_AGO());

    const staleFlat = base32Encode(randomBytes(16));
    await writeFile(join(root, 'incoming', `${staleFlat}.1`), randomBytes(10));
    const freshFlat = base32Encode(randomBytes(16));
    await writeFile(join(root, 'incoming', `${freshFlat}.0`), randomBytes(7));
    await writeFile(join(root, 'incoming', 'stray-file'), randomBytes(5));
    const nested = base32Encode(randomBytes(16));
    const nestedDir = join(root, 'incoming', nested.slice(0, 2), nested);
    await mkdir(nestedDir, { recursive: true });
    await writeFile(join(nestedDir, '0'), randomBytes(20));
    await writeFile(join(nestedDir, '4'), randomBytes(30));
    for (const path of [join(root, 'incoming', `${staleFlat}.1`), join(root, 'incoming', 'stray-file'), join(nestedDir, '0'), join(nestedDir, '4')]) {
      await utimes(path, HOUR_AGO(), HOUR_AGO());
    }

    expect(await server.collectGarbage({ olderThanMs: 60_000 })).toEqual({ removedFiles: 4, removedBytes: 10 + 5 + 20 + 30 });
    // The old nested folders are gone with their files; the fresh leftover and the live upload stay.
    expect(await readdir(join(root, 'incoming'))).toEqual([`${base32Encode(live)}.3`, `${freshFlat}.0`].sort());
    await liveWriter.close();
    expect((await server.getBuckets(live)).has(3)).toBe(true);
  });
});

describe('lease files', () => {
  it('writes no lease file for a new share; the first later lease change creates one in place, the next replaces it', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    const b32 = base32Encode(si);
    await storeShare(server, si, 0, randomBytes(10));
    // The first lease travels in the share file (share-trailer.ts).
    expect(await filesUnder(join(root, 'leases'))).toEqual([]);
    expect((await stat(join(root, 'shares', b32.slice(0, 2), b32, '0'))).size).toBe(10 + TRAILER_BYTES);
    // Another client's upload adds its lease to the share already held: that change goes to a new lease file.
    await storeShare(server, si, 1, randomBytes(10), 5);
    const created = await stat(leaseFileOf(b32));
    expect(created.mode & 0o777).toBe(0o600);
    expect(await readdir(join(root, 'leases', b32.slice(0, 2)))).toEqual([`${b32}.json`]);
    await server.renewLease(si, secretsFor(5).renewSecret);
    // A replacement is a new file renamed over the old one (a reader never sees it half-written).
    expect((await stat(leaseFileOf(b32))).ino).not.toBe(created.ino);
    expect(await readdir(join(root, 'leases', b32.slice(0, 2)))).toEqual([`${b32}.json`]);
    const { immutable } = await server.leaseExpirations(si);
    expect([...immutable.keys()].sort()).toEqual([0, 1]);
    // Share 0 kept its embedded first lease beside the one the later upload added.
    expect(immutable.get(0)).toHaveLength(2);
  });

  it('creating in place never overwrites an existing file', async () => {
    const path = join(root, 'deep', 'er', 'file.json');
    expect(await createPrivateFileDurably(path, 'first')).toBe(true);
    expect(await createPrivateFileDurably(path, 'second')).toBe(false);
    expect(await readFile(path, 'utf8')).toBe('first');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('reads a lease file a crash left empty or zero-filled as no leases, and a damaged one as an error', async () => {
    const store = new LocalLeaseStore(join(root, 'leases'), embeddedLeasesIn(join(root, 'shares')));
    const si = base32Encode(randomBytes(16));
    await mkdir(join(root, 'leases', si.slice(0, 2)), { recursive: true });
    for (const leftover of ['', '\0'.repeat(300)]) {
      await writeFile(leaseFileOf(si), leftover);
      expect(await store.read(si)).toEqual({ version: 1, immutable: {}, mutable: {} });
    }
    // The next lease replaces the leftover.
    const { renewSecret, cancelSecret } = secretsFor(1);
    await store.addOrRenew(si, [{ kind: 'immutable', shareNumber: 2 }], renewSecret, cancelSecret, 1234);
    expect((await store.expirations(si)).immutable).toEqual(new Map([[2, [1234]]]));
    await writeFile(leaseFileOf(si), '{"version":1,"immut');
    await expect(store.read(si)).rejects.toThrow(SyntaxError);
  });
});

describe('a crash while storing a share leaves nothing visible, or the whole share with its lease', () => {
  it('data written, no lease yet: nothing visible, and the leftover is collected', async () => {
    const si = randomBytes(16);
    const crashed = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    await (await crashed.allocateBuckets(allocation(si, [0], 10))).allocated.get(0)!.write(0, randomBytes(10));
    const restarted = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    expect((await restarted.getBuckets(si)).size).toBe(0);
    expect(await restarted.listStoredShares()).toEqual([]);
    // The write that filled the allocation carried the trailer: still invisible, since nothing was renamed.
    expect(await restarted.collectGarbage({ olderThanMs: 0 })).toEqual({ removedFiles: 1, removedBytes: 10 + TRAILER_BYTES });
    expect(await filesUnder(root)).toEqual([]);
  });

  it('lease file cut off while being created: nothing visible, and the same share uploads again', async () => {
    const si = randomBytes(16);
    const b32 = base32Encode(si);
    const crashed = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    await (await crashed.allocateBuckets(allocation(si, [0], 10))).allocated.get(0)!.write(0, randomBytes(10));
    await mkdir(join(root, 'leases', b32.slice(0, 2)), { recursive: true, mode: 0o700 });
    await writeFile(leaseFileOf(b32), '', { mode: 0o600 });

    const restarted = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    expect((await restarted.getBuckets(si)).size).toBe(0);
    expect(await restarted.listExpiredShares()).toEqual([]);
    const data = randomBytes(10);
    await storeShare(restarted, si, 0, data);
    expect(Buffer.from(await (await restarted.getBuckets(si)).get(0)!.read(0, 10)).equals(data)).toBe(true);
    expect([...(await restarted.leaseExpirations(si)).immutable.keys()]).toEqual([0]);
  });

  it('lease written, share not yet renamed: nothing visible; the lone lease record is cleared by the next collection', async () => {
    let clock = 1_000_000;
    const si = randomBytes(16);
    const b32 = base32Encode(si);
    const store = new LocalLeaseStore(join(root, 'leases'), embeddedLeasesIn(join(root, 'shares')));
    const { renewSecret, cancelSecret } = secretsFor(1);
    await store.addOrRenew(b32, [{ kind: 'immutable', shareNumber: 0 }], renewSecret, cancelSecret, clock + 1000, { beforeShareVisible: true });
    await mkdir(join(root, 'incoming'), { recursive: true });
    await writeFile(join(root, 'incoming', `${b32}.0`), randomBytes(10));

    const restarted = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock });
    expect((await restarted.getBuckets(si)).size).toBe(0);
    expect(await restarted.listStoredShares()).toEqual([]);
    clock += 2000;
    expect(await restarted.collectExpiredShares()).toEqual({ expiredShares: 0, removedBytes: 0 });
    expect(await filesUnder(join(root, 'leases'))).toEqual([]);
  });

  it('a lease that cannot be written fails the close and leaves neither the share nor its incoming file', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    await writeFile(join(root, 'leases'), 'not a folder');
    const writer = (await server.allocateBuckets(allocation(si, [0], 10))).allocated.get(0)!;
    await writer.write(0, randomBytes(10));
    await expect(writer.close()).rejects.toThrow();
    expect((await server.getBuckets(si)).size).toBe(0);
    expect(await readdir(join(root, 'incoming'))).toEqual([]);
  });
});
