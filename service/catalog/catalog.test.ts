import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog';
import type { CatalogErrorCode } from './errors';
import { catalogErrorFrom, sampleFile, spreadShares, temporaryFolder } from '../test-support/catalog';

let folder: ReturnType<typeof temporaryFolder>;
let file: string;
let clock: number;
let catalog: Catalog;

beforeEach(() => {
  folder = temporaryFolder();
  file = join(folder.path, 'data', 'catalog.sqlite');
  clock = 1_000;
  catalog = Catalog.open(file, { now: () => clock });
});
afterEach(() => {
  catalog.close();
  folder.remove();
});

function expectCatalogError(action: () => unknown, code: CatalogErrorCode, message?: RegExp): void {
  const error = catalogErrorFrom(action, code);
  if (message) expect(error.message).toMatch(message);
}

/** Adds sample files given as [path, seed] pairs. */
function addSamples(...files: [path: string, seed: number][]): void {
  for (const [path, seed] of files) catalog.addFile(sampleFile(path, seed));
}

describe('files', () => {
  it('adds a file and reads it back by path and by id', () => {
    const added = catalog.addFile(sampleFile('Photos/2024/a.jpg', 1, { placements: [{ accountId: 'z', shareNumber: 0 }, { accountId: 'a', shareNumber: 4 }, { accountId: 'a', shareNumber: 1 }] }));
    expect(added).toMatchObject({
      path: '/Photos/2024/a.jpg',
      name: 'a.jpg',
      folder: '/Photos/2024',
      size: 1001,
      storedAt: 1_000,
      health: 'unknown',
      lastCheckedAt: null,
      lastCheckSummary: null,
      sourceModifiedAt: 1_700_000_000_001,
      encoding: { needed: 3, happy: 4, total: 5, segmentSize: 131072 },
    });
    expect(added.placements).toEqual([
      { accountId: 'a', shareNumber: 1 },
      { accountId: 'a', shareNumber: 4 },
      { accountId: 'z', shareNumber: 0 },
    ]);
    expect(catalog.getFile('/Photos//2024/a.jpg/')).toEqual(added);
    expect(catalog.getFileById(added.id)).toEqual(added);
    expect(catalog.getFile('/Photos/2024/b.jpg')).toBeUndefined();
    expect(catalog.getFileById(9999)).toBeUndefined();
  });

  it('keeps literal files with no storage index and fractional modification times', () => {
    const literal = catalog.addFile(sampleFile('/tiny.txt', 2, { cap: 'URI:LIT:nfxgs', verifyCap: null, storageIndex: null, sourceModifiedAt: 1_700_000_000_123.456, placements: [] }));
    expect(literal).toMatchObject({ storageIndex: null, verifyCap: null, placements: [], sourceModifiedAt: 1_700_000_000_123.456 });
  });

  it('refuses a second file at the same path unless told to replace it', () => {
    const first = catalog.addFile(sampleFile('/a.txt', 1));
    expectCatalogError(() => catalog.addFile(sampleFile('/a.txt', 2)), 'conflict', /\/a\.txt already exists/);
    const replaced = catalog.addFile(sampleFile('/a.txt', 2, { health: 'healthy' }), { replace: true });
    expect(replaced.id).not.toBe(first.id);
    expect(replaced).toMatchObject({ size: 1002, health: 'healthy' });
    expect(catalog.totals()).toEqual({ files: 1, bytes: 1002 });
  });

  it('refuses impossible records with a message that names the file', () => {
    expectCatalogError(() => catalog.addFile(sampleFile('/bad', 0, { size: -1 })), 'invalid_file', /\/bad.*size/);
    expectCatalogError(() => catalog.addFile(sampleFile('/bad', 0, { cap: 'not a cap' })), 'invalid_file', /URI:CHK/);
    expectCatalogError(() => catalog.addFile(sampleFile('/bad', 0, { encoding: { needed: 4, happy: 3, total: 5, segmentSize: 1 } })), 'invalid_file', /needed <= happy/);
    expectCatalogError(() => catalog.addFile(sampleFile('/bad', 0, { placements: [{ accountId: 'a', shareNumber: 5 }] })), 'invalid_file', /share number 5/);
    expectCatalogError(() => catalog.addFile(sampleFile('/bad/../x', 0)), 'invalid_path', /\. or \.\./);
    expectCatalogError(() => catalog.addFile(sampleFile('/', 0)), 'invalid_path', /needs a name/);
    expect(catalog.totals().files).toBe(0);
  });

  it('adds many files all or nothing', () => {
    catalog.addFile(sampleFile('/batch/3', 3));
    expectCatalogError(() => catalog.addFiles([sampleFile('/batch/1', 1), sampleFile('/batch/2', 2), sampleFile('/batch/3', 3)]), 'conflict');
    expect(catalog.totals().files).toBe(1);
    const added = catalog.addFiles([sampleFile('/batch/2', 2), sampleFile('/batch/1', 1)]);
    expect(added.map((entry) => entry.path)).toEqual(['/batch/2', '/batch/1']);
  });

  it('removes a file and says when it is missing', () => {
    const added = catalog.addFile(sampleFile('/docs/a.txt', 1));
    expect(catalog.removeFile('docs/a.txt')).toEqual(added);
    expect(catalog.getFile('/docs/a.txt')).toBeUndefined();
    expect(catalog.listFolder('/docs').files).toEqual([]);
    expectCatalogError(() => catalog.removeFile('/docs/a.txt'), 'not_found', /\/docs\/a\.txt is not in the catalog/);
  });

  it('moves a file, keeping its id, shares and health, and creating the target folders', () => {
    const added = catalog.addFile(sampleFile('/inbox/a.txt', 1));
    catalog.recordCheck(added.id, { health: 'healthy', summary: '5 of 5 shares' });
    const moved = catalog.moveFile('/inbox/a.txt', '/archive/2024/renamed.txt');
    expect(moved).toMatchObject({ id: added.id, path: '/archive/2024/renamed.txt', name: 'renamed.txt', folder: '/archive/2024', health: 'healthy', placements: added.placements });
    expect(catalog.getFile('/inbox/a.txt')).toBeUndefined();
    expect(catalog.listFolder('/archive').folders.map((f) => f.name)).toEqual(['2024']);
  });

  it('refuses moves onto an existing file or folder, and of a missing file', () => {
    catalog.addFile(sampleFile('/a.txt', 1));
    catalog.addFile(sampleFile('/b.txt', 2));
    catalog.createFolder('/folder');
    expectCatalogError(() => catalog.moveFile('/a.txt', '/b.txt'), 'conflict', /\/b\.txt already exists/);
    expectCatalogError(() => catalog.moveFile('/a.txt', '/folder'), 'conflict', /\/folder is a folder/);
    expectCatalogError(() => catalog.moveFile('/missing.txt', '/c.txt'), 'not_found');
    expectCatalogError(() => catalog.moveFile('/a.txt', '/b.txt/inside'), 'conflict', /\/b\.txt is a file/);
    expect(catalog.moveFile('/a.txt', 'a.txt').path).toBe('/a.txt');
  });

  it('stores names in every script', () => {
    const names = ['长城.jpg', 'تقرير.pdf', 'Москва.png', 'दस्तावेज़.txt', '🐈‍⬛ cat.gif', 'קובץ', 'ファイル', 'αρχείο'];
    for (const [index, name] of names.entries()) catalog.addFile(sampleFile(`/世界/${name}`, index));
    const listing = catalog.listFolder('/世界');
    expect(listing.files.map((entry) => entry.name).sort()).toEqual([...names].sort());
    for (const name of names) expect(catalog.getFile(`/世界/${name}`)?.name).toBe(name);
  });
});

