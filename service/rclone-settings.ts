/**
 * Which rclone the rclone accounts run: the path chosen in Settings (kept in
 * grid.json), else the copy packaged with the desktop app, else the PATH
 * (engine/backends/rclone/rclone-binary.ts decides). Settings show the
 * program found, its version, and, where there is none, how to get it.
 */
import { ApiError, type RcloneSettings } from '../shared/api';
import { configureRclone, isExecutableFile, locateRclone, rcloneVersion } from '../engine/backends/rclone/rclone-binary';
import type { GridConfig } from './grid-config';

/** At start: where the packaged copy is (if this build has one) and the user's choice. */
export function applyRcloneSettings(config: GridConfig, bundledPath?: string): void {
  configureRclone({ settingsPath: config.rclonePath, ...(bundledPath !== undefined ? { bundledPath } : {}) });
}

export async function rcloneSettings(config: GridConfig): Promise<RcloneSettings> {
  const configuredPath = config.rclonePath ?? null;
  let found: ReturnType<typeof locateRclone>;
  try {
    found = locateRclone();
  } catch (error) {
    return { configuredPath, path: null, source: null, version: null, problem: (error as Error).message };
  }
  try {
    return { configuredPath, path: found.path, source: found.source, version: await rcloneVersion(found.path), problem: null };
  } catch (error) {
    return { configuredPath, path: found.path, source: found.source, version: null, problem: (error as Error).message };
  }
}

/** Checks a path the user typed: it must be a program that answers as rclone does. */
export async function checkRclonePath(candidate: string): Promise<void> {
  if (!isExecutableFile(candidate)) throw new ApiError('invalid_input', `${candidate} is not a program RAIC can run: give the full path to the rclone program, or leave the field empty to let RAIC find it.`, 'path');
  try {
    await rcloneVersion(candidate);
  } catch {
    throw new ApiError('invalid_input', `${candidate} runs, but does not answer as rclone does: give the full path to the rclone program.`, 'path');
  }
}
