import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../engine/backends/local';
import { bytesByteSource, downloadToBytes, uploadFile } from '../../engine/grid';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { blobAuxStore, localFolderAuxStore, type AuxStore } from './aux-store';

const badNames = ['', 'Pointer', '../escape', 'a/b', 'a.b', '.hidden', 'a b', 'x'.repeat(65), 'é'];

let temp: string;
beforeEach(async () => {
  temp = await mkdtemp(join(tmpdir(), 'raic-aux-'));
});
afterEach(async () => {
  await rm(temp, { recursive: true, force: true });
});

async function checkBasics(store: AuxStore): Promise<void> {
  expect(await store.read('pointer-0123')).toBeUndefined();
  expect(await store.list()).toEqual([]);
  await store.write('pointer-0123', Uint8Array.of(1, 2, 3));
  await store.write('pointer-0123', Uint8Array.of(4, 5));
  await store.write('x'.repeat(64), Uint8Array.of(9));
  expect(await store.read('pointer-0123')).toEqual(Uint8Array.of(4, 5));
  expect((await store.list()).sort()).toEqual(['pointer-0123', 'x'.repeat(64)]);
  for (const name of badNames) {
    await expect(store.read(name)).rejects.toThrow(RangeError);
    await expect(store.write(name, Uint8Array.of(1))).rejects.toThrow(RangeError);
  }
}

describe('localFolderAuxStore', () => {
  it('keeps objects under <root>/recovery/ of a local-folder server, beside its shares', async () => {
    const root = join(temp, 'server');
    const server = new LocalFolderStorageServer({ serverId: 's', nickname: 'usb drive', root });
    const store = localFolderAuxStore({ id: 's', name: 'usb drive', root });
    expect([store.accountId, store.accountName]).toEqual(['s', 'usb drive']);
    await checkBasics(store);
    expect(new Uint8Array(await readFile(join(root, 'recovery', 'pointer-0123')))).toEqual(Uint8Array.of(4, 5));

    const data = new Uint8Array(5000).map((_, i) => i % 251);
    const upload = await uploadFile([server], bytesByteSource(data), {
      encoding: { needed: 1, happy: 1, total: 1, maxSegmentSize: 1 << 20 },
      convergence: new Uint8Array(32),
      leaseSecret: new Uint8Array(32).fill(7),
    });
    expect(new Uint8Array(await downloadToBytes([server], upload.cap))).toEqual(data);
    await server.collectGarbage({ olderThanMs: 0 });
    expect(await store.read('pointer-0123')).toEqual(Uint8Array.of(4, 5));
  });

  it('ignores temporary files left by an interrupted write', async () => {
    const root = join(temp, 'server');
    await mkdir(join(root, 'recovery'), { recursive: true });
    await writeFile(join(root, 'recovery', '.pointer-1.abcdef.tmp'), 'partial');
    expect(await localFolderAuxStore({ id: 's', name: 'n', root }).list()).toEqual([]);
  });
});

describe('blobAuxStore', () => {
  it('keeps objects under the recovery/ prefix of a blob store', async () => {
    const blobs = new LocalBlobStore({ root: temp });
    const store = blobAuxStore({ id: 'b', name: 'cloud', store: blobs });
    await checkBasics(store);
    expect(await blobs.stat('recovery/pointer-0123')).toMatchObject({ size: 2 });
  });
});