describe('folders', () => {
  it('lists direct children sorted case-insensitively, with counts over all descendants', () => {
    addSamples(['/Photos/b.jpg', 1], ['/Photos/A.jpg', 2], ['/Photos/c.jpg', 3], ['/Photos/2024/x.jpg', 10], ['/Photos/2024/deep/y.jpg', 20], ['/Photos-old/z.jpg', 30]);
    catalog.createFolder('/Photos/empty');
    catalog.createFolder('/Photos/Zebra');
    catalog.createFolder('/Photos/apple');

    const listing = catalog.listFolder('Photos/');
    expect(listing.folder).toBe('/Photos');
    expect(listing.files.map((entry) => entry.name)).toEqual(['A.jpg', 'b.jpg', 'c.jpg']);
    expect(listing.folders).toEqual([
      { path: '/Photos/2024', name: '2024', fileCount: 2, totalBytes: 1010 + 1020 },
      { path: '/Photos/apple', name: 'apple', fileCount: 0, totalBytes: 0 },
      { path: '/Photos/empty', name: 'empty', fileCount: 0, totalBytes: 0 },
      { path: '/Photos/Zebra', name: 'Zebra', fileCount: 0, totalBytes: 0 },
    ]);
    const root = catalog.listFolder('/');
    expect(root.folders).toEqual([
      { path: '/Photos', name: 'Photos', fileCount: 5, totalBytes: 1001 + 1002 + 1003 + 1010 + 1020 },
      { path: '/Photos-old', name: 'Photos-old', fileCount: 1, totalBytes: 1030 },
    ]);
    expect(root.files).toEqual([]);
  });

  it('treats folder names as case-sensitive', () => {
    catalog.createFolder('/Music');
    catalog.createFolder('/music');
    expect(catalog.listFolder('/').folders.map((f) => f.path)).toEqual(['/Music', '/music']);
  });

  it('says when a folder does not exist; the root always does', () => {
    expectCatalogError(() => catalog.listFolder('/nowhere'), 'not_found', /The folder \/nowhere is not in the catalog/);
    expect(catalog.listFolder('')).toEqual({ folder: '/', folders: [], files: [] });
  });

  it('creates folders idempotently, with their parents', () => {
    catalog.createFolder('/a/b/c');
    catalog.createFolder('a/b/c/');
    expect(catalog.listFolder('/a').folders.map((f) => f.path)).toEqual(['/a/b']);
    expect(catalog.listFolder('/a/b/c').files).toEqual([]);
  });

  it("stores a file's placements beyond one INSERT's worth (256 shares) and reads them back", () => {
    const placements = Array.from({ length: 256 }, (_, shareNumber) => ({ accountId: `acct-${shareNumber % 7}`, shareNumber }));
    const added = catalog.addFile(sampleFile('/wide', 1, { encoding: { needed: 100, happy: 200, total: 256, segmentSize: 131072 }, placements }));
    expect(added.placements).toHaveLength(256);
    expect(catalog.getFile('/wide')).toEqual(added);
  });

  it('checks upload targets in order: a folder there, a file in the way of a folder to create, and the caller\'s own refusal first', () => {
    catalog.addFile(sampleFile('/report', 1));
    catalog.createFolder('/photos/2024');
    expect(() => catalog.checkFileTargets(['/photos/2024/a.jpg', '/new/deeper/b.jpg', '/new/deeper/c.jpg', '/new/d.jpg'])).not.toThrow();
    expectCatalogError(() => catalog.checkFileTargets(['/new/x', '/report/2024/a.jpg']), 'conflict', /\/report is a file/);
    expectCatalogError(() => catalog.checkFileTargets(['/new/x', '/photos/2024']), 'conflict', /\/photos\/2024 is a folder/);
    const asked: string[] = [];
    expect(() =>
      catalog.checkFileTargets(['/ok', '/in-flight', '/photos'], (target) => {
        asked.push(target);
        if (target === '/in-flight') throw new Error('already uploading');
      }),
    ).toThrow('already uploading');
    expect(asked).toEqual(['/ok', '/in-flight']);
    // Nothing was created by checking.
    expect(catalog.folderExists('/new')).toBe(false);
  });

  it('refuses a folder where a file is, and a file where a folder is', () => {
    catalog.addFile(sampleFile('/report', 1));
    expectCatalogError(() => catalog.createFolder('/report/2024'), 'conflict', /\/report is a file/);
    expectCatalogError(() => catalog.addFile(sampleFile('/report/x', 2)), 'conflict', /\/report is a file/);
    catalog.createFolder('/photos');
    expectCatalogError(() => catalog.addFile(sampleFile('/photos', 3)), 'conflict', /\/photos is a folder/);
  });

  it('removes a folder with everything below it, and nothing beside it', () => {
    addSamples(['/a/1', 1], ['/a/b/2', 2], ['/a/b/c/3', 3], ['/ab/4', 4], ['/a.txt', 5]);
    catalog.createFolder('/a/empty');
    expect(catalog.removeFolder('/a')).toBe(3);
    expect(catalog.allFiles().map((entry) => entry.path)).toEqual(['/a.txt', '/ab/4']);
    expect(catalog.listFolder('/').folders.map((f) => f.path)).toEqual(['/ab']);
    expectCatalogError(() => catalog.listFolder('/a/b'), 'not_found');
    expect(catalog.accountTotals().get('acct-a')?.files).toBe(2);
    expectCatalogError(() => catalog.removeFolder('/a'), 'not_found');
    expectCatalogError(() => catalog.removeFolder('/'), 'invalid_path', /root folder cannot be removed/);
  });

  it('lists a folder of 10 000 files', () => {
    const files = Array.from({ length: 10_000 }, (_, i) => sampleFile(`/big/file-${String(i).padStart(5, '0')}.bin`, i));
    catalog.addFiles(files);
    const listing = catalog.listFolder('/big');
    expect(listing.files).toHaveLength(10_000);
    expect(listing.files[0]!.name).toBe('file-00000.bin');
    expect(listing.files[9_999]!.placements).toHaveLength(5);
    expect(catalog.listFolder('/').folders[0]!.fileCount).toBe(10_000);
    expect(catalog.filesOnAccount('acct-b')).toHaveLength(10_000);
  });
});

