import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../engine/backends/local';
import { parseCap, storageIndexOf } from '../../engine/chk';
import type { EncodingParams } from '../../engine/chk/api';
import { base32Encode } from '../../engine/chk/base32';
import { makeTestGrid, type TestGrid } from '../../engine/test-support/test-grid';
import { BlobStorageServer } from '../../engine/storage/blob-server';
import type { StorageServer } from '../../engine/storage/types';
import { blobAuxStore, localFolderAuxStore, type AuxStore } from './aux-store';
import { pointerName } from './pointer';
import { CatalogPublishError, publishCatalog } from './publish';
import { generateRecoveryKey, recoveryKeyToWords, type RecoveryKey } from './recovery-key';
import { CatalogRestoreError, findLatestCatalog } from './restore';
import { seal } from './sealed-box';

const encoding: EncodingParams = { needed: 3, happy: 4, total: 5, maxSegmentSize: 1 << 20 };
const leaseSecret = new Uint8Array(randomBytes(32));

/** A catalog snapshot large enough to be stored as shares, not inside its cap. */
function snapshotBytes(label: string): Uint8Array {
  const files = Array.from({ length: 200 }, (_, i) => ({ path: `photos/${label}/${i}.jpg`, size: i * 1000 }));
  return new TextEncoder().encode(JSON.stringify({ label, files }));
}

let grid: TestGrid;
let auxStores: AuxStore[];
let key: RecoveryKey;

beforeEach(async () => {
  grid = await makeTestGrid(5);
  auxStores = grid.servers.map((server) => localFolderAuxStore({ id: server.serverId, name: server.nickname, root: server.root }));
  key = generateRecoveryKey();
});
afterEach(async () => {
  await grid.cleanup();
});

function publish(seq: number, snapshot: Uint8Array, options: { key?: RecoveryKey; auxStores?: AuxStore[]; servers?: StorageServer[] } = {}) {
  return publishCatalog({
    servers: options.servers ?? grid.servers,
    auxStores: options.auxStores ?? auxStores,
    encoding,
    leaseSecret,
    key: options.key ?? key,
    snapshot,
    seq,
    now: () => 1_700_000_000_000 + seq,
  });
}

function find(options: { key?: RecoveryKey; servers?: StorageServer[]; auxStores?: AuxStore[] } = {}) {
  return findLatestCatalog({ servers: options.servers ?? grid.servers, auxStores: options.auxStores ?? auxStores, key: options.key ?? key });
}

async function deleteCatalogShares(cap: string, servers: readonly { root: string }[]): Promise<void> {
  const parsed = parseCap(cap);
  if (parsed.kind !== 'CHK') throw new Error('expected a CHK cap');
  const si = base32Encode(storageIndexOf(parsed));
  for (const server of servers) await rm(join(server.root, 'shares', si.slice(0, 2), si), { recursive: true, force: true });
}

