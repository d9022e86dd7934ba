import { mkdtemp, readdir, rm, stat, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { allocation, secretsFor, storeShare } from '../conformance/fixtures';
import { LocalFolderStorageServer } from './local-folder-server';
import { filesUnder } from '../../test-support/files';
import { shareFileBytes, TRAILER_BYTES } from './share-trailer';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-local-server-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('LocalFolderStorageServer', () => {
  // Visibility on close and reads are in the conformance suite; this is about the files.
  it('stores a closed share in the Tahoe-LAFS layout and one being written under incoming/', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    const { allocated } = await server.allocateBuckets(allocation(si, [0, 3], 10));
    const writer = allocated.get(3)!;
    await writer.write(5, new Uint8Array([5, 6, 7, 8, 9]));
    await writer.write(0, new Uint8Array([0, 1, 2, 3, 4]));
    await writer.close();
    const b32 = base32Encode(si);
    expect(await filesUnder(join(root, 'shares'))).toEqual([`${b32.slice(0, 2)}/${b32}/3`]);
    // Share 0 is still being written: visible in the flat incoming/ folder only.
    expect(await filesUnder(join(root, 'incoming'))).toEqual([`${b32}.0`]);
    await allocated.get(0)!.abort();
    expect(await filesUnder(join(root, 'incoming'))).toEqual([]);
    expect(await server.usage()).toEqual({ bytesUsed: shareFileBytes(10), shareCount: 1 });
  });

  it('refuses an upload into the empty mount point an unplugged disk leaves, when shares were stored there before', async () => {
    const mountPoint = join(root, 'media-usb');
    await mkdir(mountPoint);
    let holds = false;
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'usb', root: mountPoint, createMissingRoot: false, holdsStoredShares: () => holds });
    // A new account (nothing stored through it yet): its empty folder becomes a store.
    await storeShare(server, randomBytes(16), 0, randomBytes(50));
    holds = true;
    // The disk goes: its files go with it, the mount point stays as an empty folder on the computer's own disk.
    await rm(mountPoint, { recursive: true });
    await mkdir(mountPoint);
    await expect(server.allocateBuckets(allocation(randomBytes(16), [0], 50))).rejects.toThrow(
      `the storage folder ${mountPoint} has none of the shares stored there before: is the disk plugged in?`,
    );
    expect(await readdir(mountPoint)).toEqual([]);
    // The disk back (its shares/ folder there), uploads go on even though incoming/ must be made again.
    await mkdir(join(mountPoint, 'shares'));
    await storeShare(server, randomBytes(16), 1, randomBytes(50));
    expect(await filesUnder(join(mountPoint, 'shares'))).toHaveLength(1);
  });

  it("refuses an upload when the app's folder is gone (a disk unplugged), and never makes the folder again", async () => {
    const folder = join(root, 'usb-disk', 'raic');
    await mkdir(folder, { recursive: true });
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root: folder, createMissingRoot: false });
    // Its incoming/ folder is made on first use while the folder is there.
    await storeShare(server, randomBytes(16), 0, randomBytes(50));
    await rm(join(root, 'usb-disk'), { recursive: true });
    await expect(server.allocateBuckets(allocation(randomBytes(16), [0], 50))).rejects.toThrow(`the storage folder ${folder} is missing (is the disk plugged in?)`);
    await expect(stat(join(root, 'usb-disk'))).rejects.toThrow(/ENOENT/);
    // Plugged in again (here: made again, empty), uploads go on.
    await mkdir(folder, { recursive: true });
    await storeShare(server, randomBytes(16), 0, randomBytes(50));
    expect(await filesUnder(join(folder, 'shares'))).toHaveLength(1);
  });

  it('aborting leaves no file behind', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    const { allocated } = await server.allocateBuckets(allocation(si, [0], 1000));
    await allocated.get(0)!.write(0, randomBytes(1000));
    await allocated.get(0)!.abort();
    expect(await filesUnder(root)).toEqual([]);
    expect(await server.usage()).toEqual({ bytesUsed: 0, shareCount: 0 });
  });

  // The limit itself is in the conformance suite; this is the folder server's own wording and usage.
  it('says what one share needs when full, and counts only complete shares as used', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'tiny', root, sizeLimitBytes: 2 * shareFileBytes(100) + 50 });
    const si = randomBytes(16);
    const first = await server.allocateBuckets(allocation(si, [0, 1, 2], 100));
    await expect(server.allocateBuckets(allocation(randomBytes(16), [0], 100))).rejects.toThrow(
      /storage server "tiny" is full: 100 B per share requested \(228 B with its lease\), 50 B available/,
    );
    await first.allocated.get(0)!.write(0, new Uint8Array(100));
    await first.allocated.get(0)!.close();
    await first.allocated.get(1)!.abort();
    expect(await server.usage()).toEqual({ bytesUsed: shareFileBytes(100), shareCount: 1 });
  });

  // Malformed storage indexes and share numbers are refused in the conformance suite.
  it('does not take stray files in a bucket folder for shares', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    const b32 = base32Encode(si);
    const bucket = join(root, 'shares', b32.slice(0, 2), b32);
    await mkdir(bucket, { recursive: true });
    for (const name of ['007', '300', 'x', '1.tmp']) await writeFile(join(bucket, name), 'junk');
    expect((await server.getBuckets(si)).size).toBe(0);
    expect(await filesUnder(root)).toEqual(['007', '1.tmp', '300', 'x'].map((n) => `shares/${b32.slice(0, 2)}/${b32}/${n}`));
  });

  // As Tahoe-LAFS and the blob server do, it keeps reports about shares it holds only.
  it('drops corruption advice about shares it does not hold', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const si = randomBytes(16);
    expect(await server.listCorruptionAdvisories()).toEqual([]);
    await storeShare(server, si, 4, randomBytes(10));
    await server.adviseCorruptShare(si, 4, 'block hash mismatch in segment 2');
    await server.adviseCorruptShare(si, 7, 'bad UEB');
    const advisories = await server.listCorruptionAdvisories();
    expect(advisories.map((a) => [a.storageIndex, a.shareNumber, a.reason])).toEqual([[base32Encode(si), 4, 'block hash mismatch in segment 2']]);
    expect(Date.parse(advisories[0].time)).not.toBeNaN();
  });

  it('garbage-collects stale incoming data but not live uploads or fresh leftovers', async () => {
    const si = randomBytes(16);
    const crashed = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const leftover = await crashed.allocateBuckets(allocation(si, [0, 1], 64));
    await leftover.allocated.get(0)!.write(0, randomBytes(64));
    // A new process over the same folder: share 0 and 1 are leftovers from the "crashed" one.
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    const live = await server.allocateBuckets(allocation(randomBytes(16), [2], 64));
    await live.allocated.get(2)!.write(0, randomBytes(64));
    expect(await server.collectGarbage({ olderThanMs: 60_000 })).toEqual({ removedFiles: 0, removedBytes: 0 });
    const b32 = base32Encode(si);
    const old = Date.now() / 1000 - 3600;
    for (const n of [0, 1]) await utimes(join(root, 'incoming', `${b32}.${n}`), old, old);
    // Share 0 was written whole, so its incoming file also holds the trailer (written with the last bytes).
    expect(await server.collectGarbage({ olderThanMs: 60_000 })).toEqual({ removedFiles: 2, removedBytes: 64 + TRAILER_BYTES });
    expect(await filesUnder(join(root, 'incoming'))).toHaveLength(1);
    // The live upload (written through `server`) survives even with age 0.
    await server.collectGarbage({ olderThanMs: 0 });
    await live.allocated.get(2)!.close();
    expect((await server.usage()).shareCount).toBe(1);
  });

  it('flushes in the background during long writes and still stores exact bytes', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, syncEveryBytes: 8192 });
    const si = randomBytes(16);
    const data = randomBytes(200_000);
    const writer = (await server.allocateBuckets(allocation(si, [7], data.length))).allocated.get(7)!;
    await Promise.all(
      Array.from({ length: Math.ceil(data.length / 5000) }, (_, i) => writer.write(i * 5000, data.subarray(i * 5000, (i + 1) * 5000))),
    );
    await writer.close();
    const reader = (await server.getBuckets(si)).get(7)!;
    expect(Buffer.from(await reader.read(0, data.length)).equals(data)).toBe(true);
  });

  it('keeps leases per share, lists and collects shares whose last lease expired, and keeps shares without lease records', async () => {
    let clock = 1_000_000;
    const day = 24 * 60 * 60 * 1000;
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock });
    const si = randomBytes(16);
    const slot = randomBytes(16);
    await storeShare(server, si, 0, randomBytes(10), 1);
    await storeShare(server, si, 1, randomBytes(10), 1);
    const slotSecrets = { writeEnabler: new Uint8Array(32).fill(7), ...secretsFor(2) };
    await server.slotTestvAndReadvAndWritev(slot, slotSecrets, new Map([[3, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(5) }] }]]), []);
    // Tahoe-LAFS's 31 days from the upload.
    expect((await server.leaseExpirations(si)).immutable).toEqual(new Map([[0, [clock + 31 * day]], [1, [clock + 31 * day]]]));
    expect((await server.leaseExpirations(slot)).mutable).toEqual(new Map([[3, [clock + 31 * day]]]));
    // A share stored before leases existed has no record and is never collected.
    const legacy = randomBytes(16);
    const legacyB32 = base32Encode(legacy);
    await mkdir(join(root, 'shares', legacyB32.slice(0, 2), legacyB32), { recursive: true });
    await writeFile(join(root, 'shares', legacyB32.slice(0, 2), legacyB32, '0'), 'old share');

    clock += 20 * day;
    await server.addLease(si, secretsFor(9).renewSecret, secretsFor(9).cancelSecret);
    clock += 12 * day; // 32 days after the upload: the slot's only lease is over, si's second one is not.
    expect(await server.listExpiredShares()).toEqual([{ storageIndex: base32Encode(slot), kind: 'mutable', shareNumber: 3 }]);
    expect(await server.collectExpiredShares()).toEqual({ expiredShares: 1, removedBytes: 5 });
    expect(await server.listMutableShares(slot)).toEqual([]);
    expect([...(await server.getBuckets(si)).keys()]).toEqual([0, 1]);
    clock += 20 * day;
    expect(await server.collectExpiredShares()).toEqual({ expiredShares: 2, removedBytes: 2 * shareFileBytes(10) });
    expect((await server.getBuckets(si)).size).toBe(0);
    await expect(server.addLease(si, secretsFor(9).renewSecret, secretsFor(9).cancelSecret)).rejects.toThrow(/holds no share/);
    expect((await server.getBuckets(legacy)).size).toBe(1);
    expect(await filesUnder(join(root, 'leases'))).toEqual([]);
  });

  it('counts mutable shares against its size limit and advertises the room left for them', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, sizeLimitBytes: 100 });
    const slot = randomBytes(16);
    const secrets = { writeEnabler: new Uint8Array(32).fill(7), ...secretsFor(2) };
    const write = (n: number, length: number) => server.slotTestvAndReadvAndWritev(slot, secrets, new Map([[n, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(length) }] }]]), []);
    await write(0, 80);
    // 20 bytes are left, too few for any immutable share's file (its trailer alone takes 128).
    expect(await server.getVersion()).toEqual({ maximumImmutableShareSize: 0, availableSpace: 20, maximumMutableShareSize: 20 });
    await expect(write(1, 30)).rejects.toThrow(/is full: the mutable write adds 30 B/);
    expect(await server.listMutableShares(slot)).toEqual([0]);
    // Rewriting bytes a share already has takes no room.
    await write(0, 80);
    expect(await server.usage()).toEqual({ bytesUsed: 80, shareCount: 1 });
  });

  it('never collects a share that an allocation renews at the same moment', async () => {
    let clock = 0;
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock, leaseDurationMs: 1000 });
    for (let round = 0; round < 20; round++) {
      const si = randomBytes(16);
      await storeShare(server, si, 0, randomBytes(10), 1);
      clock += 2000; // the lease is over
      // An allocation (which renews the lease on held shares) races the collector: the share is
      // either collected first (and then allocated anew) or renewed first (and kept), never both.
      const [result] = await Promise.all([server.allocateBuckets(allocation(si, [0], 10, 3)), server.collectExpiredShares()]);
      const held = (await server.getBuckets(si)).has(0);
      if (result.alreadyHave.includes(0)) expect(held).toBe(true);
      else {
        expect(held).toBe(false);
        expect([...result.allocated.keys()]).toEqual([0]);
        await result.allocated.get(0)!.abort();
      }
    }
  });

  it('creates share files 0600 and folders 0700 under umask 022', async () => {
    if (process.platform === 'win32') return;
    const previous = process.umask(0o022);
    try {
      const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root: join(root, 'account') });
      const si = randomBytes(16);
      await storeShare(server, si, 0, randomBytes(10), 1);
      const pending = (await server.allocateBuckets(allocation(si, [1], 10, 1))).allocated.get(1)!;
      await server.slotTestvAndReadvAndWritev(si, { writeEnabler: new Uint8Array(32).fill(7), ...secretsFor(2) }, new Map([[0, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(5) }] }]]), []);
      await server.adviseCorruptShare(si, 0, 'bad');
      const modes: Record<string, string> = {};
      const walk = async (dir: string): Promise<void> => {
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          modes[path.slice(root.length + 1)] = ((await stat(path)).mode & 0o777).toString(8);
          if (entry.isDirectory()) await walk(path);
        }
      };
      modes.account = ((await stat(join(root, 'account'))).mode & 0o777).toString(8);
      await walk(join(root, 'account'));
      const kinds = new Set(Object.keys(modes).map((path) => path.split('/')[1] ?? 'account'));
      expect(kinds).toEqual(new Set(['account', 'shares', 'incoming', 'mutable', 'leases', 'corruption-advisories.jsonl']));
      for (const [path, mode] of Object.entries(modes)) {
        const isFile = (await stat(join(root, path))).isFile();
        expect({ path, mode }).toEqual({ path, mode: isFile ? '600' : '700' });
      }
      await pending.abort();
    } finally {
      process.umask(previous);
    }
  });
  // An upload's allocation takes its getBuckets' "no share" answer instead of listing the folder again:
  // it must never hide a share committed here since, nor stand in for long.
  describe('allocation right after a getBuckets that found nothing', () => {
    it('still reports, and renews the lease of, a share committed through this server in between', async () => {
      const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
      const si = randomBytes(16);
      const writer = (await server.allocateBuckets(allocation(si, [0], 50, 1))).allocated.get(0)!;
      await writer.write(0, randomBytes(50));
      // Share 0 is still in incoming/: the listing finds nothing, then the share is committed.
      expect((await server.getBuckets(si)).size).toBe(0);
      await writer.close();
      const result = await server.allocateBuckets(allocation(si, [0, 1], 50, 7));
      expect(result.alreadyHave).toEqual([0]);
      expect([...result.allocated.keys()]).toEqual([1]);
      await result.allocated.get(1)!.abort();
      // The lease of the second client (seed 7) was added to the share it found held.
      expect((await server.leaseExpirations(si)).immutable.get(0)).toHaveLength(2);
    });

    it('lists the folder again once the answer is older than two seconds (a share another process wrote is then seen)', async () => {
      let clock = 1_000_000;
      const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock });
      const otherProcess = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock });
      const si = randomBytes(16);
      expect((await server.getBuckets(si)).size).toBe(0);
      await storeShare(otherProcess, si, 2, randomBytes(50), 1);
      clock += 2_500;
      const result = await server.allocateBuckets(allocation(si, [2], 50, 7));
      expect(result.alreadyHave).toEqual([2]);
      expect(result.allocated.size).toBe(0);
      const leaseMs = 31 * 24 * 3600 * 1000;
      // The writer's lease, and the one this allocation added for the share it found held.
      expect((await server.leaseExpirations(si)).immutable.get(2)).toEqual([clock - 2_500 + leaseMs, clock + leaseMs]);
    });

    it('uses the answer once: a second allocation lists the folder', async () => {
      const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
      const otherProcess = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
      const si = randomBytes(16);
      await server.getBuckets(si);
      const first = await server.allocateBuckets(allocation(si, [0], 50, 1));
      await first.allocated.get(0)!.abort();
      await storeShare(otherProcess, si, 1, randomBytes(50), 1);
      expect((await server.allocateBuckets(allocation(si, [1], 50, 7))).alreadyHave).toEqual([1]);
    });
  });
});

