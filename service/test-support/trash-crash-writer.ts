/**
 * The trash crash test's victim: uploads over a few paths (new versions),
 * moves files and folders to the trash and restores them, and restores
 * versions, as fast as it can, printing "committed <n> rows <r>" after each
 * change, r being the listed plus retained files. None of these changes
 * drops content, so r only grows (by at most one per change) until the test
 * kills it with SIGKILL.
 * Usage: node --import tsx trash-crash-writer.ts <catalog file> <seed>
 */
import { Catalog } from '../catalog/catalog';
import { listTrash, moveToTrash, restoreFromTrash } from '../catalog/trash';
import { listVersions, restoreVersion, storeWithVersion } from '../catalog/versions';
import { sampleFile } from './catalog';

const MAX_CHANGES = 200_000;
const PATHS = ['/a/one.txt', '/a/two.txt', '/a/deep/three.txt', '/b/four.txt'];

const [file, seedText] = process.argv.slice(2);
if (!file || !seedText) {
  console.error('usage: trash-crash-writer.ts <catalog file> <seed>');
  process.exit(2);
}
let state = Number(seedText) * 2654435761 + 1;
const random = (n: number) => {
  state = (state * 1103515245 + 12345) % 2147483648;
  return state % n;
};

const catalog = Catalog.open(file);
const rows = () => catalog.db.prepare<[], { n: number }>('SELECT (SELECT COUNT(*) FROM files) + (SELECT COUNT(*) FROM retained_files) AS n').get()!.n;
let content = Number(seedText) * 100_000;
for (let change = 1; change <= MAX_CHANGES; change++) {
  const path = PATHS[random(PATHS.length)]!;
  const kind = random(10);
  try {
    if (kind < 5) storeWithVersion(catalog, sampleFile(path, content++ % 7 === 0 ? 1 : content));
    else if (kind < 7) moveToTrash(catalog, random(2) === 0 ? path : path.slice(0, path.indexOf('/', 1)));
    else if (kind < 9) {
      const items = listTrash(catalog);
      if (items.length > 0) restoreFromTrash(catalog, items[random(items.length)]!.id);
    } else {
      const versions = catalog.getFile(path) ? listVersions(catalog, path) : [];
      if (versions.length > 0) restoreVersion(catalog, path, versions[random(versions.length)]!.id);
    }
  } catch (error) {
    // Moving something not there, or restoring under a file that became a folder: refused whole, nothing changed.
    if (!(error instanceof Error && 'code' in error)) throw error;
  }
  process.stdout.write(`committed ${change} rows ${rows()}\n`);
}
catalog.close();
