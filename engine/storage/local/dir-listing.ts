/**
 * Reading the folders of a local-folder server, where a folder that is not
 * there yet is normal (a storage index nothing was stored under, a prefix
 * never used): it lists as empty instead of failing; and a file's size,
 * where a file gone meanwhile is normal too.
 */
import type { Dirent } from 'node:fs';
import { stat } from 'node:fs/promises';
import { readFolder, readFolderEntries } from './fs-calls';

/**
 * Names in the folder, sorted; none when the folder (or a parent) does not exist or is a file.
 * Through the callback API (fs-calls.ts): a new file's storage index has no folder yet on any
 * server, so every upload lists a missing folder once per server, and the failure is cheaper there.
 */
export async function listDir(path: string): Promise<string[]> {
  try {
    return (await readFolder(path)).sort();
  } catch (error) {
    if (isMissingFolder(error)) return [];
    throw error;
  }
}

/** Entries with their types, unsorted; none when the folder does not exist or is a file. */
export async function listDirEntries(path: string): Promise<Dirent[]> {
  try {
    return await readFolderEntries(path);
  } catch (error) {
    if (isMissingFolder(error)) return [];
    throw error;
  }
}

/**
 * Size on disk of a regular file (one stat, nothing read), or undefined when
 * there is none at the path (gone, a folder): what a share file takes against
 * a size limit, its embedded-lease trailer included.
 */
export async function regularFileSize(path: string): Promise<number | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? info.size : undefined;
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function isMissingFolder(error: unknown): boolean {
  return isNotFound(error) || (error as NodeJS.ErrnoException | undefined)?.code === 'ENOTDIR';
}
