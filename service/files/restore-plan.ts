/**
 * What a folder restore will do, worked out before any byte is written: every
 * file below the catalog folder with its place under the destination, the
 * empty folders, and for each file what is already there (nothing, the same
 * file, or something else). A conflict is refused here, before the restore
 * starts, so a refused restore changes nothing on disk.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog';
import { normalizeCatalogPath } from '../catalog';
import { catalogFolderExists, emptyFoldersBelow, restoreEntriesBelow, restoreEntryAt, type RestoreEntry } from '../catalog/restore-listing';
import { ApiError } from '../../shared/api';

/** What to do with a destination file that differs from the catalog's: refuse (default), replace it, or leave it. */
export type RestoreConflictPolicy = 'refuse' | 'overwrite' | 'skip';

export interface RestoreItem {
  entry: RestoreEntry;
  /** Path below the catalog folder, '/'-separated ('2024/a.jpg'). */
  relative: string;
  /** Where it goes on this machine. */
  local: string;
}

export interface RestorePlan {
  /** A folder restores into `destination`; a single file is written as `destination`. */
  kind: 'folder' | 'file';
  folder: string;
  destination: string;
  items: RestoreItem[];
  /** Local paths of folders that hold nothing but must exist after the restore. */
  emptyFolders: string[];
  /** The same folders, '/'-separated below the catalog folder (the ZIP download names them so). */
  emptyRelative: string[];
  totalBytes: number;
}

/**
 * Every file and empty folder below `folder` in the catalog, mapped under
 * `destination` (a file path restores that one file to `destination`). The
 * catalog is read in pages of light rows (../catalog/restore-listing: no
 * placements), so a plan of 10,000 files is a few MB.
 */
export function planRestore(catalog: Catalog, folder: string, destination: string): RestorePlan {
  const root = normalizeCatalogPath(folder);
  const single = root === '/' ? undefined : restoreEntryAt(catalog.db, root);
  if (single) return { kind: 'file', folder: root, destination, items: [{ entry: single, relative: single.name, local: destination }], emptyFolders: [], emptyRelative: [], totalBytes: single.size };
  if (!catalogFolderExists(catalog.db, root)) throw new ApiError('not_found', `There is no file or folder ${root} in your RAIC files; check the name and its folders.`);
  const prefixLength = root === '/' ? 1 : root.length + 1;
  const localOf = (relative: string) => (relative === '' ? destination : path.join(destination, ...relative.split('/')));
  const items: RestoreItem[] = [];
  let totalBytes = 0;
  for (const entry of restoreEntriesBelow(catalog.db, root)) {
    const relative = entry.path.slice(prefixLength);
    items.push({ entry, relative, local: localOf(relative) });
    totalBytes += entry.size;
  }
  const emptyRelative = emptyFoldersBelow(catalog.db, root).map((folderPath) => (folderPath === root ? '' : folderPath.slice(prefixLength)));
  return {
    kind: 'folder',
    folder: root,
    destination,
    items,
    emptyFolders: emptyRelative.map(localOf),
    emptyRelative: emptyRelative.filter((relative) => relative !== ''),
    totalBytes,
  };
}

/** How a file's destination stands before the restore. */
export type DestinationState =
  | { kind: 'absent' }
  /** Same size and modification time: taken as the file a finished restore wrote. */
  | { kind: 'same' }
  | { kind: 'different'; why: string }
  /** A folder (or something else that is not a file) where the file goes: never replaced. */
  | { kind: 'blocked'; why: string };

export async function destinationState(item: RestoreItem): Promise<DestinationState> {
  const stat = await fs.lstat(item.local).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (!stat) return { kind: 'absent' };
  if (!stat.isFile()) return { kind: 'blocked', why: `${item.local} is ${stat.isDirectory() ? 'a folder' : 'not a regular file'}` };
  if (stat.size !== item.entry.size) return { kind: 'different', why: `${stat.size} bytes there, ${item.entry.size} in RAIC` };
  const modifiedAt = item.entry.sourceModifiedAt;
  if (modifiedAt !== null && Math.round(stat.mtimeMs) === modifiedAt) return { kind: 'same' };
  return { kind: 'different', why: modifiedAt === null ? 'same size, contents not yet compared' : 'same size, another modification time' };
}

/** What the command line offers when files differ. */
export const CLI_CONFLICT_HINT = "Use --overwrite to replace what differs with RAIC's copies, or --skip to keep what is there and restore the rest.";

/** The message that refuses a restore over files that differ, naming them and the two ways out. */
export function conflictRefusal(conflicts: readonly { item: RestoreItem; why: string }[], hint = CLI_CONFLICT_HINT): ApiError {
  const shown = conflicts.slice(0, 5).map(({ item, why }) => `${item.local} (${why})`);
  const more = conflicts.length > shown.length ? ` and ${conflicts.length - shown.length} more` : '';
  return new ApiError(
    'conflict',
    `${conflicts.length === 1 ? 'A file at the destination differs' : `${conflicts.length} files at the destination differ`} from RAIC's copy: ${shown.join('; ')}${more}. ` +
      `Nothing was restored. ${hint}`,
  );
}

/** A folder, or something that is not a folder, where the restore needs a folder or file: no flag replaces it. */
export function blockedRefusal(blocked: readonly { item: RestoreItem; why: string }[]): ApiError {
  const shown = blocked.slice(0, 5).map(({ why }) => why);
  const more = blocked.length > shown.length ? ` and ${blocked.length - shown.length} more` : '';
  return new ApiError('conflict', `The restore needs a file where ${shown.join('; ')}${more}. Nothing was restored; move ${blocked.length === 1 ? 'it' : 'them'} away or restore into another folder.`);
}
