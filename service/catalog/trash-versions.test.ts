import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from './sqlite';
import { Catalog } from './catalog';
import { sampleFile, temporaryFolder } from '../test-support/catalog';
import { findTrashItem, listTrash, moveToTrash, releaseTrash, removePermanently, restoreFromTrash } from './trash';
import { listVersions, restoreVersion, storeWithVersion } from './versions';
import { applyRetention, DEFAULT_RETENTION } from './retention';
import { referencedStorageIndexes, retainedAccountTotals, retainedTotals } from './references';

const DAY = 24 * 60 * 60 * 1000;
let folder: ReturnType<typeof temporaryFolder>;
let file: string;
let clock: number;
let catalog: Catalog;

beforeEach(() => {
  folder = temporaryFolder();
  file = join(folder.path, 'catalog.sqlite');
  clock = 1_000_000;
  catalog = Catalog.open(file, { now: () => clock });
});
afterEach(() => {
  catalog.close();
  folder.remove();
});

const si = (seed: number) => sampleFile('/x', seed).storageIndex!;

describe('trash', () => {
  it('moves a file with its versions to the trash and restores both at the same path', () => {
    storeWithVersion(catalog, sampleFile('/Docs/a.txt', 1));
    clock += 10;
    storeWithVersion(catalog, sampleFile('/Docs/a.txt', 2));
    clock += 10;
    const item = moveToTrash(catalog, '/Docs/a.txt');
    expect(item).toMatchObject({ path: '/Docs/a.txt', kind: 'file', deletedAt: clock, fileCount: 1, bytes: 1002, versionCount: 1, versionBytes: 1001 });
    expect(catalog.getFile('/Docs/a.txt')).toBeUndefined();
    expect(listVersions(catalog, '/Docs/a.txt')).toEqual([]);
    // Still referenced while in the trash.
    expect(referencedStorageIndexes(catalog)).toEqual([si(1), si(2)].sort());

    const { restoredTo } = restoreFromTrash(catalog, item.id);
    expect(restoredTo).toBe('/Docs/a.txt');
    expect(catalog.getFile('/Docs/a.txt')).toMatchObject({ size: 1002, cap: sampleFile('/x', 2).cap });
    expect(listVersions(catalog, '/Docs/a.txt').map((v) => v.size)).toEqual([1001]);
    expect(listTrash(catalog)).toEqual([]);
  });

  it('moves a folder with everything below it (empty subfolders too) and restores the tree', () => {
    catalog.addFile(sampleFile('/Trip/day1/a.jpg', 1));
    catalog.addFile(sampleFile('/Trip/b.jpg', 2));
    catalog.addFile(sampleFile('/Tripod.txt', 3));
    catalog.createFolder('/Trip/empty');
    const item = moveToTrash(catalog, '/Trip');
    expect(item).toMatchObject({ kind: 'folder', fileCount: 2, bytes: 1001 + 1002 });
    expect(catalog.allFiles().map((f) => f.path)).toEqual(['/Tripod.txt']);
    expect(() => catalog.listFolder('/Trip')).toThrow(/not in the catalog/);
    restoreFromTrash(catalog, item.id);
    expect(catalog.allFiles().map((f) => f.path)).toEqual(['/Trip/b.jpg', '/Trip/day1/a.jpg', '/Tripod.txt']);
    expect(catalog.listFolder('/Trip').folders.map((f) => f.name)).toEqual(['day1', 'empty']);
  });

  it('restores beside a file that took the path meanwhile, never over it', () => {
    catalog.addFile(sampleFile('/report.pdf', 1));
    const first = moveToTrash(catalog, '/report.pdf');
    catalog.addFile(sampleFile('/report.pdf', 2));
    expect(restoreFromTrash(catalog, first.id).restoredTo).toBe('/report (restored).pdf');
    const second = moveToTrash(catalog, '/report (restored).pdf');
    catalog.addFile(sampleFile('/report (restored).pdf', 3));
    expect(restoreFromTrash(catalog, second.id).restoredTo).toBe('/report (restored) (restored).pdf');
    expect(catalog.getFile('/report.pdf')!.size).toBe(1002);
  });

  it('finds the newest delete of a path, and empties: releasing only content nothing else references', () => {
    catalog.addFile(sampleFile('/a', 1));
    catalog.addFile(sampleFile('/same-content', 1));
    catalog.addFile(sampleFile('/b', 2));
    moveToTrash(catalog, '/a');
    clock += 5;
    moveToTrash(catalog, '/b');
    expect(findTrashItem(catalog, '/b')!.deletedAt).toBe(clock);
    expect(listTrash(catalog).map((t) => t.path)).toEqual(['/b', '/a']);
    const { removed, released } = releaseTrash(catalog, 'all');
    expect(removed).toBe(2);
    // /a's shares are also /same-content's (convergent encryption): not released.
    expect(released.map((r) => r.storageIndex)).toEqual([si(2)]);
    expect(released[0]!.placements.length).toBeGreaterThan(0);
    expect(listTrash(catalog)).toEqual([]);
    expect(referencedStorageIndexes(catalog)).toEqual([si(1)]);
  });

  it('refuses unknown ids and paths with a message that says what to do', () => {
    expect(() => restoreFromTrash(catalog, 42)).toThrow(/Nothing with id 42 is in the trash; refresh/);
    expect(() => moveToTrash(catalog, '/nope')).toThrow(/\/nope is not in your files/);
    expect(() => moveToTrash(catalog, '/')).toThrow(/root folder cannot be deleted/);
  });

  it('removes permanently with versions, releasing their shares at once', () => {
    storeWithVersion(catalog, sampleFile('/f', 1));
    storeWithVersion(catalog, sampleFile('/f', 2));
    const { removed, released } = removePermanently(catalog, '/f');
    expect(removed).toBe(1);
    expect(released.map((r) => r.storageIndex).sort()).toEqual([si(1), si(2)].sort());
    expect(referencedStorageIndexes(catalog)).toEqual([]);
    expect(listTrash(catalog)).toEqual([]);
  });
});

