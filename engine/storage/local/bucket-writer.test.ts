// A share written through a raw descriptor: the trailer goes with the write that fills the allocation,
// or at close; the file on disk is the same either way; the descriptor is closed once, after its calls.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { allocation, secretsFor } from '../conformance/fixtures';
import { secretDigest } from '../blob-server/leases';
import { ConflictingWriteError } from '../types';
import { LocalBucketWriter } from './bucket-writer';
import { openDescriptor, pathExists, readAt, writeAt } from './fs-calls';
import { LocalFolderStorageServer } from './local-folder-server';
import { encodeShareTrailer, leaseSecretDigest, shareTrailerForDigests, TRAILER_BYTES } from './share-trailer';

let root: string;
const clock = 1_700_000_000_000;
const LEASE = 31 * 24 * 60 * 60 * 1000;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-bucket-writer-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const shareFile = (si: Uint8Array, n: number): string => join(root, 'shares', base32Encode(si).slice(0, 2), base32Encode(si), String(n));
const expectedFile = (data: Uint8Array): Buffer =>
  Buffer.concat([data, encodeShareTrailer(data.length, { renewSecretHash: secretDigest(secretsFor(1).renewSecret), cancelSecretHash: secretDigest(secretsFor(1).cancelSecret), expiresAt: clock + LEASE })]);

async function upload(data: Uint8Array, pieces: [number, number][], allocatedSize = data.length): Promise<Uint8Array> {
  const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock });
  const si = randomBytes(16);
  const writer = (await server.allocateBuckets(allocation(si, [3], allocatedSize))).allocated.get(3)!;
  for (const [from, to] of pieces) await writer.write(from, data.subarray(from, to));
  await writer.close();
  return si;
}

describe('LocalBucketWriter', () => {
  it('stores the share then its trailer, whether the trailer went with the last write or at close', async () => {
    const data = randomBytes(5000);
    // Whole in one write (the encoder's small files), in pieces ending on the last one, and out of order.
    for (const pieces of [[[0, 5000]], [[0, 1000], [1000, 5000]], [[4000, 5000], [0, 4000]]] as [number, number][][]) {
      const si = await upload(data, pieces);
      expect((await readFile(shareFile(si, 3))).equals(expectedFile(data)), JSON.stringify(pieces)).toBe(true);
    }
    // A share shorter than its allocation gets its trailer at close, after its last byte.
    const si = await upload(data, [[0, 5000]], 6000);
    expect((await readFile(shareFile(si, 3))).equals(expectedFile(data))).toBe(true);
  });

  it('takes a repeated last write with the same bytes, and refuses one with different bytes', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock });
    const si = randomBytes(16);
    const data = randomBytes(300);
    const writer = (await server.allocateBuckets(allocation(si, [0], 300))).allocated.get(0)!;
    await writer.write(0, data);
    await writer.write(200, data.subarray(200));
    const changed = Buffer.from(data.subarray(200));
    changed[0] ^= 1;
    await expect(writer.write(200, changed)).rejects.toBeInstanceOf(ConflictingWriteError);
    await writer.close();
    expect((await readFile(shareFile(si, 0))).equals(expectedFile(data))).toBe(true);
  });

  it('an abort during writes and a close waits for them, and leaves nothing behind', async () => {
    await mkdir(join(root, 'incoming'));
    const incomingPath = join(root, 'incoming', 'x.0');
    let settled: string | undefined;
    const writer = new LocalBucketWriter({
      fd: await openDescriptor(incomingPath, 'w+', 0o600),
      incomingPath,
      folder: join(root, 'shares', 'xx', 'x'),
      finalPath: join(root, 'shares', 'xx', 'x', '0'),
      allocatedSize: 1 << 20,
      onSettled: (outcome) => (settled = outcome),
    });
    const writes = [0, 1, 2, 3].map((i) => writer.write(i << 18, randomBytes(1 << 18)));
    await writer.abort();
    // Every write asked for before the abort finished on the open descriptor (none failed with EBADF).
    await Promise.all(writes);
    expect(settled).toBe('aborted');
    expect(await readdir(join(root, 'incoming'))).toEqual([]);
    await expect(writer.write(0, new Uint8Array(1))).rejects.toThrow(/aborted/);
  });

  it('an abort during a close lets the close finish: the share is committed, not half-removed', async () => {
    const server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root, now: () => clock });
    const si = randomBytes(16);
    const data = randomBytes(1000);
    const writer = (await server.allocateBuckets(allocation(si, [0], 1000))).allocated.get(0)!;
    await writer.write(0, data);
    const closing = writer.close();
    await writer.abort();
    await closing;
    expect((await readFile(shareFile(si, 0))).equals(expectedFile(data))).toBe(true);
    expect(await readdir(join(root, 'incoming'))).toEqual([]);
  });
});

describe('fs-calls', () => {
  it('writes several chunks in order in one call, and reads them back', async () => {
    const path = join(root, 'f');
    const fd = await openDescriptor(path, 'w+', 0o600);
    const chunks = [randomBytes(10), new Uint8Array(0), randomBytes(70_000), randomBytes(3)];
    await writeAt(fd, chunks, 5);
    const back = Buffer.alloc(70_013 + 10);
    expect(await readAt(fd, back, 5)).toBe(70_013);
    expect(back.subarray(0, 70_013).equals(Buffer.concat(chunks))).toBe(true);
    expect((await stat(path)).size).toBe(5 + 70_013);
  });

  it('pathExists: false for a missing file or folder, an error when a file stands where a folder should be', async () => {
    await writeFile(join(root, 'file'), 'x');
    expect(await pathExists(join(root, 'file'))).toBe(true);
    expect(await pathExists(join(root, 'missing', 'x'))).toBe(false);
    await expect(pathExists(join(root, 'file', 'x'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('shareTrailerForDigests gives the very bytes encodeShareTrailer gives for the hex digests', () => {
    const { renewSecret, cancelSecret } = secretsFor(7);
    for (const [length, expiresAt] of [[0, 0], [51_234, clock + LEASE], [2 ** 40 + 3, 2 ** 52 + 1]]) {
      const expected = encodeShareTrailer(length, { renewSecretHash: secretDigest(renewSecret), cancelSecretHash: secretDigest(cancelSecret), expiresAt });
      expect(shareTrailerForDigests(length, expiresAt, leaseSecretDigest(renewSecret), leaseSecretDigest(cancelSecret)).equals(expected)).toBe(true);
      expect(leaseSecretDigest(renewSecret).toString('hex')).toBe(secretDigest(renewSecret));
    }
    expect(TRAILER_BYTES).toBe(128);
  });

  it('the trailer bytes are pinned (the format of shares already on disk)', () => {
    const renew = new Uint8Array(32).map((_, i) => i + 1);
    const cancel = new Uint8Array(32).map((_, i) => 200 - i);
    expect(shareTrailerForDigests(51_234, 1_700_000_000_123, leaseSecretDigest(renew), leaseSecretDigest(cancel)).toString('hex')).toBe(
      '000000000000c8220000018bcfe5687bae216c2ef5247a3782c135efa279a3e4cdc61094270f5d2be58c6204b7a612c99fa1c26e3f2c332c4272d4e62b6ee7a4bc7a5e4acb37beac91c62abf923ec2a9' +
        '0000000000000000ed130d642dbfeefcf0f6b66c09f0a63f05ddbbeeaa51b70452414943207368617265206c65617365',
    );
  });
});
