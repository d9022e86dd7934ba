/**
 * The file-system calls a local-folder server makes per share, as promises
 * over Node's callback API on raw descriptors.
 *
 * Why not fs/promises: each of its calls costs the main thread a FileHandle
 * (for opens) and a promise request object, and each failure a second stack
 * capture (its handleErrorFromBinding) on top of the error itself. A small
 * share makes about ten calls, and a new storage index's expected failures
 * (its folder and lease file not there yet) are two of them; measured here
 * (Node 20, 2 cores), a failing readdir or stat costs the main thread ~9 us
 * through fs/promises and ~4 us through a callback. The callers own their
 * descriptors: nothing closes one for them, and each must be closed once,
 * after every call on it has settled (a number closed early can be reused by
 * the next open, in this process, for another file).
 */
import fs from 'node:fs';

type Settle<T> = (error: NodeJS.ErrnoException | null, value?: T) => void;

/** One callback call as a promise. */
function call<T>(start: (settle: Settle<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => start((error, value) => (error ? reject(error) : resolve(value as T))));
}

export function openDescriptor(path: string, flags: string, mode?: number): Promise<number> {
  return call((settle) => fs.open(path, flags, mode, settle));
}

export function closeDescriptor(fd: number): Promise<void> {
  return call((settle) => fs.close(fd, (error) => settle(error)));
}

export function syncDescriptor(fd: number): Promise<void> {
  return call((settle) => fs.fsync(fd, (error) => settle(error)));
}

export function datasyncDescriptor(fd: number): Promise<void> {
  return call((settle) => fs.fdatasync(fd, (error) => settle(error)));
}

/** Reads up to buffer.length bytes at `position`; resolves with how many were read (fewer only at the end of the file). */
export function readAt(fd: number, buffer: Uint8Array, position: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const step = (got: number): void => {
      if (got >= buffer.length) return resolve(got);
      fs.read(fd, buffer, got, buffer.length - got, position + got, (error, bytesRead) => {
        if (error) return reject(error);
        if (bytesRead === 0) return resolve(got);
        step(got + bytesRead);
      });
    };
    step(0);
  });
}

/**
 * Writes `chunks` one after the other from `position`, all of them: one
 * system call for any number of chunks (pwritev), more only if the disk took
 * part of them.
 */
export function writeAt(fd: number, chunks: readonly Uint8Array[], position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (list: readonly Uint8Array[], at: number): void => {
      const wanted = list.reduce((sum, chunk) => sum + chunk.length, 0);
      if (wanted === 0) return resolve();
      const done = (error: NodeJS.ErrnoException | null, written: number): void => {
        if (error) return reject(error);
        if (written >= wanted) return resolve();
        if (written <= 0) return reject(new Error('the disk accepted no bytes'));
        step(dropBytes(list, written), at + written);
      };
      if (list.length === 1) fs.write(fd, list[0], 0, list[0].length, at, done);
      else fs.writev(fd, list as Uint8Array[], at, done);
    };
    step(chunks, position);
  });
}

/** `list` without its first `bytes` bytes (views, no copy). */
function dropBytes(list: readonly Uint8Array[], bytes: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let skip = bytes;
  for (const chunk of list) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    out.push(skip > 0 ? chunk.subarray(skip) : chunk);
    skip = 0;
  }
  return out;
}

export function renamePath(from: string, to: string): Promise<void> {
  return call((settle) => fs.rename(from, to, (error) => settle(error)));
}

export function makeFolder(path: string, mode: number, recursive: boolean): Promise<void> {
  return call((settle) => fs.mkdir(path, { mode, recursive }, (error) => settle(error)));
}

export function unlinkPath(path: string): Promise<void> {
  return call((settle) => fs.unlink(path, (error) => settle(error)));
}

/** Whether something is at `path`: false when it (or a folder on its way) is missing, an error for anything else (a file where a folder should be, say). */
export function pathExists(path: string): Promise<boolean> {
  return new Promise((resolve, reject) =>
    fs.stat(path, (error) => {
      if (!error) resolve(true);
      else if (error.code === 'ENOENT') resolve(false);
      else reject(error);
    }),
  );
}

/** Names in a folder, in the order the system gives them. */
export function readFolder(path: string): Promise<string[]> {
  return call((settle) => fs.readdir(path, settle));
}

/** Entries of a folder with their types. */
export function readFolderEntries(path: string): Promise<fs.Dirent[]> {
  return call((settle) => fs.readdir(path, { withFileTypes: true }, settle));
}
