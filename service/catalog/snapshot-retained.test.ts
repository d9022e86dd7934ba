import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog';
import { parseCatalogSnapshot } from './snapshot';
import { listTrash, moveToTrash, releaseTrash, restoreFromTrash } from './trash';
import { listVersions, storeWithVersion } from './versions';
import { referencedStorageIndexes } from './references';
import { catalogErrorFrom, sampleFile, temporaryFolder } from '../test-support/catalog';

let folder: ReturnType<typeof temporaryFolder>;
let clock: number;
let source: Catalog;
let target: Catalog;

beforeEach(() => {
  folder = temporaryFolder();
  clock = 1_000;
  source = Catalog.open(join(folder.path, 'source.sqlite'), { now: () => clock });
  target = Catalog.open(join(folder.path, 'target.sqlite'), { now: () => 9_000_000 });
});
afterEach(() => {
  source.close();
  target.close();
  folder.remove();
});

/** A listed file with two earlier versions, a deleted folder holding a file with a version, and a deleted file. */
function fillSource(): void {
  for (const seed of [1, 2, 3]) {
    clock += 1_000;
    storeWithVersion(source, sampleFile('/Notes/plan.txt', seed));
  }
  storeWithVersion(source, sampleFile('/Old/Sub/a.txt', 10));
  clock += 1_000;
  storeWithVersion(source, sampleFile('/Old/Sub/a.txt', 11));
  source.createFolder('/Old/Empty');
  clock += 1_000;
  moveToTrash(source, '/Old');
  storeWithVersion(source, sampleFile('/gone.bin', 20));
  clock += 1_000;
  moveToTrash(source, '/gone.bin');
}

/** What a restore must carry over of the trash: everything but ids. */
function trashOf(catalog: Catalog) {
  return listTrash(catalog).map(({ id: _id, ...rest }) => rest);
}

function versionsOf(catalog: Catalog, path: string) {
  return listVersions(catalog, path).map(({ id: _id, trashItem: _item, ...rest }) => rest);
}

describe('the trash and earlier versions in the recovery snapshot', () => {
  it('come back in a fresh catalog through JSON, with their times, placements and folders', () => {
    fillSource();
    const snapshot = source.exportSnapshot();
    expect(snapshot.versions.map((v) => [v.path, v.retainedAt])).toEqual([['/Notes/plan.txt', 3_000], ['/Notes/plan.txt', 4_000]]);
    expect(snapshot.trash.map((item) => [item.path, item.kind, item.files.map((f) => f.role)])).toEqual([
      ['/Old', 'folder', ['version', 'current']],
      ['/gone.bin', 'file', ['current']],
    ]);

    const json = JSON.parse(JSON.stringify(snapshot)) as unknown;
    expect(target.importSnapshot(parseCatalogSnapshot(json))).toEqual({ imported: 1, skipped: 0, versions: 2, trashItems: 2 });
    expect(versionsOf(target, '/Notes/plan.txt')).toEqual(versionsOf(source, '/Notes/plan.txt'));
    expect(trashOf(target)).toEqual(trashOf(source));
    // Every share the old catalog referenced is still referenced, so the collector keeps it and the orphan sweep does not offer it.
    expect([...referencedStorageIndexes(target)].sort()).toEqual([...referencedStorageIndexes(source)].sort());

    // The restored trash item restores like the original, empty subfolder and version included.
    const old = listTrash(target).find((item) => item.path === '/Old')!;
    expect(restoreFromTrash(target, old.id).restoredTo).toBe('/Old');
    expect(target.listFolder('/Old').folders.map((f) => f.path)).toEqual(['/Old/Empty', '/Old/Sub']);
    expect(listVersions(target, '/Old/Sub/a.txt').map((v) => v.cap)).toEqual([sampleFile('x', 10).cap]);
  });

  it('keeps the deletion time, so the trash still empties on schedule after a restore', () => {
    fillSource();
    target.importSnapshot(source.exportSnapshot());
    const { removed } = releaseTrash(target, { deletedBefore: 6_500 });
    expect(removed).toBe(1);
    expect(listTrash(target).map((item) => item.path)).toEqual(['/gone.bin']);
  });

  it('does not double them when the same snapshot is imported again', () => {
    fillSource();
    target.importSnapshot(source.exportSnapshot());
    const revision = target.revision();
    expect(target.importSnapshot(source.exportSnapshot())).toEqual({ imported: 0, skipped: 1, versions: 0, trashItems: 0 });
    expect(listVersions(target, '/Notes/plan.txt')).toHaveLength(2);
    expect(listTrash(target)).toHaveLength(2);
    expect(target.revision()).toBe(revision);
  });

  it('remaps the account ids of retained placements', () => {
    fillSource();
    target.importSnapshot(source.exportSnapshot(), { accountIdMap: new Map([['acct-a', 'new-a']]) });
    const accounts = new Set([...listVersions(target, '/Notes/plan.txt').flatMap((v) => v.placements.map((p) => p.accountId))]);
    expect([...accounts].sort()).toEqual(['acct-b', 'acct-c', 'new-a']);
  });

  it('reads a version 1 snapshot (before the trash and versions) as having neither', () => {
    source.addFile(sampleFile('/a', 1));
    const { versions: _v, trash: _t, ...rest } = source.exportSnapshot();
    const old = { ...rest, version: 1 };
    expect(parseCatalogSnapshot(old)).toMatchObject({ version: 1, versions: [], trash: [] });
    expect(target.importSnapshot(parseCatalogSnapshot(old))).toEqual({ imported: 1, skipped: 0, versions: 0, trashItems: 0 });
  });

  it('refuses trash items whose content lies outside the deleted path', () => {
    fillSource();
    const good = source.exportSnapshot();
    const folderItem = good.trash[0]!;
    const outside = { ...good, trash: [{ ...folderItem, files: [{ ...folderItem.files[0]!, path: '/Elsewhere/a.txt' }] }] };
    expect(catalogErrorFrom(() => parseCatalogSnapshot(outside), 'invalid_snapshot').message).toMatch(/trash\.0\.files\.0\.path.*not inside the deleted folder \/Old/);
    const badRole = { ...good, trash: [{ ...folderItem, files: [{ ...folderItem.files[0]!, role: 'draft' }] }] };
    expect(catalogErrorFrom(() => parseCatalogSnapshot(badRole), 'invalid_snapshot').message).toMatch(/trash\.0\.files\.0\.role/);
    const badShare = { ...good, versions: [{ ...good.versions[0]!, placements: [{ accountId: 'x', shareNumber: 9 }] }] };
    expect(catalogErrorFrom(() => parseCatalogSnapshot(badShare), 'invalid_snapshot').message).toMatch(/share number 9/);
  });
});