describe('placements and health', () => {
  it('totals shares and bytes per account', () => {
    const a = catalog.addFile(sampleFile('/a', 1, { shareSize: 100, placements: spreadShares(['x', 'y']) })); // x: 0,2,4  y: 1,3
    catalog.addFile(sampleFile('/b', 2, { shareSize: 10, placements: [{ accountId: 'y', shareNumber: 0 }] }));
    expect(catalog.accountTotals()).toEqual(
      new Map([
        ['x', { files: 1, shares: 3, bytes: 300 }],
        ['y', { files: 2, shares: 3, bytes: 210 }],
      ]),
    );
    expect(catalog.filesOnAccount('x').map((entry) => entry.path)).toEqual(['/a']);
    expect(catalog.filesOnAccount('y').map((entry) => entry.path)).toEqual(['/a', '/b']);

    catalog.setPlacements(a.id, [{ accountId: 'z', shareNumber: 1 }, { accountId: 'z', shareNumber: 1 }]);
    expect(catalog.getFileById(a.id)!.placements).toEqual([{ accountId: 'z', shareNumber: 1 }]);
    expect(catalog.filesOnAccount('x')).toEqual([]);
    expectCatalogError(() => catalog.setPlacements(a.id, [{ accountId: 'z', shareNumber: 9 }]), 'invalid_file', /share number 9/);
    expectCatalogError(() => catalog.setPlacements(999, []), 'not_found');
  });

  it('remaps an account id, merging shares the new id already holds', () => {
    const a = catalog.addFile(sampleFile('/a', 1, { placements: [{ accountId: 'old', shareNumber: 0 }, { accountId: 'old', shareNumber: 1 }, { accountId: 'new', shareNumber: 1 }] }));
    const b = catalog.addFile(sampleFile('/b', 2, { placements: [{ accountId: 'old', shareNumber: 2 }, { accountId: 'other', shareNumber: 3 }] }));
    catalog.remapAccount('old', 'new');
    expect(catalog.getFileById(a.id)!.placements).toEqual([{ accountId: 'new', shareNumber: 0 }, { accountId: 'new', shareNumber: 1 }]);
    expect(catalog.getFileById(b.id)!.placements).toEqual([{ accountId: 'new', shareNumber: 2 }, { accountId: 'other', shareNumber: 3 }]);
    expect(catalog.filesOnAccount('old')).toEqual([]);
  });

  it('records checks and counts files by health', () => {
    const a = catalog.addFile(sampleFile('/a', 1));
    const b = catalog.addFile(sampleFile('/b', 2, { health: 'healthy' }));
    catalog.addFile(sampleFile('/c', 3));
    catalog.recordCheck(a.id, { health: 'degraded', summary: '4 of 5 shares', checkedAt: 5_000 });
    clock = 7_000;
    catalog.recordCheck(b.id, { health: 'at-risk', summary: '3 of 5 shares' });
    expect(catalog.getFileById(a.id)).toMatchObject({ health: 'degraded', lastCheckedAt: 5_000, lastCheckSummary: '4 of 5 shares' });
    expect(catalog.getFileById(b.id)).toMatchObject({ health: 'at-risk', lastCheckedAt: 7_000 });
    expect(catalog.healthCounts()).toEqual({ healthy: 0, degraded: 1, 'at-risk': 1, unreadable: 0, unknown: 1 });
    expectCatalogError(() => catalog.recordCheck(999, { health: 'healthy', summary: '' }), 'not_found');
  });
});

