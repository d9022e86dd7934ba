/**
 * Every statement the catalog runs, prepared once per connection. The file
 * reads live in FileReader and the health log in EventLog.
 */
import type { Database } from './sqlite';
import type { FileHealth } from './types';

export type CatalogStatements = ReturnType<typeof prepareCatalogStatements>;

export function prepareCatalogStatements(db: Database) {
  return {
    fileIdByPath: db.prepare<[string], { id: number }>('SELECT id FROM files WHERE path = ?'),
    shareLimitById: db.prepare<[number], { path: string; total: number }>('SELECT path, total FROM files WHERE id = ?'),
    folderExists: db.prepare<[string], { found: 1 }>('SELECT 1 AS found FROM folders WHERE path = ?'),
    insertFolder: db.prepare<[string, string]>('INSERT OR IGNORE INTO folders (path, parent) VALUES (?, ?)'),
    childFolders: db.prepare<[string], { path: string }>('SELECT path FROM folders WHERE parent = ?'),
    allFolders: db.prepare<[], { path: string }>("SELECT path FROM folders WHERE path <> '/' ORDER BY path"),
    filesBelow: db.prepare<[string, string], { files: number; bytes: number }>(
      'SELECT COUNT(*) AS files, COALESCE(SUM(size), 0) AS bytes FROM files WHERE path > ? AND path < ?',
    ),
    // Its id is the run's lastInsertRowid (files.id is the rowid), not a RETURNING row; bound by position, which costs less than by name.
    insertFile: db.prepare<
      [string, string, string, number, string, string | null, string | null, number, number, number, number, number, number | null, number, string]
    >(`
      INSERT INTO files (path, folder, name, size, cap, verify_cap, storage_index, needed, happy, total, segment_size,
                         share_size, source_modified_at, stored_at, health)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    // The file at a path (?1), whether the path is a folder, and whether its parent folder (?2) exists: three indexed lookups, one statement.
    pathState: db
      .prepare<[string, string]>(
        `SELECT (SELECT id FROM files WHERE path = ?1), EXISTS (SELECT 1 FROM folders WHERE path = ?1), EXISTS (SELECT 1 FROM folders WHERE path = ?2)`,
      )
      .raw<[fileId: number | null, isFolder: 0 | 1, parentExists: 0 | 1]>(),
    deleteFileById: db.prepare<[number]>('DELETE FROM files WHERE id = ?'),
    deleteFilesBelow: db.prepare<[string, string]>('DELETE FROM files WHERE path > ? AND path < ?'),
    deleteFolderTree: db.prepare<[string, string, string]>('DELETE FROM folders WHERE path = ? OR (path > ? AND path < ?)'),
    moveFile: db.prepare<[string, string, string, number]>('UPDATE files SET path = ?, folder = ?, name = ? WHERE id = ?'),
    deletePlacements: db.prepare<[number]>('DELETE FROM placements WHERE file_id = ?'),
    // A file may already hold a share on the target account under the same
    // number; OR IGNORE keeps that row and the DELETE drops the duplicate.
    remapPlacements: db.prepare<[string, string]>('UPDATE OR IGNORE placements SET account_id = ? WHERE account_id = ?'),
    deleteAccountPlacements: db.prepare<[string]>('DELETE FROM placements WHERE account_id = ?'),
    // The same for the trash and previous versions (retained-schema.ts).
    remapRetainedPlacements: db.prepare<[string, string]>('UPDATE OR IGNORE retained_placements SET account_id = ? WHERE account_id = ?'),
    deleteRetainedAccountPlacements: db.prepare<[string]>('DELETE FROM retained_placements WHERE account_id = ?'),
    recordCheck: db.prepare<[FileHealth, number, string, number]>(
      'UPDATE files SET health = ?, last_checked_at = ?, last_check_summary = ? WHERE id = ?',
    ),
    accountTotals: db.prepare<[], { account_id: string; files: number; shares: number; bytes: number }>(`
      SELECT p.account_id, COUNT(DISTINCT p.file_id) AS files, COUNT(*) AS shares, SUM(f.share_size) AS bytes
      FROM placements p JOIN files f ON f.id = p.file_id
      GROUP BY p.account_id`),
    healthCounts: db.prepare<[], { health: FileHealth; files: number }>('SELECT health, COUNT(*) AS files FROM files GROUP BY health'),
    totals: db.prepare<[], { files: number; bytes: number }>('SELECT COUNT(*) AS files, COALESCE(SUM(size), 0) AS bytes FROM files'),
    revision: db.prepare<[], { value: number }>("SELECT value FROM catalog_meta WHERE key = 'revision'"),
    bumpRevision: db.prepare<[], { value: number }>("UPDATE catalog_meta SET value = value + 1 WHERE key = 'revision' RETURNING value"),
  };
}
