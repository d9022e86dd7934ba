/**
 * Where the rclone program is. In order: a path the user set in Settings;
 * RAIC_RCLONE (for scripts and tests, which have no Settings screen); the
 * copy packaged with the desktop app (electron-builder's extra resource,
 * scripts/fetch-rclone.ts); the first `rclone` on the PATH. Where there is
 * none, the error says in one sentence how to get it.
 *
 * The service sets the first and third at start and when Settings change
 * (configureRclone); every rclone child started afterwards uses the result.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { BackendConfigError } from '../types';

export const RCLONE_PATH_VARIABLE = 'RAIC_RCLONE';

export const RCLONE_MISSING_MESSAGE =
  'rclone is not installed: install it (Debian and Ubuntu: sudo apt install rclone; other systems: https://rclone.org/downloads/) and restart RAIC, or set the path to the rclone program in Settings.';

export type RcloneSource = 'settings' | 'environment' | 'bundled' | 'path';

export interface RcloneLocations {
  /** The program the user chose in Settings. */
  settingsPath?: string;
  /** The program packaged with the app, when this build has one. */
  bundledPath?: string;
}

let locations: RcloneLocations = {};

/** Sets where to look before the PATH (the service calls it at start and on a Settings change); a key given as undefined is cleared. */
export function configureRclone(next: RcloneLocations): void {
  locations = { ...locations, ...next };
}

export function isExecutableFile(candidate: string): boolean {
  try {
    if (!statSync(candidate).isFile()) return false;
    accessSync(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(searchPath: string | undefined): string | undefined {
  const names = process.platform === 'win32' ? ['rclone.exe'] : ['rclone'];
  for (const folder of (searchPath ?? '').split(path.delimiter)) {
    if (!folder) continue;
    for (const name of names) {
      const candidate = path.join(folder, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The program to run and where it was found; throws BackendConfigError('invalid') with directions when there is none. */
export function locateRclone(
  environment: string | undefined = process.env[RCLONE_PATH_VARIABLE],
  searchPath: string | undefined = process.env.PATH,
  where: RcloneLocations = locations,
): { path: string; source: RcloneSource } {
  if (where.settingsPath) {
    if (isExecutableFile(where.settingsPath)) return { path: where.settingsPath, source: 'settings' };
    throw new BackendConfigError(`Settings name ${where.settingsPath} as rclone, which is not a program RAIC can run; ${RCLONE_MISSING_MESSAGE}`, 'invalid');
  }
  if (environment) {
    if (isExecutableFile(environment)) return { path: environment, source: 'environment' };
    throw new BackendConfigError(`${RCLONE_PATH_VARIABLE} names ${environment}, which is not an rclone program RAIC can run; ${RCLONE_MISSING_MESSAGE}`, 'invalid');
  }
  // A packaged copy that went missing (an antivirus, a broken install) falls through to the PATH.
  if (where.bundledPath && isExecutableFile(where.bundledPath)) return { path: where.bundledPath, source: 'bundled' };
  const found = onPath(searchPath);
  if (found) return { path: found, source: 'path' };
  throw new BackendConfigError(RCLONE_MISSING_MESSAGE, 'invalid');
}

/** The rclone program to run; throws BackendConfigError('invalid') with directions when there is none. */
export function findRclone(environment: string | undefined = process.env[RCLONE_PATH_VARIABLE], searchPath: string | undefined = process.env.PATH): string {
  return locateRclone(environment, searchPath).path;
}

/** The first line of `rclone version` ("rclone v1.60.1"), for Settings to show which rclone RAIC runs. */
export function rcloneVersion(program: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(program, ['version'], { timeout: 15_000, env: { PATH: process.env.PATH ?? '' } }, (error, stdout) => {
      const first = String(stdout).split('\n')[0]?.trim() ?? '';
      if (error || !/^rclone v/.test(first)) reject(new BackendConfigError(`${program} did not answer as rclone does (rclone version)`, 'invalid'));
      else resolve(first);
    });
  });
}
