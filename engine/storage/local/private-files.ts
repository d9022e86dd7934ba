/**
 * Shares, leases and slot secrets are private to the user who runs RAIC,
 * whatever the umask: folders the server creates are 0700 and files 0600.
 * (On Windows the modes are ignored; the account folder's ACL applies.)
 */
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { closeDescriptor, makeFolder, openDescriptor, syncDescriptor } from './fs-calls';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** mkdir -p where every folder it creates is 0700 (a umask only ever removes bits, so 0700 survives any umask). */
export function makePrivateDir(path: string): Promise<void> {
  return makeFolder(path, PRIVATE_DIR_MODE, true);
}

/** Opens a file for reading and writing, creating it 0600 (its folder must exist). */
export function openPrivate(path: string, flags: 'w+' | 'r+' | 'wx+' | 'wx'): Promise<FileHandle> {
  return open(path, flags, PRIVATE_FILE_MODE);
}

/** openPrivate's raw-descriptor form (fs-calls.ts), for a share's incoming file: the caller closes it. */
export function openPrivateDescriptor(path: string, flags: 'w+'): Promise<number> {
  return openDescriptor(path, flags, PRIVATE_FILE_MODE);
}

/**
 * Replaces a small file atomically: a 0600 temporary beside it, fsynced, then
 * renamed over it. With `syncFolder` the rename is also made durable (the
 * folder is fsynced) before it returns, for callers that must order it before
 * a later change elsewhere.
 */
export async function writePrivateFileAtomically(path: string, data: string | Uint8Array, options: { syncFolder?: boolean } = {}): Promise<void> {
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
  if (options.syncFolder) await syncDirectory(dirname(path));
}

/** fsyncs a folder, making the names created or renamed in it durable (once per share: raw descriptor calls, fs-calls.ts). */
export async function syncDirectory(path: string): Promise<void> {
  // Windows cannot open a folder as a file; NTFS makes the rename durable with its journal.
  if (process.platform === 'win32') return;
  let fd: number;
  try {
    fd = await openDescriptor(path, 'r');
  } catch (error) {
    if (['EISDIR', 'EPERM', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await syncDescriptor(fd);
  } catch (error) {
    // Some filesystems (network mounts) do not support fsync on folders.
    if (!['EINVAL', 'ENOTSUP', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await closeDescriptor(fd);
  }
}

/**
 * Creates a new 0600 file with `data` and fsyncs it, without a temporary and a
 * rename; returns false, changing nothing, if the file already exists. Its
 * folder is made only when the create finds it missing. A crash part-way can
 * leave the file empty or zero-filled (never a mix of old and new bytes, as
 * there were none), so use it only where readers take such a file for "none
 * yet" and a whole one for the data. The fsync of a file just created also
 * makes its name durable on Linux's ext4 (journaled or not), XFS and btrfs.
 */
export async function createPrivateFileDurably(path: string, data: string | Uint8Array): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await openPrivate(path, 'wx');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'ENOENT') throw error;
    await makePrivateDir(dirname(path));
    try {
      handle = await openPrivate(path, 'wx');
    } catch (retryError) {
      if ((retryError as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw retryError;
    }
  }
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return true;
}
