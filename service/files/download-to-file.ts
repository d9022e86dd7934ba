/** Writing a download to disk without ever leaving a half-written file under the final name. */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { WriteBehind } from './write-behind';

/** Temporary files this process is writing now: a restore clearing what a killed run left must not take them (./restore-files). */
export const partialsInProgress = new Set<string>();

export interface AtomicWriteOptions {
  /** Modification time to give the file (ms since the epoch), set before the sync so it arrives under the final name with it. */
  modifiedAt?: number | null;
}

/**
 * The data goes to a temporary file beside `out` (flushed in the background
 * as it is written, see ./write-behind.ts), given its time, synced
 * (one fsync per file: the only point where a crash could otherwise leave a
 * file of the right size and time but unwritten blocks, which a resumed
 * restore would take as identical), then renamed over `out`. On any failure
 * the temporary file is removed. The folder itself is not synced: after a
 * crash a rename may be lost, and the file is simply restored again.
 */
export async function writeChunksAtomically(chunks: AsyncIterable<Uint8Array>, out: string, options: AtomicWriteOptions = {}): Promise<void> {
  // A fixed-length name: deriving it from the target's would fail for names near the 255-byte limit.
  const temp = join(dirname(out), `.raic-partial-${randomBytes(8).toString('hex')}`);
  const handle = await open(temp, 'wx');
  partialsInProgress.add(temp);
  let done = false;
  try {
    const behind = new WriteBehind(handle);
    try {
      for await (const chunk of chunks) await behind.write(chunk);
      await behind.drain();
    } catch (error) {
      // Every write settles before the handle is closed and the file removed.
      await behind.settle();
      throw error;
    }
    if (options.modifiedAt !== undefined && options.modifiedAt !== null) {
      const seconds = options.modifiedAt / 1000;
      await handle.utimes(seconds, seconds);
    }
    await handle.sync();
    await handle.close();
    await rename(temp, out);
    done = true;
  } finally {
    partialsInProgress.delete(temp);
    if (!done) {
      await handle.close().catch(() => undefined);
      await unlink(temp).catch(() => undefined);
    }
  }
}
