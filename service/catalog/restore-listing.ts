/**
 * Read-only listing for restores: every file below a folder with only what a
 * restore needs (no placement rows, no check results), read in pages by path
 * so a tree of 10,000 files costs a few short statements and never holds a
 * statement open across the restore's awaits (the job runner writes to the
 * same connection meanwhile).
 */
import type { Database, Statement } from './sqlite';
import { descendantRange, normalizeCatalogPath } from './paths';

/** A file as a restore sees it. */
export interface RestoreEntry {
  path: string;
  name: string;
  size: number;
  cap: string;
  sourceModifiedAt: number | null;
  storedAt: number;
}

interface EntryRow {
  path: string;
  name: string;
  size: number;
  cap: string;
  source_modified_at: number | null;
  stored_at: number;
}

const PAGE_ROWS = 1000;

const statements = new WeakMap<Database, { page: Statement<[string, string, number], EntryRow>; one: Statement<[string], EntryRow>; folder: Statement<[string], { found: 1 }>; empty: Statement<[string, string, string], { path: string }> }>();

function prepared(db: Database) {
  let found = statements.get(db);
  if (!found) {
    const columns = 'path, name, size, cap, source_modified_at, stored_at';
    found = {
      // Keyset paging on the UNIQUE path index: each page starts after the last path of the previous one.
      page: db.prepare(`SELECT ${columns} FROM files WHERE path > ? AND path < ? ORDER BY path LIMIT ?`),
      one: db.prepare(`SELECT ${columns} FROM files WHERE path = ?`),
      folder: db.prepare('SELECT 1 AS found FROM folders WHERE path = ?'),
      empty: db.prepare(`
        SELECT f.path FROM folders f
        WHERE (f.path = ? OR (f.path > ? AND f.path < ?))
          AND NOT EXISTS (SELECT 1 FROM folders c WHERE c.parent = f.path)
          AND NOT EXISTS (SELECT 1 FROM files x WHERE x.folder = f.path)
        ORDER BY f.path`),
    };
    statements.set(db, found);
  }
  return found;
}

function toEntry(row: EntryRow): RestoreEntry {
  return { path: row.path, name: row.name, size: row.size, cap: row.cap, sourceModifiedAt: row.source_modified_at, storedAt: row.stored_at };
}

/** The file at `path`, if there is one (a restore of a single file). */
export function restoreEntryAt(db: Database, path: string): RestoreEntry | undefined {
  const row = prepared(db).one.get(path);
  return row && toEntry(row);
}

export function catalogFolderExists(db: Database, folder: string): boolean {
  return prepared(db).folder.get(normalizeCatalogPath(folder)) !== undefined;
}

/** Every file below `folder` (at any depth), in path order, a page at a time. */
export function* restoreEntriesBelow(db: Database, folder: string): Generator<RestoreEntry> {
  const { above, below } = descendantRange(normalizeCatalogPath(folder));
  let after = above;
  for (;;) {
    const rows = prepared(db).page.all(after, below, PAGE_ROWS);
    for (const row of rows) yield toEntry(row);
    if (rows.length < PAGE_ROWS) return;
    after = rows.at(-1)!.path;
  }
}

/** Folders at or below `folder` that hold neither files nor folders (they must exist after a restore too). */
export function emptyFoldersBelow(db: Database, folder: string): string[] {
  const root = normalizeCatalogPath(folder);
  const { above, below } = descendantRange(root);
  return prepared(db).empty.all(root, above, below).map((row) => row.path);
}
