/**
 * Reading the folders of a local-folder server, where a folder that is not
 * there yet is normal (a storage index nothing was stored under, a prefix
 * never used): it lists as empty instead of failing.
 */
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';

/** Names in the folder, sorted; none when the folder (or a parent) does not exist or is a file. */
export async function listDir(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch (error) {
    if (isMissingFolder(error)) return [];
    throw error;
  }
}

/** Entries with their types, unsorted; none when the folder does not exist or is a file. */
export async function listDirEntries(path: string): Promise<Dirent[]> {
  try {
    return await readdir(path, { withFileTypes: true });
  } catch (error) {
    if (isMissingFolder(error)) return [];
    throw error;
  }
}

export function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

function isMissingFolder(error: unknown): boolean {
  return isNotFound(error) || (error as NodeJS.ErrnoException | undefined)?.code === 'ENOTDIR';
}
