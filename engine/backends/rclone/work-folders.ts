/**
 * The bridges' private folders in the temp dir (an encrypted rclone config
 * and rclone's rewrites of it). A bridge deletes its folder on close and at
 * exit, but a process killed outright (SIGKILL, power loss) leaves it. The
 * folder's name carries its owner's pid, so the next process sweeps the
 * folders of owners that are gone. A pid in use again by some other program
 * keeps its folder: that only delays the sweep, never deletes a live one.
 */
import { readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'raic-rclone-';
let swept = false;

/** A new folder for this process's bridge, after sweeping those of dead owners (once per process). */
export async function makeWorkFolder(folderRoot: string = tmpdir()): Promise<string> {
  if (!swept) {
    swept = true;
    sweepAbandonedWorkFolders(folderRoot);
  }
  return mkdtemp(path.join(folderRoot, `${PREFIX}${process.pid}-`));
}

/** Deletes the folders whose owner process no longer runs; returns their names. */
export function sweepAbandonedWorkFolders(folderRoot: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folderRoot);
  } catch {
    return removed;
  }
  for (const name of names) {
    const owner = new RegExp(`^${PREFIX}(\\d+)-`).exec(name)?.[1];
    if (owner === undefined || isRunning(Number(owner))) continue;
    try {
      rmSync(path.join(folderRoot, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Another user's folder, or already gone: not ours to worry about.
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
