import fs from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { BucketReader } from '../types';

/** How long an unused share file stays open; readers have no close() in the interface. */
const IDLE_CLOSE_MS = 2000;

/**
 * Shares up to this size are read whole by their first read and closed at
 * once; later reads are served from that copy. A small file's download reads
 * its header, URI extension block, hash trees and blocks apart (half a dozen
 * reads per share, each a trip through the thread pool), and a restore of
 * thousands of small files would otherwise keep a file open per share for
 * IDLE_CLOSE_MS. Memory: one share per reader, while the download holds it.
 */
export const WHOLE_READ_MAX_BYTES = 1 << 20;

/** A complete share on disk, read by range through a lazily opened file handle (small shares: read whole, once). */
export class LocalBucketReader implements BucketReader {
  private handle: Promise<FileHandle> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;
  private whole: Promise<Uint8Array> | undefined;
  /** The buffer behind `whole` once its read has finished (only then may release() give it back). */
  private wholeBuffer: Buffer | undefined;

  /**
   * `prefetchedFile`: the whole file (share bytes first) when whoever listed
   * the share already read it (getBuckets does for small shares, to find where
   * the share ends: share-trailer.ts); the first read takes it instead of
   * reading again, and release() gives it back like its own copy.
   */
  constructor(
    readonly shareNumber: number,
    readonly size: number,
    private readonly path: string,
    private prefetchedFile?: Buffer,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0) {
      throw new RangeError(`bad read range: offset ${offset}, length ${length}`);
    }
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    if (wanted === 0) return new Uint8Array(0);
    if (this.size <= WHOLE_READ_MAX_BYTES) {
      let whole = await this.readWhole();
      if (whole.buffer.byteLength === 0) {
        // A consumer moved a view's memory to another thread: read it again rather than report a damaged share.
        this.whole = undefined;
        whole = await this.readWhole();
      }
      // A share shorter on disk than when it was listed has been damaged or removed.
      if (offset + wanted > whole.length) throw this.endedEarly(Math.max(0, whole.length - offset), wanted, offset);
      return whole.subarray(offset, offset + wanted);
    }
    return this.readRange(offset, wanted);
  }

  /**
   * Fills `target` from `offset` (clipped at the end of the share) and
   * resolves to the number of bytes read. For callers that reuse their memory
   * (shared memory a hash worker reads, say): a fresh buffer per block costs a
   * page fault per 4 KiB and garbage to collect. Overlapping calls are fine.
   */
  async readInto(offset: number, target: Uint8Array): Promise<number> {
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`bad read offset ${offset}`);
    const wanted = Math.max(0, Math.min(target.length, this.size - offset));
    if (wanted === 0) return 0;
    if (this.size <= WHOLE_READ_MAX_BYTES) {
      const bytes = await this.read(offset, wanted);
      target.set(bytes);
      return bytes.length;
    }
    this.inFlight++;
    this.cancelIdleClose();
    try {
      const handle = await this.openHandle();
      const got = await readFully(handle, target, wanted, offset);
      if (got < wanted) throw this.endedEarly(got, wanted, offset);
      return got;
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.scheduleIdleClose();
    }
  }

  /**
   * Gives the whole-share copy back for reuse by another reader (see
   * BucketReader.release): only once its read has finished, so a read still
   * in flight can never fill a buffer someone else holds. A later read reads
   * the file again.
   */
  release(): void {
    const buffer = this.wholeBuffer;
    if (!buffer) return;
    this.wholeBuffer = undefined;
    this.whole = undefined;
    giveSpareBuffer(buffer);
  }

  /** The whole share in one read, the file closed right after; a failed read is tried again by the next read. */
  private readWhole(): Promise<Uint8Array> {
    const prefetched = this.prefetchedFile;
    this.prefetchedFile = undefined;
    if (!this.whole && prefetched && prefetched.length >= this.size) {
      this.whole = Promise.resolve(new Uint8Array(prefetched.buffer, prefetched.byteOffset, this.size));
      this.wholeBuffer = prefetched;
    }
    if (!this.whole) {
      const reading = readFileOnce(this.path, this.size);
      reading.then(
        (bytes) => {
          if (this.whole === reading) this.wholeBuffer = Buffer.from(bytes.buffer, bytes.byteOffset, this.size);
        },
        () => {
          if (this.whole === reading) this.whole = undefined;
        },
      );
      this.whole = reading;
    }
    return this.whole;
  }

  private async readRange(offset: number, wanted: number): Promise<Uint8Array> {
    this.inFlight++;
    this.cancelIdleClose();
    try {
      const handle = await this.openHandle();
      // Unpooled: the buffer owns its ArrayBuffer, so a consumer may transfer it to a worker.
      const buffer = Buffer.allocUnsafeSlow(wanted);
      const got = await readFully(handle, buffer, wanted, offset);
      if (got < wanted) throw this.endedEarly(got, wanted, offset);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, got);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.scheduleIdleClose();
    }
  }

  private endedEarly(got: number, wanted: number, offset: number): Error {
    return new Error(`share ${this.shareNumber} ended early: read ${got} of ${wanted} bytes at offset ${offset}`);
  }

  private openHandle(): Promise<FileHandle> {
    if (!this.handle) {
      this.handle = open(this.path, 'r');
      this.handle.catch(() => {
        this.handle = undefined;
      });
    }
    return this.handle;
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private scheduleIdleClose(): void {
    this.idleTimer = setTimeout(() => {
      const handle = this.handle;
      this.handle = undefined;
      this.idleTimer = undefined;
      void handle?.then((h) => h.close()).catch(() => undefined);
    }, IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }
}

/** Reads up to `wanted` bytes at `position` into the start of `target`; fewer only at the end of the file. */
async function readFully(handle: FileHandle, target: Uint8Array, wanted: number, position: number): Promise<number> {
  let got = 0;
  while (got < wanted) {
    const { bytesRead } = await handle.read(target, got, wanted - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/**
 * Up to `size` bytes of the file from its start (fewer if it is shorter now).
 * Through the callback API on a plain descriptor, in one promise: a restore
 * of small files makes two of these per file, and a FileHandle of
 * node:fs/promises costs the main thread several times more per call (a
 * handle object, a promise per step). The close is not waited for: the bytes
 * are in hand, and a close error on a file opened read-only says nothing
 * about them.
 */
function readFileOnce(path: string, size: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    fs.open(path, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      readWholeThenClose(fd, size, (error, buffer, got) => (error ? reject(error) : resolve(new Uint8Array(buffer.buffer, buffer.byteOffset, got))));
    });
  });
}

/** Reads up to `size` bytes of an open file from its start into a (possibly reused) buffer, then closes it without waiting. */
function readWholeThenClose(fd: number, size: number, done: (error: Error | null, buffer: Buffer, got: number) => void): void {
  // Each caller gets a view of this one copy (no reader transfers buffers to a worker: the hash worker copies).
  const buffer = takeSpareBuffer(size);
  const finish = (error: Error | null, got: number) => {
    fs.close(fd, () => undefined);
    done(error, buffer, got);
  };
  const readFrom = (got: number) => {
    if (got >= size) return finish(null, got);
    fs.read(fd, buffer, got, size - got, got, (readError, bytesRead) => {
      if (readError) return finish(readError, got);
      if (bytesRead === 0) return finish(null, got);
      readFrom(got + bytesRead);
    });
  };
  readFrom(0);
}

/** Whole-share buffers given back by release(), by exact size, at most SPARE_MAX_BYTES in all. */
const spareBuffers = new Map<number, Buffer[]>();
let spareBytes = 0;
const SPARE_MAX_BYTES = 8 << 20;

/** A buffer of exactly `size` bytes, a spare one if there is one (for whole-file reads made on a reader's behalf). */
export function takeSpareBuffer(size: number): Buffer {
  const spare = spareBuffers.get(size)?.pop();
  if (!spare) return Buffer.allocUnsafeSlow(size);
  spareBytes -= size;
  return spare;
}

function giveSpareBuffer(buffer: Buffer): void {
  // A buffer whose memory was moved to another thread (detached) is left to the garbage collector.
  if (buffer.buffer.byteLength === 0 || spareBytes + buffer.length > SPARE_MAX_BYTES) return;
  const list = spareBuffers.get(buffer.length) ?? [];
  if (list.length === 0) spareBuffers.set(buffer.length, list);
  list.push(buffer);
  spareBytes += buffer.length;
}