describe('LocalFolderStorageServer size limit over many shares', () => {
  const MINUTE = 60_000;

  it('counts the shares it stores and removes without walking the folder again', async () => {
    let clock = 0;
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, sizeLimitBytes: 1000, now: () => clock });
    // Another process (same folder, no limit) stores a share after the first walk: not seen while the walk is fresh.
    const other = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
    expect((await server.getVersion()).availableSpace).toBe(1000);
    const mine = randomBytes(16);
    await storeShare(server, mine, 0, randomBytes(100));
    await storeShare(server, mine, 1, randomBytes(100));
    await storeShare(other, randomBytes(16), 0, randomBytes(300));
    expect((await server.getVersion()).availableSpace).toBe(1000 - 2 * shareFileBytes(100));
    expect(await server.releaseImmutableShare(mine, 1)).toBe(true);
    expect((await server.getVersion()).availableSpace).toBe(1000 - shareFileBytes(100));
    // Ten minutes on, the next question walks the folder and sees the other process's share.
    clock += 10 * MINUTE;
    expect((await server.getVersion()).availableSpace).toBe(1000 - shareFileBytes(100) - shareFileBytes(300));
    expect(await server.usage()).toEqual({ bytesUsed: shareFileBytes(100) + shareFileBytes(300), shareCount: 2 });
  });

  it('walks the folder again before refusing a share, so space freed by another process is used', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'tiny', root, sizeLimitBytes: 2 * shareFileBytes(100) + 50 });
    const other = new LocalFolderStorageServer({ serverId: 's1', nickname: 'tiny', root });
    const si = randomBytes(16);
    await storeShare(server, si, 0, randomBytes(100));
    await storeShare(server, si, 1, randomBytes(100));
    expect((await server.getVersion()).availableSpace).toBe(50);
    expect(await other.releaseImmutableShare(si, 1)).toBe(true);
    const { allocated } = await server.allocateBuckets(allocation(randomBytes(16), [0], 100));
    expect([...allocated.keys()]).toEqual([0]);
    await allocated.get(0)!.abort();
    // The same fresh walk still refuses what does not fit, with the exact room.
    await expect(server.allocateBuckets(allocation(randomBytes(16), [0], 300))).rejects.toThrow(/300 B per share requested \(428 B with its lease\), 278 B available/);
  });

  it('gives the room back when expired shares are collected', async () => {
    let clock = Date.UTC(2026, 0, 1);
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, sizeLimitBytes: 1000, now: () => clock, leaseDurationMs: MINUTE });
    await storeShare(server, randomBytes(16), 0, randomBytes(300));
    await storeShare(server, randomBytes(16), 2, randomBytes(200));
    expect((await server.getVersion()).availableSpace).toBe(1000 - shareFileBytes(300) - shareFileBytes(200));
    clock += 2 * MINUTE;
    expect(await server.collectExpiredLeases()).toEqual({ removedShares: 2, removedBytes: shareFileBytes(300) + shareFileBytes(200) });
    expect((await server.getVersion()).availableSpace).toBe(1000);
  });
});
