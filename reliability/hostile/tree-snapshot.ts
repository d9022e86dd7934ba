/**
 * A listing of everything under a folder (path, kind, size, mtime) to show
 * that a run wrote nothing where it should not. Folders named in `skip` (the
 * data dir) are left out: writing there is allowed.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

export async function snapshotTree(root: string, skip: readonly string[] = []): Promise<Map<string, string>> {
  const entries = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await fs.readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(dir, entry.name);
      if (skip.includes(full)) continue;
      const info = await fs.lstat(full).catch(() => undefined);
      if (!info) continue;
      entries.set(full, `${entry.isDirectory() ? 'dir' : 'file'} ${entry.isDirectory() ? '' : info.size} ${entry.isDirectory() ? '' : info.mtimeMs}`);
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return entries;
}

/** Paths added, removed or changed between two snapshots. */
export function treeChanges(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): string[] {
  const changes: string[] = [];
  for (const [file, state] of after) if (before.get(file) !== state) changes.push(`${before.has(file) ? 'changed' : 'added'} ${file}`);
  for (const file of before.keys()) if (!after.has(file)) changes.push(`removed ${file}`);
  return changes;
}
