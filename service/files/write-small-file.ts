/**
 * Writing one small file (held whole in memory) the way ./download-to-file
 * writes a download, with the same guarantee: the bytes go to a temporary
 * name beside `out`, get their time, are fsynced, and only then is the file
 * renamed over `out`; on any failure the temporary file is removed. So a
 * file under its real name is always whole, durable and carries its time,
 * and a resumed restore that skips "same size, same time" never skips a
 * half-written one.
 *
 * Why a second writer: a folder restore of small files spends its time in
 * the round trips of these six calls, not in their work. The callback API on
 * a plain file descriptor costs the main thread less per call than a
 * FileHandle of node:fs/promises (no handle object to make and close).
 */
import { close, fsync, futimes, open, rename, unlink, write } from 'node:fs';
import { promisify } from 'node:util';
import { partialPathBeside, partialsInProgress } from './download-to-file';

const openAsync = promisify(open);
const writeAsync = promisify(write);
const futimesAsync = promisify(futimes);
const fsyncAsync = promisify(fsync);
const closeAsync = promisify(close);
const renameAsync = promisify(rename);
const unlinkAsync = promisify(unlink);

/** Writes `data` to `out` through a temporary file (see above); `modifiedAt` in ms since the epoch. */
export async function writeSmallFileAtomically(data: Uint8Array, out: string, modifiedAt: number | null | undefined): Promise<void> {
  const temp = partialPathBeside(out);
  const fd = await openAsync(temp, 'wx');
  partialsInProgress.add(temp);
  let closed = false;
  let done = false;
  try {
    let written = 0;
    while (written < data.length) written += (await writeAsync(fd, data, written, data.length - written, written)).bytesWritten;
    if (modifiedAt !== undefined && modifiedAt !== null) await futimesAsync(fd, modifiedAt / 1000, modifiedAt / 1000);
    await fsyncAsync(fd);
    closed = true;
    await closeAsync(fd);
    await renameAsync(temp, out);
    done = true;
  } finally {
    partialsInProgress.delete(temp);
    if (!done) {
      if (!closed) await closeAsync(fd).catch(() => undefined);
      await unlinkAsync(temp).catch(() => undefined);
    }
  }
}
