/**
 * A small tmpfs for tests that need another file system (a second failure
 * domain) or a disk that fills up. Mounting needs root and the capability,
 * which CI's container has; elsewhere the caller gets the reason and skips.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MountedTmpfs {
  readonly point: string;
  /** Unmounts, waiting for files still open (share readers close theirs after 2 s idle), and removes a folder it made. */
  unmount(): Promise<void>;
}

/** Mounts a tmpfs of `size` (mount(8)'s syntax: 1m, 4m) on `at`, or on a new temporary folder. */
export function mountTmpfs(size: string, at?: string): MountedTmpfs | { refused: string } {
  const point = at ?? mkdtempSync(join(tmpdir(), 'raic-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', point], { stdio: 'pipe' });
  } catch (error) {
    if (!at) rmdirSync(point);
    return { refused: error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error) };
  }
  return {
    point,
    async unmount() {
      for (let attempt = 0; ; attempt++) {
        try {
          execFileSync('umount', [point], { stdio: 'pipe' });
          break;
        } catch (error) {
          if (attempt >= 20) throw error;
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      }
      if (!at) rmdirSync(point);
    },
  };
}