describe('publishCatalog and findLatestCatalog', () => {
  it('stores the catalog in the grid and finds the same bytes with the key alone', async () => {
    const snapshot = snapshotBytes('first');
    const published = await publish(1, snapshot);
    expect(published.catalogCap).toMatch(/^URI:CHK:/);
    expect(published.pointersWritten).toEqual(grid.servers.map((server) => server.serverId));
    expect(published.pointerFailures).toEqual([]);
    expect(published.createdAt).toBe(1_700_000_000_001);

    const found = await find();
    expect(found.snapshot).toEqual(snapshot);
    expect(found).toMatchObject({ seq: 1, createdAt: published.createdAt, catalogCap: published.catalogCap, pointersKeyCannotOpen: 0 });
    expect(found.pointersFound).toHaveLength(5);
    expect(found.accountsWithoutPointer).toEqual([]);
    expect(found.fellBackFrom).toBeUndefined();
  });

  it('keeps the catalog and its cap unreadable without the key', async () => {
    const snapshot = snapshotBytes('private');
    const published = await publish(1, snapshot);
    for (const store of auxStores) {
      const pointer = Buffer.from((await store.read(pointerName(key)))!);
      expect(pointer.includes(Buffer.from(published.catalogCap))).toBe(false);
    }
  });

  it('finds a catalog small enough to live in its cap', async () => {
    const tiny = new TextEncoder().encode('{}');
    const published = await publish(1, tiny);
    expect(published.catalogCap).toMatch(/^URI:LIT:/);
    expect((await find()).snapshot).toEqual(tiny);
  });

  it('finds the highest seq', async () => {
    await publish(1, snapshotBytes('one'));
    const second = snapshotBytes('two');
    await publish(2, second);
    const found = await find();
    expect(found.seq).toBe(2);
    expect(found.snapshot).toEqual(second);
  });

  it('does not let an old publisher roll the pointers back', async () => {
    await publish(1, snapshotBytes('one'));
    const second = snapshotBytes('two');
    await publish(2, second);
    const late = publish(1, snapshotBytes('stale'));
    await expect(late).rejects.toThrow(CatalogPublishError);
    await expect(publish(1, snapshotBytes('stale'))).rejects.toThrow(/already published a newer catalog \(seq 2\)/);
    await expect(publish(1, snapshotBytes('stale'))).rejects.toMatchObject({ newerSeq: 2 });
    const found = await find();
    expect(found.seq).toBe(2);
    expect(found.snapshot).toEqual(second);
  });

  it('writes the accounts it can and reports the one that holds a newer pointer', async () => {
    await publish(1, snapshotBytes('one'));
    await publish(5, snapshotBytes('five'), { auxStores: [auxStores[0]] });
    const published = await publish(3, snapshotBytes('three'));
    expect(published.pointersWritten).toEqual(['server-1', 'server-2', 'server-3', 'server-4']);
    expect(published.pointerFailures).toEqual([
      { accountId: 'server-0', accountName: 'account-0', reason: 'it already names a newer catalog (seq 5)' },
    ]);
    expect((await find()).seq).toBe(5);
  });

  it('leaves a pointer written by a newer RAIC alone', async () => {
    const fromNewerRaic = { format: 'raic-recovery-pointer', version: 2, seq: 1, catalogCap: 'URI:LIT:', createdAt: 0 };
    const sealed = seal(key, 'pointer', new TextEncoder().encode(JSON.stringify(fromNewerRaic)));
    await auxStores[1].write(pointerName(key), sealed);
    const published = await publish(9, snapshotBytes('one'));
    expect(published.pointerFailures).toEqual([{ accountId: 'server-1', accountName: 'account-1', reason: expect.stringMatching(/newer RAIC.*update RAIC/) }]);
    expect(await auxStores[1].read(pointerName(key))).toEqual(sealed);
  });

  it('keeps two recovery keys on the same accounts apart', async () => {
    const otherKey = generateRecoveryKey();
    const mine = snapshotBytes('mine');
    const theirs = snapshotBytes('theirs');
    await publish(7, mine);
    await publish(1, theirs, { key: otherKey });
    const foundMine = await find();
    const foundTheirs = await find({ key: otherKey });
    expect([foundMine.seq, foundTheirs.seq]).toEqual([7, 1]);
    expect(foundMine.snapshot).toEqual(mine);
    expect(foundTheirs.snapshot).toEqual(theirs);
    expect((await auxStores[0].list()).sort()).toEqual([pointerName(key), pointerName(otherKey)].sort());
  });

  it('restores with two of five accounts gone', async () => {
    const snapshot = snapshotBytes('survivor');
    await publish(1, snapshot);
    await rm(grid.servers[0].root, { recursive: true, force: true });
    await rm(grid.servers[3].root, { recursive: true, force: true });
    const found = await find();
    expect(found.snapshot).toEqual(snapshot);
    expect(found.pointersFound).toEqual(['server-1', 'server-2', 'server-4']);
    expect(found.accountsWithoutPointer.map((account) => account.accountId)).toEqual(['server-0', 'server-3']);
    expect(found.accountsWithoutPointer[0].reason).toBe('it holds no recovery pointer for this key');
  });

  it('falls back to the previous catalog when the newest cannot be downloaded', async () => {
    const first = snapshotBytes('one');
    await publish(1, first);
    const second = await publish(2, snapshotBytes('two'));
    await deleteCatalogShares(second.catalogCap, grid.servers.slice(0, 3));
    const found = await find();
    expect(found.seq).toBe(1);
    expect(found.snapshot).toEqual(first);
    expect(found.fellBackFrom).toBe(2);
    expect(found.unreadableCatalogs).toHaveLength(1);
    expect(found.unreadableCatalogs[0].seq).toBe(2);
    expect(found.unreadableCatalogs[0].reason).toMatch(/not enough shares/);
  });

  it('keeps the last three older catalogs to fall back on', async () => {
    const caps: string[] = [];
    for (let seq = 1; seq <= 6; seq++) caps.push((await publish(seq, snapshotBytes(`v${seq}`))).catalogCap);
    for (const cap of caps.slice(3)) await deleteCatalogShares(cap, grid.servers);
    const found = await find();
    expect(found.seq).toBe(3);
    expect(found.fellBackFrom).toBe(6);
    expect(found.unreadableCatalogs.map((catalog) => catalog.seq)).toEqual([6, 5, 4]);
    await deleteCatalogShares(caps[2], grid.servers);
    await expect(find()).rejects.toThrow(/seq 6: .*seq 5: .*seq 4: .*seq 3: /);
  });

  it('says what is wrong when no catalog named by a pointer can be read', async () => {
    const only = await publish(1, snapshotBytes('one'));
    await deleteCatalogShares(only.catalogCap, grid.servers);
    await expect(find()).rejects.toThrow(CatalogRestoreError);
    await expect(find()).rejects.toThrow(/Recovery pointers were found on 5 of 5 accounts, but none of the catalogs they name could be read \(seq 1: .+\)/);
  });

  it('points at a different recovery key when the key is wrong', async () => {
    await publish(1, snapshotBytes('one'));
    const wrongKey = generateRecoveryKey();
    const error = await find({ key: wrongKey }).then(
      () => new Error('expected the restore to fail'),
      (caught: unknown) => caught as Error,
    );
    expect(error).toBeInstanceOf(CatalogRestoreError);
    expect(error.message).toBe(
      'None of these 5 accounts holds a RAIC recovery pointer for this key: add the accounts your old RAIC used, or check the recovery key. ' +
        '5 of them hold recovery pointers for a different recovery key: check the words of your key.',
    );
    for (const word of [...recoveryKeyToWords(key), ...recoveryKeyToWords(wrongKey)]) expect(error.message).not.toContain(word);
  });

  it('says so when no account holds any pointer', async () => {
    await expect(find()).rejects.toThrow(
      /^None of these 5 accounts holds a RAIC recovery pointer for this key: add the accounts your old RAIC used, or check the recovery key\.$/,
    );
  });

  it('says the key does not match when the pointers under its name do not open', async () => {
    await publish(1, snapshotBytes('one'));
    for (const store of auxStores) {
      const pointer = (await store.read(pointerName(key)))!;
      pointer[pointer.length - 1] ^= 0xff;
      await store.write(pointerName(key), pointer);
    }
    await expect(find()).rejects.toThrow(/found on 5 of 5 accounts, but the recovery key does not match them/);
  });

  it('counts pointers the key cannot open and uses the others', async () => {
    const snapshot = snapshotBytes('one');
    await publish(1, snapshot);
    await auxStores[2].write(pointerName(key), new Uint8Array(randomBytes(80)));
    const pointer = (await auxStores[4].read(pointerName(key)))!;
    pointer[20] ^= 1;
    await auxStores[4].write(pointerName(key), pointer);
    const found = await find();
    expect(found.snapshot).toEqual(snapshot);
    expect(found.pointersKeyCannotOpen).toBe(1);
    expect(found.accountsWithoutPointer.map((account) => account.accountId)).toEqual(['server-2', 'server-4']);
    // The next publish repairs them.
    expect((await publish(2, snapshot)).pointersWritten).toHaveLength(5);
  });

  it('refuses to publish when no account can take the pointer, and names why', async () => {
    const blocked = auxStores.map((store) => ({
      ...store,
      write: () => Promise.reject(new Error('quota exceeded')),
    }));
    await expect(publish(1, snapshotBytes('one'), { auxStores: blocked })).rejects.toThrow(
      /no account took its recovery pointer \(account-0: could not write the recovery pointer: quota exceeded; .*account-4: .*\): check the accounts' connections/,
    );
  });

  it('changes no pointer when the upload fails', async () => {
    await expect(publish(1, snapshotBytes('one'), { servers: grid.servers.slice(0, 2) })).rejects.toThrow(
      /could not be stored in the grid, so no recovery pointer was changed/,
    );
    expect(await auxStores[0].list()).toEqual([]);
  });
});

describe('on blob-backed servers', () => {
  let temp: string;
  beforeEach(async () => {
    temp = await mkdtemp(join(tmpdir(), 'raic-recovery-blob-'));
  });
  afterEach(async () => {
    await rm(temp, { recursive: true, force: true });
  });

  it('publishes and restores through blob aux stores, and garbage collection leaves the pointers alone', async () => {
    const stores = await Promise.all(
      Array.from({ length: 5 }, async (_, i) => {
        const root = join(temp, `account-${i}`);
        await mkdir(root);
        return new LocalBlobStore({ root });
      }),
    );
    const servers = stores.map((store, i) => new BlobStorageServer({ serverId: `cloud-${i}`, nickname: `cloud ${i}`, store }));
    const blobAux = stores.map((store, i) => blobAuxStore({ id: `cloud-${i}`, name: `cloud ${i}`, store }));
    const snapshot = snapshotBytes('cloud');
    await publish(1, snapshot, { servers, auxStores: blobAux });
    for (const server of servers) await server.collectGarbage({ incomingOlderThanMs: 0 });
    const found = await find({ servers, auxStores: blobAux });
    expect(found.snapshot).toEqual(snapshot);
  });
});
