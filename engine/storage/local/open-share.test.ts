/**
 * LocalFolderStorageServer.openShare on real folders: one complete share by
 * its number, the same bytes getBuckets gives; nothing for a share that is
 * absent, still being written, or a folder; a small share read whole at the
 * open (later reads need no file), a large one by range.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { base32Encode } from '../../chk/base32';
import { allocation } from '../conformance/fixtures';
import { WHOLE_READ_MAX_BYTES } from './bucket-reader';
import { LocalFolderStorageServer } from './local-folder-server';

let root: string;
let server: LocalFolderStorageServer;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-open-share-'));
  server = new LocalFolderStorageServer({ serverId: 's1', nickname: 'one', root });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function store(si: Uint8Array, shareNumber: number, data: Uint8Array): Promise<void> {
  const { allocated } = await server.allocateBuckets(allocation(si, [shareNumber], data.length));
  await allocated.get(shareNumber)!.write(0, data);
  await allocated.get(shareNumber)!.close();
}

function sharePath(si: Uint8Array, shareNumber: number): string {
  const b32 = base32Encode(si);
  return join(root, 'shares', b32.slice(0, 2), b32, String(shareNumber));
}

it('opens a small share by its number and reads it whole at once, as getBuckets would give it', async () => {
  const si = randomBytes(16);
  const data = randomBytes(50_561);
  await store(si, 1, data);
  await store(si, 4, randomBytes(100));
  const reader = await server.openShare(si, 1);
  expect(reader?.shareNumber).toBe(1);
  expect(reader?.size).toBe(data.length);
  // Read at the open: the file is no longer needed.
  await unlink(sharePath(si, 1));
  expect(Buffer.from(await reader!.read(0, data.length))).toEqual(data);
  expect(Buffer.from(await reader!.read(50_000, 1000))).toEqual(data.subarray(50_000));
  // After release a read goes to the file again, which is gone now.
  reader!.release?.();
  await expect(reader!.read(0, 10)).rejects.toThrow(/ENOENT/);
});

it('answers undefined for a share it does not hold, a storage index it never saw, and a folder where a share would be', async () => {
  const si = randomBytes(16);
  await store(si, 0, randomBytes(1000));
  expect(await server.openShare(si, 1)).toBeUndefined();
  expect(await server.openShare(randomBytes(16), 0)).toBeUndefined();
  await mkdir(sharePath(si, 7));
  expect(await server.openShare(si, 7)).toBeUndefined();
  expect([...(await server.getBuckets(si)).keys()]).toEqual([0]);
});

it('does not see a share still being written, and sees it once its writer closes', async () => {
  const si = randomBytes(16);
  const data = randomBytes(3000);
  const { allocated } = await server.allocateBuckets(allocation(si, [2], data.length));
  await allocated.get(2)!.write(0, data);
  expect(await server.openShare(si, 2)).toBeUndefined();
  await allocated.get(2)!.close();
  expect(Buffer.from(await (await server.openShare(si, 2))!.read(0, data.length))).toEqual(data);
});

it('reads a share larger than the whole-read limit by range', async () => {
  const si = randomBytes(16);
  const data = randomBytes(WHOLE_READ_MAX_BYTES + 4096);
  await store(si, 0, data);
  const reader = (await server.openShare(si, 0))!;
  expect(reader.size).toBe(data.length);
  expect(Buffer.from(await reader.read(WHOLE_READ_MAX_BYTES, 8192))).toEqual(data.subarray(WHOLE_READ_MAX_BYTES));
});

it('refuses a share number outside 0..255 and a malformed storage index', async () => {
  await expect(server.openShare(randomBytes(16), 256)).rejects.toThrow(RangeError);
  await expect(server.openShare(randomBytes(15), 0)).rejects.toThrow(/storage index must be 16 bytes/);
});