describe('revision', () => {
  it('counts committed changes to files, folders and placements only, and tells listeners after commit', () => {
    const seen: [revision: number, filesVisible: number][] = [];
    const stop = catalog.onChange((revision) => seen.push([revision, catalog.totals().files]));
    expect(catalog.revision()).toBe(0);
    const a = catalog.addFile(sampleFile('/a', 1));
    catalog.createFolder('/f');
    catalog.createFolder('/f'); // already there: no change
    catalog.setPlacements(a.id, []);
    catalog.recordCheck(a.id, { health: 'healthy', summary: 'ok' });
    catalog.addEvent({ kind: 'check', severity: 'info', message: 'checked' });
    catalog.remapAccount('nobody', 'someone'); // nothing to rewrite: no change
    expectCatalogError(() => catalog.addFile(sampleFile('/a', 1)), 'conflict'); // rolled back: no change
    catalog.moveFile('/a', '/f/a');
    catalog.removeFile('/f/a');
    expect(seen).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 0],
    ]);
    expect(catalog.revision()).toBe(5);
    stop();
    catalog.createFolder('/g');
    expect(seen).toHaveLength(5);
    expect(catalog.revision()).toBe(6);
  });

  it('keeps telling other listeners when one throws', () => {
    const heard: number[] = [];
    const original = console.error;
    console.error = () => undefined;
    try {
      catalog.onChange(() => {
        throw new Error('listener bug');
      });
      catalog.onChange((revision) => heard.push(revision));
      expect(() => catalog.createFolder('/x')).not.toThrow();
    } finally {
      console.error = original;
    }
    expect(heard).toEqual([1]);
  });
});

describe('persistence', () => {
  it('keeps everything across close and reopen', () => {
    const a = catalog.addFile(sampleFile('/Photos/照片.jpg', 1));
    catalog.createFolder('/empty');
    catalog.recordCheck(a.id, { health: 'healthy', summary: 'all shares present' });
    catalog.addEvent({ kind: 'check', severity: 'info', message: 'checked 1 file' });
    const before = { files: catalog.allFiles(), root: catalog.listFolder('/'), revision: catalog.revision(), events: catalog.listEvents() };
    catalog.close();

    catalog = Catalog.open(file, { now: () => clock });
    expect({ files: catalog.allFiles(), root: catalog.listFolder('/'), revision: catalog.revision(), events: catalog.listEvents() }).toEqual(before);
    expect(catalog.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(catalog.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('leaves tables it does not own alone, so other parts of RAIC can share the file', () => {
    catalog.db.exec('CREATE TABLE jobs (id INTEGER PRIMARY KEY, kind TEXT)');
    catalog.db.prepare('INSERT INTO jobs (kind) VALUES (?)').run('upload');
    catalog.close();
    catalog = Catalog.open(file);
    expect(catalog.db.prepare('SELECT kind FROM jobs').all()).toEqual([{ kind: 'upload' }]);
  });
});
