/** Small local-file helpers of the folder restore: comparing a file with the grid's copy, and clearing what a killed restore left. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { partialsInProgress } from './download-to-file';

/** The name ./download-to-file gives a file while it is written; nothing else RAIC or a person makes looks like it. */
const PARTIAL_NAME = /^\.raic-partial-[0-9a-f]{16}$/;

/**
 * Removes the temporary files of an earlier restore that was killed before
 * it could clean up (an aborted one removes its own), in the folders this
 * restore writes to. Only RAIC's own temporary names are touched, and none
 * this process is writing now (one RAIC process per data dir, so a live one
 * of another RAIC is only possible with another data dir).
 */
export async function removeStalePartials(folders: ReadonlySet<string>): Promise<number> {
  let removed = 0;
  for (const folder of folders) {
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    for (const name of names) {
      const partial = path.join(folder, name);
      // Another download or restore of this process may be writing it right now.
      if (!PARTIAL_NAME.test(name) || partialsInProgress.has(partial)) continue;
      await fs.unlink(partial).then(
        () => removed++,
        () => undefined,
      );
    }
  }
  return removed;
}

/**
 * Of these folders, those that hold nothing at all (missing, or empty): a
 * file planned in one of them is absent without a stat of its own. A restore
 * into a new folder (the usual case) then costs one listing per folder, not
 * one stat per file. Folders with anything in them are left out, so each of
 * their files is still looked at by name (a listing compared by name would
 * miss a file that differs only in case on a case-insensitive disk).
 */
export async function foldersHoldingNothing(folders: Iterable<string>, concurrency: number): Promise<Set<string>> {
  const list = [...new Set(folders)];
  const empty = new Set<string>();
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const folder = list[next++]!;
      const names = await fs.readdir(folder).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [] as string[];
        throw error;
      });
      if (names.length === 0) empty.add(folder);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, list.length) }, worker));
  return empty;
}

/** Whether the local file holds exactly the bytes `chunks` gives, read side by side (memory: one chunk of each). */
export async function sameContents(local: string, chunks: AsyncGenerator<Uint8Array>): Promise<boolean> {
  const handle = await fs.open(local, 'r');
  try {
    let offset = 0;
    for await (const chunk of chunks) {
      const mine = Buffer.alloc(chunk.length);
      const { bytesRead } = await handle.read(mine, 0, chunk.length, offset);
      if (bytesRead !== chunk.length || !mine.equals(chunk)) return false;
      offset += chunk.length;
    }
    const { bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, offset);
    return bytesRead === 0;
  } finally {
    await chunks.return(undefined);
    await handle.close();
  }
}
