/**
 * Where the rclone program is: a path the user configured (RAIC_RCLONE, until
 * Settings has a field for it), else the first `rclone` on the PATH. Where
 * there is none, the error says in one sentence how to get it.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { BackendConfigError } from '../types';

export const RCLONE_PATH_VARIABLE = 'RAIC_RCLONE';

export const RCLONE_MISSING_MESSAGE =
  'rclone is not installed: install it (Debian and Ubuntu: sudo apt install rclone; other systems: https://rclone.org/downloads/) or set RAIC_RCLONE to the rclone program.';

function isExecutableFile(candidate: string): boolean {
  try {
    if (!statSync(candidate).isFile()) return false;
    accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The rclone program to run; throws BackendConfigError('invalid') with directions when there is none. */
export function findRclone(configured: string | undefined = process.env[RCLONE_PATH_VARIABLE], searchPath: string | undefined = process.env.PATH): string {
  if (configured) {
    if (isExecutableFile(configured)) return configured;
    throw new BackendConfigError(`${RCLONE_PATH_VARIABLE} names ${configured}, which is not an rclone program RAIC can run; ${RCLONE_MISSING_MESSAGE}`, 'invalid');
  }
  const names = process.platform === 'win32' ? ['rclone.exe'] : ['rclone'];
  for (const folder of (searchPath ?? '').split(path.delimiter)) {
    if (!folder) continue;
    for (const name of names) {
      const candidate = path.join(folder, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  throw new BackendConfigError(RCLONE_MISSING_MESSAGE, 'invalid');
}
