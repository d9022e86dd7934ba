/**
 * Shares, leases and slot secrets are private to the user who runs RAIC,
 * whatever the umask: folders the server creates are 0700 and files 0600.
 * (On Windows the modes are ignored; the account folder's ACL applies.)
 */
import { mkdir, open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** mkdir -p where every folder it creates is 0700 (a umask only ever removes bits, so 0700 survives any umask). */
export async function makePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Opens a file for reading and writing, creating it 0600 (its folder must exist). */
export function openPrivate(path: string, flags: 'w+' | 'r+' | 'wx+'): Promise<FileHandle> {
  return open(path, flags, PRIVATE_FILE_MODE);
}

/** Replaces a small file atomically: a 0600 temporary beside it, fsynced, then renamed over it. */
export async function writePrivateFileAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await makePrivateDir(dirname(path));
  const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const handle = await open(temporary, 'w', PRIVATE_FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
