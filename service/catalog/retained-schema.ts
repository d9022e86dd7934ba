/**
 * Migration 2: what the catalog keeps after a file stops being current.
 *
 * - `trash_items`: one row per delete the user made (a file, or a folder with
 *   everything below it), with when it happened and the folders it held, so
 *   a restore can bring back empty subfolders too.
 * - `retained_files`: file contents no longer listed in `files`: a previous
 *   version of a path (role 'version', no trash item) or something in the
 *   trash (a trash item set; role 'current' for what was listed, 'version'
 *   for its earlier versions, which go to the trash with it).
 * - `retained_placements`: where their shares are, like `placements`.
 *
 * A trigger keeps a file's versions on its path when the file is moved or
 * renamed (by any code that updates `files.path`), so versions follow moves.
 */
import type { Database } from './sqlite';

export function addRetainedTables(db: Database): void {
  db.exec(`
    CREATE TABLE trash_items (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      path TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('file', 'folder')),
      deleted_at REAL NOT NULL,
      folders TEXT NOT NULL DEFAULT '[]'
    ) STRICT;
    CREATE INDEX trash_items_by_path ON trash_items (path, deleted_at);

    CREATE TABLE retained_files (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      trash_item INTEGER REFERENCES trash_items (id) ON DELETE CASCADE,
      role TEXT NOT NULL CHECK (role IN ('current', 'version')),
      path TEXT NOT NULL,
      size INTEGER NOT NULL CHECK (size >= 0),
      cap TEXT NOT NULL,
      verify_cap TEXT,
      storage_index TEXT,
      needed INTEGER NOT NULL,
      happy INTEGER NOT NULL,
      total INTEGER NOT NULL,
      segment_size INTEGER NOT NULL,
      share_size INTEGER NOT NULL CHECK (share_size >= 0),
      source_modified_at REAL,
      stored_at REAL NOT NULL,
      retained_at REAL NOT NULL,
      CHECK (trash_item IS NOT NULL OR role = 'version')
    ) STRICT;
    CREATE INDEX retained_by_path ON retained_files (path, retained_at);
    CREATE INDEX retained_by_trash_item ON retained_files (trash_item);
    CREATE INDEX retained_by_storage_index ON retained_files (storage_index);

    CREATE TABLE retained_placements (
      retained_id INTEGER NOT NULL REFERENCES retained_files (id) ON DELETE CASCADE,
      account_id TEXT NOT NULL,
      share_number INTEGER NOT NULL CHECK (share_number >= 0),
      PRIMARY KEY (retained_id, account_id, share_number)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX retained_placements_by_account ON retained_placements (account_id);

    CREATE INDEX files_by_storage_index ON files (storage_index);

    CREATE TRIGGER versions_follow_moves AFTER UPDATE OF path ON files
    WHEN NEW.path <> OLD.path
    BEGIN
      UPDATE retained_files SET path = NEW.path WHERE path = OLD.path AND trash_item IS NULL;
    END;
  `);
}
