/** Writing a download to disk without ever leaving a half-written file under the final name. */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Temporary files this process is writing now: a restore clearing what a killed run left must not take them (./restore-files). */
export const partialsInProgress = new Set<string>();

/**
 * The temporary name a download or restore writes `out` under until it is whole. A fixed-length name:
 * deriving it from the target's would fail for names near the 255-byte limit (./restore-files
 * recognises these names and clears what a killed restore left).
 */
export function partialPathBeside(out: string): string {
  partialCounter = (partialCounter + 1n) & 0xffff_ffff_ffff_ffffn;
  return join(dirname(out), `.raic-partial-${partialCounter.toString(16).padStart(16, '0')}`);
}

/**
 * The last temporary name's number: random at start (so two processes writing
 * into one folder do not meet), then counted up. A random draw per file cost
 * the main thread 7 to 24 µs each, a visible share of a small file's restore;
 * a clash would only make the exclusive create fail, never overwrite.
 */
let partialCounter = randomBytes(8).readBigUInt64BE();

/** Bytes handed to the disk but not yet written before the next chunk waits (a few segments). */
const WRITE_BEHIND_BYTES = 8 * 1024 * 1024;

/**
 * Written bytes after which a background fdatasync starts (one at a time), so
 * the disk writes a big file out while the rest downloads and the fsync before
 * the rename finds little left: on this machine it went from 160-340 ms to
 * 0-30 ms for 268 MB (docs/performance.md). Durability is unchanged: the
 * final fsync still runs before the rename.
 */
export const BACKGROUND_FLUSH_BYTES = 32 * 1024 * 1024;

/**
 * Writes chunks at increasing positions without waiting for each one, so the
 * download decodes the next segment while the disk takes this one; at most
 * WRITE_BEHIND_BYTES are pending. Chunks must not be changed after they are
 * handed over (the downloader yields fresh buffers). The first failure is
 * thrown by the next write() or by drain().
 */
class WriteBehind {
  private position = 0;
  private pendingBytes = 0;
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;
  private writtenBytes = 0;
  private flushedUpTo = 0;
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly handle: FileHandle,
    private readonly flushEveryBytes: number,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    this.throwIfFailed();
    const at = this.position;
    this.position += chunk.length;
    this.pendingBytes += chunk.length;
    const task = this.writeFully(chunk, at).then(
      () => {
        this.writtenBytes += chunk.length;
        this.flushInBackground();
      },
      (error: unknown) => {
        this.failure ??= error;
      },
    ).finally(() => {
      this.pendingBytes -= chunk.length;
      this.pending.delete(task);
    });
    this.pending.add(task);
    while (this.pendingBytes > WRITE_BEHIND_BYTES && this.failure === undefined) await Promise.race(this.pending);
    this.throwIfFailed();
  }

  /** Waits for every pending write; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for every pending write, whatever the outcome. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    await this.flushing;
  }

  /** Starts an fdatasync of what is written once flushEveryBytes more are, unless one is running; a failure is thrown like a write's. */
  private flushInBackground(): void {
    if (this.flushEveryBytes <= 0 || this.flushing || this.writtenBytes - this.flushedUpTo < this.flushEveryBytes) return;
    this.flushedUpTo = this.writtenBytes;
    this.flushing = this.handle.datasync().then(
      () => {
        this.flushing = null;
      },
      (error: unknown) => {
        this.flushing = null;
        this.failure ??= error;
      },
    );
  }

  private async writeFully(chunk: Uint8Array, at: number): Promise<void> {
    let written = 0;
    while (written < chunk.length) written += (await this.handle.write(chunk, written, chunk.length - written, at + written)).bytesWritten;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

export interface AtomicWriteOptions {
  /** Modification time to give the file (ms since the epoch), set before the sync so it arrives under the final name with it. */
  modifiedAt?: number | null;
  /** Start a background fdatasync after every this many bytes written (BACKGROUND_FLUSH_BYTES unless told; 0: only the final fsync). */
  flushEveryBytes?: number;
}

/**
 * The data goes to a temporary file beside `out`, given its time, synced
 * (one fsync per file: the only point where a crash could otherwise leave a
 * file of the right size and time but unwritten blocks, which a resumed
 * restore would take as identical), then renamed over `out`. On any failure
 * the temporary file is removed. The folder itself is not synced: after a
 * crash a rename may be lost, and the file is simply restored again.
 */
export async function writeChunksAtomically(chunks: AsyncIterable<Uint8Array>, out: string, options: AtomicWriteOptions = {}): Promise<void> {
  const temp = partialPathBeside(out);
  const handle = await open(temp, 'wx');
  partialsInProgress.add(temp);
  let done = false;
  try {
    const behind = new WriteBehind(handle, options.flushEveryBytes ?? BACKGROUND_FLUSH_BYTES);
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
