import { closeSync, fstatSync, open as openDescriptor, read as readDescriptor, type Stats } from 'node:fs';
import type { ByteSource } from '../chk/api';
import { FileChangedError } from './errors';

/** A ByteSource that can tell, after the last read, whether what it read is still what is there. */
export interface CheckedByteSource extends ByteSource {
  /** Throws FileChangedError if the data may have changed since reading started. */
  checkUnchanged?(): Promise<void>;
  /** Releases the underlying file, if any. */
  close?(): Promise<void>;
}

export function bytesByteSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    async read(offset, length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new RangeError(`read of ${length} bytes at ${offset} is outside a ${bytes.length}-byte source`);
      }
      return bytes.subarray(offset, offset + length);
    },
  };
}

const CHECK_EVERY_BYTES = 64 << 20;

export interface FileByteSource extends CheckedByteSource {
  readonly path: string;
  /** The file's modification time when it was opened (from the same fstat as its size: no second stat by path). */
  readonly modifiedAtMs: number;
  checkUnchanged(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A file read by range. Convergent encryption reads the file twice (once for
 * the key, once to encode), so a file that changes in between would give a
 * cap that does not match its contents. The file's size and modification time
 * are compared with those seen at open every 64 MiB read (so a long upload
 * fails early), a short read counts as a change, and checkUnchanged() repeats
 * the comparison after the last read.
 */
export async function fileByteSource(path: string): Promise<FileByteSource> {
  const fd = await openForReading(path);
  let initial: Stats;
  try {
    initial = statOpen(fd);
    if (!initial.isFile()) throw new Error(`${path} is not a regular file`);
  } catch (error) {
    await closeFile(fd);
    throw error;
  }
  const size = initial.size;
  const changed = (detail: string): FileChangedError =>
    new FileChangedError(`${path} changed while it was being read (${detail}); nothing was stored. Upload it again once it has stopped changing.`);

  const check = async (): Promise<void> => {
    const now = statOpen(fd);
    if (now.size !== size) throw changed(`size was ${size} bytes, now ${now.size}`);
    if (now.mtimeMs !== initial.mtimeMs) throw changed('its modification time moved');
  };

  /*
   * Reads asked for and not yet finished, counted from the moment they are
   * asked (not from their first disk read, which may come a few awaits
   * later): close() waits for all of them, or the descriptor could be closed
   * (and its number reused by another file) under them, as FileHandle.close
   * waits for the handle's operations.
   */
  const inUse = new Set<Promise<unknown>>();
  const track = <T>(work: () => Promise<T>): Promise<T> => {
    const running = work();
    inUse.add(running);
    const forget = (): boolean => inUse.delete(running);
    running.then(forget, forget);
    return running;
  };
  const settled = async (): Promise<void> => {
    while (inUse.size > 0) await Promise.allSettled([...inUse]);
  };
  let descriptorClosed = false;
  const closeDescriptor = async (): Promise<void> => {
    await settled();
    descriptorClosed = true;
    await closeFile(fd);
  };
  const fill = async (offset: number, target: Uint8Array): Promise<void> => {
    let got = 0;
    while (got < target.length) {
      if (descriptorClosed) throw new Error(`${path} was already closed`);
      const bytesRead = await readAt(fd, target.subarray(got), offset + got);
      if (bytesRead === 0) throw changed(`it ended at ${offset + got} bytes, expected ${size}`);
      got += bytesRead;
    }
  };

  const readFresh = (offset: number, length: number): Promise<Uint8Array> =>
    track(async () => {
      // Unpooled: the buffer owns its ArrayBuffer, so a consumer may transfer it to a worker.
      const buffer = Buffer.allocUnsafeSlow(length);
      const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, length);
      await fill(offset, bytes);
      return bytes;
    });

  // One read ahead: both passes read the file in order, so the next piece is
  // fetched while the caller hashes or encodes this one.
  let ahead: { offset: number; length: number; data: Promise<Uint8Array> } | undefined;
  let closed = false;
  let readSinceCheck = 0;
  const beforeRead = async (offset: number, length: number): Promise<void> => {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new RangeError(`read of ${length} bytes at ${offset} is outside the ${size}-byte file ${path}`);
    }
    if (closed) throw new Error(`${path} was already closed`);
    readSinceCheck += length;
    if (readSinceCheck >= CHECK_EVERY_BYTES) {
      readSinceCheck = 0;
      await check();
    }
  };

