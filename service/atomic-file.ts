import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export interface AtomicWriteOptions {
  /**
   * false: readers still never see a torn file, but a power cut may lose the
   * new content. For files nothing depends on after a crash (who holds the
   * lock), where an fsync would only wait for whatever else the disk has to write.
   */
  durable?: boolean;
}

/**
 * Writes a file so that readers see either the old or the new content, never a
 * torn one: temporary file in the same folder, fsync, rename, fsync the folder.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, mode = 0o600, options: AtomicWriteOptions = {}): Promise<void> {
  const durable = options.durable ?? true;
  const dir = path.dirname(target);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    if (durable) await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  if (durable) await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Directory fsync makes the rename durable on Linux; Windows cannot open folders this way.
  if (process.platform === 'win32') return;
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
