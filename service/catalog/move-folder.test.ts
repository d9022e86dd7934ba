/** Catalog.moveFolder: a tree renamed by prefix in one transaction, with names outside ASCII, siblings sharing a prefix left alone, and clashes refused. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Catalog } from './catalog';
import { catalogErrorFrom, sampleFile, temporaryFolder } from '../test-support/catalog';

let folder: ReturnType<typeof temporaryFolder>;
let catalog: Catalog;
beforeEach(() => {
  folder = temporaryFolder();
  catalog = Catalog.open(`${folder.path}/catalog.sqlite`);
});
afterEach(() => {
  catalog.close();
  folder.remove();
});

const paths = () => catalog.allFiles().map((file) => file.path);

it('moves a folder with everything below it, keeping file ids, placements and empty subfolders', () => {
  catalog.addFiles([sampleFile('/Fotos été/a.jpg', 1), sampleFile('/Fotos été/2024/日本/b.jpg', 2), sampleFile('/Fotos étéX/c.jpg', 3), sampleFile('/Fotos été.txt', 4)]);
  catalog.createFolder('/Fotos été/empty');
  const before = catalog.getFile('/Fotos été/2024/日本/b.jpg')!;
  const revision = catalog.revision();

  expect(catalog.moveFolder('/Fotos été', '/Archive/Ünïcode')).toBe(2);
  expect(paths()).toEqual(['/Archive/Ünïcode/2024/日本/b.jpg', '/Archive/Ünïcode/a.jpg', '/Fotos été.txt', '/Fotos étéX/c.jpg']);
  const after = catalog.getFile('/Archive/Ünïcode/2024/日本/b.jpg')!;
  expect(after).toMatchObject({ id: before.id, folder: '/Archive/Ünïcode/2024/日本', name: 'b.jpg', cap: before.cap, placements: before.placements });
  expect(catalog.listFolder('/Archive/Ünïcode').folders.map((f) => f.name)).toEqual(['2024', 'empty']);
  expect(catalog.listFolder('/Archive').folders).toEqual([{ path: '/Archive/Ünïcode', name: 'Ünïcode', fileCount: 2, totalBytes: 1001 + 1002 }]);
  expect(catalog.listFolder('/').folders.map((f) => f.name)).toEqual(['Archive', 'Fotos étéX']);
  expect(catalog.revision()).toBe(revision + 1);
  expect(catalog.db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
});

it('refuses the root, a move into itself, a missing folder and names already taken, changing nothing', () => {
  catalog.addFiles([sampleFile('/A/x.jpg', 1), sampleFile('/B/y.jpg', 2), sampleFile('/file.txt', 3)]);
  const revision = catalog.revision();
  expect(catalogErrorFrom(() => catalog.moveFolder('/', '/Z'), 'invalid_path').message).toMatch(/root folder cannot be moved/);
  expect(catalogErrorFrom(() => catalog.moveFolder('/A', '/A/inner'), 'invalid_path').message).toMatch(/cannot go inside itself/);
  expect(catalogErrorFrom(() => catalog.moveFolder('/Nope', '/Z'), 'not_found').message).toMatch(/The folder \/Nope is not in the catalog/);
  expect(catalogErrorFrom(() => catalog.moveFolder('/A', '/B'), 'conflict').message).toMatch(/\/B already exists as a folder/);
  expect(catalogErrorFrom(() => catalog.moveFolder('/A', '/file.txt'), 'conflict').message).toMatch(/\/file\.txt already exists as a file/);
  expect(catalogErrorFrom(() => catalog.moveFolder('/A', '/file.txt/sub'), 'conflict').message).toMatch(/\/file\.txt is a file, not a folder/);
  expect(paths()).toEqual(['/A/x.jpg', '/B/y.jpg', '/file.txt']);
  expect(catalog.revision()).toBe(revision);
});
