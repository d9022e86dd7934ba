// A local folder's size limit and usage count the bytes really on disk: each
// immutable share's file is its bytes plus the embedded-lease trailer
// (share-trailer.ts), and that is what the limit, usage(), the listing and
// removals count, checked here against the files' sizes as stat sees them.
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { allocation, secretsFor, storeShare } from '../conformance/fixtures';
import { ServerFullError } from '../types';
import { LocalFolderStorageServer } from './local-folder-server';
import { shareFileBytes, TRAILER_BYTES } from './share-trailer';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-size-on-disk-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Sum of the sizes of the share files (named by their share number) under `dir`, by a plain recursive walk with stat. */
async function bytesOnDisk(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await bytesOnDisk(path);
    else if (entry.isFile() && /^\d+$/.test(entry.name)) total += (await stat(path)).size;
  }
  return total;
}

/** What a folder's shares take on disk, immutable and mutable (not a slot's write enabler, nor incoming, lease or advisory files). */
async function shareBytesOnDisk(): Promise<number> {
  return (await bytesOnDisk(join(root, 'shares'))) + (await bytesOnDisk(join(root, 'mutable')));
}

/** A share as versions before the trailer stored it: the bare share bytes. */
async function writeOldFormatShare(si: Uint8Array, n: number, data: Uint8Array): Promise<void> {
  const b32 = base32Encode(si);
  const folder = join(root, 'shares', b32.slice(0, 2), b32);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFile(join(folder, String(n)), data, { mode: 0o600 });
}

/**
 * A size-limited server over a folder holding one share written before the
 * trailer existed (share 0 of `old`, `oldBytes` long, there before the server
 * first walks the folder), then the given shares stored under `si` through it.
 */
async function folderWithOldShare(limit: number, oldBytes: number, shareBytes: number[]): Promise<{ server: LocalFolderStorageServer; si: Uint8Array; old: Uint8Array }> {
  const old = randomBytes(16);
  await writeOldFormatShare(old, 0, randomBytes(oldBytes));
  const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'usb', root, sizeLimitBytes: limit });
  const si = randomBytes(16);
  for (const [n, bytes] of shareBytes.entries()) await storeShare(server, si, n, randomBytes(bytes));
  return { server, si, old };
}

describe('a size-limited local folder counts the bytes on disk', () => {
  it('holds exactly N shares under a limit of N share files, and refuses the next', async () => {
    const shares = 5;
    const limit = shares * shareFileBytes(100);
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'usb', root, sizeLimitBytes: limit });
    for (let i = 0; i < shares; i++) await storeShare(server, randomBytes(16), 0, randomBytes(100));
    expect(await shareBytesOnDisk()).toBe(limit);
    expect(await server.getVersion()).toMatchObject({ availableSpace: 0, maximumImmutableShareSize: 0 });
    // Counted without the trailers, 640 bytes would be left: room for a sixth share.
    await expect(server.allocateBuckets(allocation(randomBytes(16), [0], 100))).rejects.toBeInstanceOf(ServerFullError);
    // A fresh server on the same folder walks it and refuses too.
    const restarted = new LocalFolderStorageServer({ serverId: 's1', nickname: 'usb', root, sizeLimitBytes: limit });
    await expect(restarted.allocateBuckets(allocation(randomBytes(16), [0], 100))).rejects.toBeInstanceOf(ServerFullError);
    expect(await shareBytesOnDisk()).toBe(limit);
  });

  it('reserves a share\'s file for an upload under way, so concurrent allocations stay within the limit', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'usb', root, sizeLimitBytes: 3 * shareFileBytes(100) });
    const first = await server.allocateBuckets(allocation(randomBytes(16), [0, 1, 2, 3], 100));
    expect([...first.allocated.keys()]).toEqual([0, 1, 2]);
    expect((await server.getVersion()).availableSpace).toBe(0);
    await Promise.all([...first.allocated.values()].map((writer) => writer.abort()));
    expect((await server.getVersion()).availableSpace).toBe(3 * shareFileBytes(100));
  });

  it('reports usage equal to the files\' sizes: new shares, mutable shares and older shares without a trailer', async () => {
    const { server, old } = await folderWithOldShare(1_000_000, 777, [1000, 1000]);
    await storeShare(server, randomBytes(16), 3, new Uint8Array(0));
    const slot = randomBytes(16);
    const slotSecrets = { writeEnabler: new Uint8Array(32).fill(7), ...secretsFor(2) };
    await server.slotTestvAndReadvAndWritev(slot, slotSecrets, new Map([[0, { testVector: [], writeVector: [{ offset: 0, data: randomBytes(300) }] }]]), []);

    const onDisk = await shareBytesOnDisk();
    expect(onDisk).toBe(2 * (1000 + TRAILER_BYTES) + TRAILER_BYTES + 777 + 300);
    expect(await server.usage()).toEqual({ bytesUsed: onDisk, shareCount: 5 });
    // The listing the app's measured figures rest on counts the same bytes, the older share at its own size.
    const listed = await server.listStoredShares();
    expect(listed.reduce((sum, share) => sum + share.bytes, 0)).toBe(onDisk);
    expect(listed.find((share) => share.storageIndex === base32Encode(old))!.bytes).toBe(777);
    // The limit's tally, fresh and after the changes it recorded itself, agrees.
    expect((await server.getVersion()).availableSpace).toBe(1_000_000 - onDisk);
    const restarted = new LocalFolderStorageServer({ serverId: 's1', nickname: 'usb', root, sizeLimitBytes: 1_000_000 });
    expect((await restarted.getVersion()).availableSpace).toBe(1_000_000 - onDisk);
  });

  it('gives back a removed share\'s whole file, and an older share\'s own size', async () => {
    const { server, si, old } = await folderWithOldShare(10_000, 400, [500, 500]);
    const before = (await server.getVersion()).availableSpace;
    expect(before).toBe(10_000 - (await shareBytesOnDisk()));

    expect(await server.releaseImmutableShare(si, 1)).toBe(true);
    expect((await server.getVersion()).availableSpace).toBe(before + shareFileBytes(500));
    expect(await server.releaseImmutableShare(old, 0)).toBe(true);
    expect((await server.getVersion()).availableSpace).toBe(before + shareFileBytes(500) + 400);
    expect(await server.usage()).toEqual({ bytesUsed: await shareBytesOnDisk(), shareCount: 1 });

    // A release of the lease removes the last share and reports its file's bytes.
    expect(await server.releaseLease(si, secretsFor(1).cancelSecret)).toEqual({ matchedLeases: 1, removedShares: 1, removedBytes: shareFileBytes(500) });
    expect((await server.getVersion()).availableSpace).toBe(10_000);
    expect(await shareBytesOnDisk()).toBe(0);
  });
});