describe('versions', () => {
  it('keeps the replaced content as a version, but not for the same content again', () => {
    expect(storeWithVersion(catalog, sampleFile('/v', 1)).keptVersion).toBe(false);
    clock += 1;
    expect(storeWithVersion(catalog, sampleFile('/v', 2)).keptVersion).toBe(true);
    clock += 1;
    expect(storeWithVersion(catalog, sampleFile('/v', 2)).keptVersion).toBe(false);
    expect(listVersions(catalog, '/v').map((v) => v.size)).toEqual([1001]);
    expect(retainedTotals(catalog)).toMatchObject({ versionFiles: 1, versionBytes: 1001, trashFiles: 0 });
    expect(retainedAccountTotals(catalog).get('acct-a')!.versionBytes).toBeGreaterThan(0);
  });

  it('restores a version, keeping the current content as a version', () => {
    storeWithVersion(catalog, sampleFile('/v', 1));
    clock += 1;
    storeWithVersion(catalog, sampleFile('/v', 2));
    const [old] = listVersions(catalog, '/v');
    clock += 1;
    const entry = restoreVersion(catalog, '/v', old!.id);
    expect(entry.size).toBe(1001);
    expect(listVersions(catalog, '/v').map((v) => v.size)).toEqual([1002]);
    expect(() => restoreVersion(catalog, '/v', 999)).toThrow(/has no version 999/);
  });

  it('versions follow a file that is moved', () => {
    storeWithVersion(catalog, sampleFile('/old', 1));
    storeWithVersion(catalog, sampleFile('/old', 2));
    catalog.moveFile('/old', '/Folder/new');
    expect(listVersions(catalog, '/old')).toEqual([]);
    expect(listVersions(catalog, '/Folder/new')).toHaveLength(1);
  });

  it('retention keeps the newest N or those younger than D days, whichever keeps more, and expires the trash', () => {
    for (let seed = 1; seed <= 6; seed++) {
      storeWithVersion(catalog, sampleFile('/r', seed));
      clock += DAY;
    }
    expect(listVersions(catalog, '/r')).toHaveLength(5);
    const rules = { trashDays: 30, keepVersions: 2, versionDays: 3 };
    // Versions retained 1..5 days ago: the 3 younger than 3 days stay (more than the newest 2).
    expect(applyRetention(catalog, rules).map((r) => r.storageIndex).sort()).toEqual([si(1), si(2)].sort());
    expect(listVersions(catalog, '/r').map((v) => v.size)).toEqual([1005, 1004, 1003]);
    clock += 10 * DAY;
    // Now all are old: the newest 2 stay.
    applyRetention(catalog, rules);
    expect(listVersions(catalog, '/r').map((v) => v.size)).toEqual([1005, 1004]);

    catalog.addFile(sampleFile('/t', 20));
    moveToTrash(catalog, '/t');
    clock += 29 * DAY;
    expect(applyRetention(catalog, DEFAULT_RETENTION)).toEqual([]);
    clock += 2 * DAY;
    expect(applyRetention(catalog, DEFAULT_RETENTION).map((r) => r.storageIndex)).toEqual([si(20)]);
    expect(listTrash(catalog)).toEqual([]);
  });
});

describe('migration', () => {
  it('upgrades a catalog written before trash and versions, keeping its files', () => {
    catalog.addFile(sampleFile('/kept', 1));
    catalog.close();
    // Make it look like a schema-1 catalog: drop what migration 2 added.
    const db = new Database(file);
    db.exec(`DROP TRIGGER versions_follow_moves; DROP TABLE retained_placements; DROP TABLE retained_files; DROP TABLE trash_items;
             DROP INDEX files_by_storage_index;`);
    db.pragma('user_version = 1');
    db.close();
    catalog = Catalog.open(file, { now: () => clock });
    expect(catalog.getFile('/kept')!.size).toBe(1001);
    storeWithVersion(catalog, sampleFile('/kept', 2));
    expect(listVersions(catalog, '/kept')).toHaveLength(1);
  });
});