  if (size <= WHOLE_READ_MAX_BYTES) return { ...wholeFileSource(path, size, readFresh, check, closeDescriptor), modifiedAtMs: initial.mtimeMs };

  return {
    path,
    size,
    modifiedAtMs: initial.mtimeMs,
    read: (offset, length) =>
      track(async () => {
        await beforeRead(offset, length);
        const prefetched = ahead && ahead.offset === offset && ahead.length === length ? ahead.data : undefined;
        ahead = undefined;
        const data = await (prefetched ?? readFresh(offset, length));
        const next = offset + length;
        if (next < size && length > 0 && !closed) {
          const nextLength = Math.min(length, size - next);
          const pending = readFresh(next, nextLength);
          pending.catch(() => undefined); // surfaced if and when that piece is asked for
          ahead = { offset: next, length: nextLength, data: pending };
        }
        return data;
      }),
    // No read-ahead here: a caller filling its own buffers reads ahead itself.
    readInto: (offset, target) =>
      track(async () => {
        await beforeRead(offset, target.length);
        await fill(offset, target);
      }),
    checkUnchanged: check,
    async close() {
      if (closed) return;
      closed = true;
      ahead = undefined;
      await closeDescriptor();
    },
  };
}

/**
 * Files up to this size are read whole by the first read and both passes
 * (key, then encoding) are served from that copy: one disk read per file
 * instead of one per pass. Both passes then also see the very same bytes.
 */
const WHOLE_READ_MAX_BYTES = 256 << 10;

function wholeFileSource(
  path: string,
  size: number,
  readWhole: (offset: number, length: number) => Promise<Uint8Array>,
  check: () => Promise<void>,
  closeDescriptor: () => Promise<void>,
): Omit<FileByteSource, 'modifiedAtMs'> {
  let whole: Promise<Uint8Array> | undefined;
  let closed = false;
  const range = async (offset: number, length: number): Promise<Uint8Array> => {
    if (offset < 0 || length < 0 || offset + length > size) {
      throw new RangeError(`read of ${length} bytes at ${offset} is outside the ${size}-byte file ${path}`);
    }
    if (closed) throw new Error(`${path} was already closed`);
    whole ??= readWhole(0, size);
    return (await whole).subarray(offset, offset + length);
  };
  return {
    path,
    size,
    // A copy that owns its memory, as from a disk read: a consumer may move it to a worker or keep it.
    read: async (offset, length) => (await range(offset, length)).slice(),
    async readInto(offset, target) {
      target.set(await range(offset, target.length));
    },
    // The copy read from the disk itself: both passes of a small file hash and encrypt it without a copy.
    view: range,
    checkUnchanged: check,
    async close() {
      if (closed) return;
      closed = true;
      await whole?.catch(() => undefined);
      whole = undefined;
      await closeDescriptor();
    },
  };
}

/*
 * The file is opened and read through the I/O threads (either may wait on the
 * disk: a path lookup, the data), while its status (size, modification time)
 * is asked for, and it is closed, on this thread: fstat of an open descriptor
 * reads only the inode the kernel holds since the open, and closing a
 * descriptor opened for reading writes nothing back. Through the I/O threads
 * each of those cost ~40 us of CPU (a hand-over to a thread and back), more
 * than the call itself; three per small file. A raw descriptor rather than a
 * FileHandle for the same reason (lighter calls); close() must be called, as
 * with the handle.
 */
function openForReading(path: string): Promise<number> {
  return new Promise((resolve, reject) => openDescriptor(path, 'r', (error, fd) => (error ? reject(error) : resolve(fd))));
}

function statOpen(fd: number): Stats {
  return fstatSync(fd);
}

function readAt(fd: number, target: Uint8Array, position: number): Promise<number> {
  return new Promise((resolve, reject) =>
    readDescriptor(fd, target, 0, target.length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))),
  );
}

async function closeFile(fd: number): Promise<void> {
  closeSync(fd);
}
