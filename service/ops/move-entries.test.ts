/** moveEntries: a selection of files and folders goes into one folder, or nothing moves and every problem is named. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { Catalog } from '../catalog';
import { sampleFile, temporaryFolder } from '../test-support/catalog';
import { moveEntries } from './move-entries';

let folder: ReturnType<typeof temporaryFolder>;
let catalog: Catalog;
beforeEach(() => {
  folder = temporaryFolder();
  catalog = Catalog.open(`${folder.path}/catalog.sqlite`);
  catalog.addFiles([sampleFile('/Inbox/a.txt', 1), sampleFile('/Inbox/Trip/b.jpg', 2), sampleFile('/Inbox/Trip/2024/c.jpg', 3), sampleFile('/Archive/old.txt', 4)]);
});
afterEach(() => {
  catalog.close();
  folder.remove();
});

const paths = () => catalog.allFiles().map((file) => file.path);
function refusal(paths: string[], toFolder: string): string {
  try {
    moveEntries(catalog, { paths, toFolder });
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return (error as ApiError).message;
  }
  throw new Error('expected a refusal');
}

it('moves files and folders (with everything in them) into a folder it creates, skipping what is already there', () => {
  const moved = moveEntries(catalog, { paths: ['/Inbox/a.txt', '/Inbox/Trip', '/Archive/old.txt'], toFolder: '/Archive' });
  expect(moved).toEqual([
    { from: '/Inbox/a.txt', to: '/Archive/a.txt', kind: 'file', files: 1 },
    { from: '/Inbox/Trip', to: '/Archive/Trip', kind: 'folder', files: 2 },
  ]);
  expect(paths()).toEqual(['/Archive/Trip/2024/c.jpg', '/Archive/Trip/b.jpg', '/Archive/a.txt', '/Archive/old.txt']);
  moveEntries(catalog, { paths: ['/Archive/a.txt'], toFolder: '/New/Deeper' });
  expect(catalog.getFile('/New/Deeper/a.txt')).toBeDefined();
});

it('refuses the whole selection, moving nothing, and names each problem with what to do', () => {
  catalog.addFiles([sampleFile('/Archive/a.txt', 5), sampleFile('/Other/Trip', 6)]);
  const before = paths();
  expect(refusal(['/Inbox/a.txt', '/Inbox/Trip'], '/Archive')).toMatch(/^Nothing was moved\. \/Archive already has an item named "a\.txt"; rename it \(or yours\) first, or choose another folder\.$/);
  expect(refusal(['/Inbox/a.txt', '/Inbox/a.txt/'], '/Other')).toMatch(/\/Inbox\/a\.txt is chosen twice; choose it once/);
  expect(refusal(['/Inbox/Trip', '/Inbox/Trip/b.jpg'], '/Archive2')).toMatch(/\/Inbox\/Trip\/b\.jpg is inside \/Inbox\/Trip, which moves too; choose only \/Inbox\/Trip/);
  expect(refusal(['/Inbox/Trip'], '/Inbox/Trip/2024')).toMatch(/cannot go inside itself/);
  expect(refusal(['/Inbox/Trip', '/Other/Trip'], '/Z')).toMatch(/\/Inbox\/Trip and \/Other\/Trip are all named "Trip"; rename one of them first/);
  expect(refusal(['/Inbox/gone.txt'], '/Z')).toMatch(/not in your files any more/);
  expect(refusal(['/Inbox/Trip'], '/Archive/old.txt')).toMatch(/is a file, not a folder/);
  expect(refusal(['/'], '/Z')).toMatch(/top folder\) cannot be moved/);
  expect(paths()).toEqual(before);
  expect(catalog.folderExists('/Z')).toBe(false);
});
