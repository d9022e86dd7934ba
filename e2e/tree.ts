/** Files under a folder as sorted `a/b.txt` paths: what a restore or an unpacked ZIP is compared by. */
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function listTree(root: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return found.sort();
}
