/**
 * Opens (or creates) the catalog's SQLite file with the settings crash safety
 * depends on, and turns SQLite's failures into messages a person can act on.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from './sqlite';
import { CatalogError } from './errors';
import { migrate } from './schema';

function sqliteCode(error: unknown): string {
  return error instanceof Database.SqliteError ? error.code : '';
}

function isDamage(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT');
}

export function damagedError(file: string, detail: string, cause?: unknown): CatalogError {
  return new CatalogError(
    'damaged',
    `The catalog ${file} is damaged (${detail}). Move it away (RAIC then starts with an empty catalog) and restore your file list from your recovery key.`,
    { cause },
  );
}

function unavailableError(file: string, error: unknown): Error {
  const reason = error instanceof Error ? error.message : String(error);
  return new Error(`Cannot open the catalog ${file} (${reason}). Check that its folder exists, is writable and has free space, and that no other program holds the file.`, { cause: error });
}

export function openCatalogDatabase(file: string): Database {
  let db: Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
  } catch (error) {
    throw unavailableError(file, error);
  }
  try {
    // WAL + FULL: a commit is on disk before it returns, and a kill at any
    // moment leaves the last committed state; readers never block the writer.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // Placements go with their file through ON DELETE CASCADE.
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw damagedError(file, `SQLite's check says: ${String(check)}`);
    migrate(db, file);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof CatalogError) throw error;
    if (isDamage(error)) throw damagedError(file, error instanceof Error ? error.message : String(error), error);
    throw unavailableError(file, error);
  }
}
