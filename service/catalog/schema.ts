/**
 * The catalog's tables and their forward migrations. `PRAGMA user_version`
 * holds how many migrations have run; each migration runs in its own
 * transaction together with the version bump, so a crash leaves the database
 * at the previous version or the next one, never between. The database is
 * shared with other parts of RAIC (the job queue keeps its own tables in it),
 * so migrations only ever touch the tables named here.
 */
import type { Database } from './sqlite';
import { CatalogError } from './errors';
import { addRetainedTables } from './retained-schema';

type Migration = (db: Database) => void;

const MIGRATIONS: readonly Migration[] = [
  // 1: files, folders, where their shares are, and the health log.
  // Timestamps are REAL because file times (fs.Stats.mtimeMs) carry fractions of a millisecond.
  (db) => {
    db.exec(`
      CREATE TABLE catalog_meta (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
      INSERT INTO catalog_meta (key, value) VALUES ('revision', 0);

      CREATE TABLE folders (
        path TEXT PRIMARY KEY,
        parent TEXT REFERENCES folders (path),
        CHECK ((path = '/') = (parent IS NULL))
      ) STRICT;
      CREATE INDEX folders_by_parent ON folders (parent);
      INSERT INTO folders (path, parent) VALUES ('/', NULL);

      CREATE TABLE files (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        path TEXT NOT NULL UNIQUE,
        folder TEXT NOT NULL REFERENCES folders (path),
        name TEXT NOT NULL CHECK (name <> ''),
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
        health TEXT NOT NULL DEFAULT 'unknown'
          CHECK (health IN ('healthy', 'degraded', 'at-risk', 'unreadable', 'unknown')),
        last_checked_at REAL,
        last_check_summary TEXT
      ) STRICT;
      CREATE INDEX files_by_folder ON files (folder);

      CREATE TABLE placements (
        file_id INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
        account_id TEXT NOT NULL,
        share_number INTEGER NOT NULL CHECK (share_number >= 0),
        PRIMARY KEY (file_id, account_id, share_number)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX placements_by_account ON placements (account_id);

      CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at REAL NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'error')),
        message TEXT NOT NULL,
        account_id TEXT,
        file_path TEXT
      ) STRICT;
      CREATE INDEX events_by_severity ON events (severity, id);
      CREATE INDEX events_by_kind ON events (kind, id);
      CREATE INDEX events_by_account ON events (account_id, id);
    `);
  },
  // 2: trash and previous versions (see retained-schema.ts).
  addRetainedTables,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database up to SCHEMA_VERSION; refuses one written by a newer RAIC. */
export function migrate(db: Database, file: string): void {
  // IMMEDIATE takes the write lock before reading the version, so two
  // processes opening a fresh file cannot both run migration 1.
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > SCHEMA_VERSION) {
      throw new CatalogError(
        'newer_version',
        `The catalog ${file} was written by a newer version of RAIC (catalog schema ${current}, this version knows up to ${SCHEMA_VERSION}). Update RAIC to open it.`,
      );
    }
    for (let version = current; version < SCHEMA_VERSION; version++) {
      MIGRATIONS[version]!(db);
      db.pragma(`user_version = ${version + 1}`);
    }
  }).immediate();
}
