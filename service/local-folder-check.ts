/** Whether a local folder can hold an account's shares, in words a person can act on. */
import { promises as fs, constants as fsConstants } from 'node:fs';

/**
 * The local folder's "test connection": the folder exists (or can be created
 * inside an existing parent) and RAIC can write to it. Returns a problem in
 * words, or undefined when the folder is usable.
 */
export async function testLocalFolder(folder: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(folder);
    if (!stat.isDirectory()) return `${folder} is a file, not a folder; choose a folder.`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `${folder} cannot be opened (${describeFsError(error)}).`;
    try {
      await fs.mkdir(folder, { recursive: true });
    } catch (mkdirError) {
      return `${folder} does not exist and cannot be created (${describeFsError(mkdirError)}); choose an existing folder.`;
    }
  }
  try {
    await fs.access(folder, fsConstants.W_OK | fsConstants.R_OK);
  } catch (error) {
    return `RAIC cannot write to ${folder} (${describeFsError(error)}); choose a folder you can write to.`;
  }
  return undefined;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'part of the path is a file';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return code ?? 'unknown error';
  }
}
