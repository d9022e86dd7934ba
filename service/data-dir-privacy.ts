/**
 * The data folder holds every read cap (the catalog) and the grid's keys, so
 * it is private to the user whatever the umask: the folder 0700, the catalog
 * 0600 (SQLite gives its -wal and -shm files the database's mode). A folder
 * an older RAIC (or a generous umask) left open to other users is tightened
 * at start, and the caller says so once.
 */
import { chmodSync, closeSync, openSync, promises as fs, statSync } from 'node:fs';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;
/** Group and other permission bits: any of them set means another local user could read or list. */
const SHARED_BITS = 0o077;

/** Creates the folder private, or tightens it; returns true when an existing folder was open to others. */
export async function ensurePrivateFolder(dir: string): Promise<boolean> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR });
  const { mode } = await fs.stat(dir);
  if ((mode & SHARED_BITS) === 0) return false;
  await fs.chmod(dir, PRIVATE_DIR);
  return true;
}

/** Creates an empty file 0600 if it does not exist (so a library that creates it later cannot use the umask), and tightens an existing one. */
export function ensurePrivateFileSync(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE));
  tightenSync(file);
}

/** Tightens a file another program created (SQLite's -wal and -shm of an older catalog), when it exists. */
export function tightenIfPresentSync(file: string): void {
  try {
    tightenSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function tightenSync(file: string): void {
  // chmod after open: the mode given to open only applies when the file is created, and the umask applies to it too.
  // Windows has no such bits; there the folder's ACL (the user's profile) is what protects it.
  if (process.platform === 'win32') return;
  if ((statSync(file).mode & SHARED_BITS) !== 0) chmodSync(file, PRIVATE_FILE);
}

export const PRIVATE_FOLDER_NOTICE =
  'RAIC made its data folder private: it was readable by other users of this computer, and it holds the keys to your files.';
