import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under a folder, relative paths, sorted. */
export async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (path: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(join(path, entry.name), childRel);
      else out.push(childRel);
    }
  };
  await walk(dir, '');
  return out.sort();
}
