import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from './catalog';
import { CatalogError } from './errors';
import { parseCatalogSnapshot } from './snapshot';
import { catalogErrorFrom, sampleFile, temporaryFolder } from '../test-support/catalog';
import type { CatalogSnapshot } from './types';

let folder: ReturnType<typeof temporaryFolder>;
let source: Catalog;
let target: Catalog;

beforeEach(() => {
  folder = temporaryFolder();
  source = Catalog.open(join(folder.path, 'source.sqlite'), { now: () => 1_000 });
  target = Catalog.open(join(folder.path, 'target.sqlite'), { now: () => 9_000 });
});
afterEach(() => {
  source.close();
  target.close();
  folder.remove();
});

/** What a snapshot is meant to carry over: everything but ids and this machine's check results. */
function portable(catalog: Catalog) {
  return catalog.allFiles().map(({ id: _id, health: _health, lastCheckedAt: _at, lastCheckSummary: _summary, ...rest }) => rest);
}

function fillSource(): void {
  source.addFile(sampleFile('/Photos/2024/长城.jpg', 1));
  source.addFile(sampleFile('/Docs/تقرير.pdf', 2, { sourceModifiedAt: null }));
  source.addFile(sampleFile('/tiny', 3, { cap: 'URI:LIT:nfxgs', verifyCap: null, storageIndex: null, placements: [] }));
  source.createFolder('/Empty/Nested');
  const checked = source.getFile('/tiny')!;
  source.recordCheck(checked.id, { health: 'healthy', summary: 'literal' });
}

function rejectionOf(json: unknown): CatalogError {
  return catalogErrorFrom(() => parseCatalogSnapshot(json), 'invalid_snapshot');
}

describe('recovery snapshot', () => {
  it('exports everything needed to read the files back', () => {
    fillSource();
    const snapshot = source.exportSnapshot();
    expect(snapshot).toMatchObject({ format: 'raic-catalog', version: 2, exportedAt: 1_000, versions: [], trash: [] });
    expect(snapshot.folders).toEqual(['/Docs', '/Empty', '/Empty/Nested', '/Photos', '/Photos/2024']);
    expect(snapshot.files.map((file) => file.path)).toEqual(['/Docs/تقرير.pdf', '/Photos/2024/长城.jpg', '/tiny']);
    expect(Object.keys(snapshot.files[0]!).sort()).toEqual(
      ['cap', 'encoding', 'path', 'placements', 'shareSize', 'size', 'sourceModifiedAt', 'storageIndex', 'storedAt', 'verifyCap'].sort(),
    );
  });

  it('imports into a fresh catalog as identical files, through JSON and back', () => {
    fillSource();
    const json = JSON.parse(JSON.stringify(source.exportSnapshot())) as unknown;
    expect(target.importSnapshot(parseCatalogSnapshot(json))).toEqual({ imported: 3, skipped: 0, versions: 0, trashItems: 0 });
    expect(portable(target)).toEqual(portable(source));
    expect(target.listFolder('/Empty').folders.map((f) => f.path)).toEqual(['/Empty/Nested']);
    expect(target.healthCounts().unknown).toBe(3);
    expect(target.revision()).toBe(1);
  });

  it('remaps account ids on import', () => {
    source.addFile(sampleFile('/a', 1, { placements: [{ accountId: 'old-1', shareNumber: 0 }, { accountId: 'old-2', shareNumber: 1 }, { accountId: 'kept', shareNumber: 2 }] }));
    target.importSnapshot(source.exportSnapshot(), { accountIdMap: new Map([['old-1', 'zz-new-1'], ['old-2', 'aa-new-2']]) });
    expect(target.getFile('/a')!.placements).toEqual([
      { accountId: 'aa-new-2', shareNumber: 1 },
      { accountId: 'kept', shareNumber: 2 },
      { accountId: 'zz-new-1', shareNumber: 0 },
    ]);
  });

  it('skips files already present unless told to replace them', () => {
    fillSource();
    const mine = target.addFile(sampleFile('/tiny', 99));
    expect(target.importSnapshot(source.exportSnapshot())).toEqual({ imported: 2, skipped: 1, versions: 0, trashItems: 0 });
    expect(target.getFile('/tiny')!.id).toBe(mine.id);
    expect(target.importSnapshot(source.exportSnapshot(), { onConflict: 'replace' })).toEqual({ imported: 3, skipped: 0, versions: 0, trashItems: 0 });
    expect(target.getFile('/tiny')!.cap).toBe('URI:LIT:nfxgs');
  });

  it('imports nothing when any path collides with a folder', () => {
    fillSource();
    target.addFile(sampleFile('/Empty', 5));
    expect(() => target.importSnapshot(source.exportSnapshot())).toThrow(/\/Empty is a file/);
    expect(target.allFiles().map((file) => file.path)).toEqual(['/Empty']);
  });

  it('normalizes paths from the snapshot', () => {
    source.addFile(sampleFile('/a/b', 1));
    const snapshot = source.exportSnapshot();
    const messy: CatalogSnapshot = { ...snapshot, folders: ['x//y/'], files: [{ ...snapshot.files[0]!, path: 'a//b/' }] };
    expect(parseCatalogSnapshot(messy)).toMatchObject({ folders: ['/x/y'], files: [{ path: '/a/b' }] });
  });

  it('rejects what is not a valid snapshot, saying what is wrong', () => {
    source.addFile(sampleFile('/a', 1));
    const good = source.exportSnapshot();
    const file = good.files[0]!;
    expect(rejectionOf('text').message).toMatch(/not a JSON object/);
    expect(rejectionOf({ ...good, format: 'zip' }).message).toMatch(/format is "zip"/);
    expect(rejectionOf({ ...good, version: 3 }).message).toMatch(/newer version of RAIC.*update RAIC/);
    expect(rejectionOf({ ...good, files: [{ ...file, size: 'big' }] }).message).toMatch(/files\.0\.size/);
    expect(rejectionOf({ ...good, files: [{ ...file, path: '../etc/passwd' }] }).message).toMatch(/files\.0\.path.*\. or \.\./);
    expect(rejectionOf({ ...good, files: [file, file] }).message).toMatch(/\/a appears twice/);
    expect(rejectionOf({ ...good, files: [{ ...file, placements: [{ accountId: 'x', shareNumber: 7 }] }] }).message).toMatch(/share number 7/);
    expect(rejectionOf({ ...good, folders: ['a\u0000b'] }).message).toMatch(/folders\.0.*control characters/);
    expect(() => target.importSnapshot({ ...good, exportedAt: -1 })).toThrow(CatalogError);
  });
});
