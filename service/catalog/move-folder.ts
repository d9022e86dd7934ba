/**
 * Moving (renaming) a folder with everything below it: one UPDATE of the
 * folder rows and one of the file rows, by path prefix, inside the caller's
 * transaction. Foreign keys (a folder's parent, a file's folder) point at
 * paths that change in the same statement, so their check is deferred to
 * the commit, where the moved tree is whole again.
 */
import type { Database } from './sqlite';
import { CatalogError } from './errors';
import { ROOT, ancestorsOf, descendantRange, parentOf } from './paths';

/** Moves the folder `from` to `to` (both normalized); returns how many files moved with it. */
export function moveFolderTree(db: Database, from: string, to: string): number {
  if (from === ROOT) throw new CatalogError('invalid_path', 'The root folder cannot be moved; move the files and folders inside it instead.');
  if (to === from) return 0;
  if (to.startsWith(`${from}/`)) throw new CatalogError('invalid_path', `Cannot move ${from} into ${to}: a folder cannot go inside itself.`);
  const folderExists = (path: string) => db.prepare<[string], { found: 1 }>('SELECT 1 AS found FROM folders WHERE path = ?').get(path) !== undefined;
  const fileExists = (path: string) => db.prepare<[string], { id: number }>('SELECT id FROM files WHERE path = ?').get(path) !== undefined;
  if (!folderExists(from)) throw new CatalogError('not_found', `The folder ${from} is not in the catalog; refresh the view, it may have been moved or removed.`);
  if (folderExists(to)) throw new CatalogError('conflict', `${to} already exists as a folder; choose another name, or move the folder inside it (${to}/${from.slice(from.lastIndexOf('/') + 1)}).`);
  if (fileExists(to)) throw new CatalogError('conflict', `${to} already exists as a file; choose another name.`);
  for (const folder of ancestorsOf(to)) {
    if (fileExists(folder)) throw new CatalogError('conflict', `Cannot move ${from} to ${to}: ${folder} is a file, not a folder; choose another folder.`);
    db.prepare<[string, string]>('INSERT OR IGNORE INTO folders (path, parent) VALUES (?, ?)').run(folder, parentOf(folder));
  }
  db.pragma('defer_foreign_keys = ON');
  const { above, below } = descendantRange(from);
  // SQLite's length() and substr() both count characters, so the prefix is cut in SQL's own terms.
  const range = { from, to, toParent: parentOf(to), above, below };
  db.prepare<[typeof range]>(
    `UPDATE folders SET
       parent = CASE WHEN path = @from THEN @toParent ELSE @to || substr(parent, length(@from) + 1) END,
       path = @to || substr(path, length(@from) + 1)
     WHERE path = @from OR (path > @above AND path < @below)`,
  ).run(range);
  return db
    .prepare<[typeof range]>(
      `UPDATE files SET
         folder = @to || substr(folder, length(@from) + 1),
         path = @to || substr(path, length(@from) + 1)
       WHERE path > @above AND path < @below`,
    )
    .run(range).changes;
}
