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
 * the round trips of these six calls, not in their work, and the main
 * thread's share of each round trip is the bottleneck. So: the callback API
 * on a plain file descriptor (no FileHandle to make and close), the six
 * steps chained in one promise rather than a promise each, and the pieces
 * the download yields written with one writev instead of being copied into
 * one buffer first.
 */
import fs from 'node:fs';
import { partialPathBeside, partialsInProgress } from './download-to-file';

/** Writes `data` (one buffer, or pieces in order) to `out` through a temporary file (see above); `modifiedAt` in ms since the epoch. */
export function writeSmallFileAtomically(data: Uint8Array | readonly Uint8Array[], out: string, modifiedAt: number | null | undefined): Promise<void> {
  const pieces = data instanceof Uint8Array ? [data] : data.filter((piece) => piece.length > 0);
  const temp = partialPathBeside(out);
  return new Promise((resolve, reject) => {
    fs.open(temp, 'wx', (openError, fd) => {
      if (openError) return reject(openError);
      partialsInProgress.add(temp);
      let open = true;
      const fail = (error: Error) => {
        partialsInProgress.delete(temp);
        const removeTemp = () => fs.unlink(temp, () => reject(error));
        if (open) fs.close(fd, removeTemp);
        else removeTemp();
      };
      const sync = () => {
        fs.fsync(fd, (syncError) => {
          if (syncError) return fail(syncError);
          open = false;
          fs.close(fd, (closeError) => {
            if (closeError) return fail(closeError);
            fs.rename(temp, out, (renameError) => {
              if (renameError) return fail(renameError);
              partialsInProgress.delete(temp);
              resolve();
            });
          });
        });
      };
      const timeThenSync = () => {
        if (modifiedAt === undefined || modifiedAt === null) return sync();
        fs.futimes(fd, modifiedAt / 1000, modifiedAt / 1000, (timeError) => (timeError ? fail(timeError) : sync()));
      };
      writeAll(fd, pieces, 0, out, (writeError) => (writeError ? fail(writeError) : timeThenSync()));
    });
  });
}

/** Writes the pieces from `position` on, with one writev when the disk takes them all at once (as it does for regular files). */
function writeAll(fd: number, pieces: readonly Uint8Array[], position: number, out: string, done: (error: Error | null) => void): void {
  if (pieces.length === 0) return done(null);
  fs.writev(fd, pieces as Uint8Array[], position, (error, written) => {
    if (error) return done(error);
    // A short write: carry on after the bytes that went out.
    let skipped = written;
    let index = 0;
    while (index < pieces.length && skipped >= pieces[index]!.length) skipped -= pieces[index++]!.length;
    if (index === pieces.length) return done(null);
    if (written === 0) return done(Object.assign(new Error(`writing ${out}: the disk took no bytes`), { code: 'EIO' }));
    writeAll(fd, [pieces[index]!.subarray(skipped), ...pieces.slice(index + 1)], position + written, out, done);
  });
}
