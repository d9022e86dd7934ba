/**
 * Writing a download's chunks to a file without waiting for each write, and
 * flushing to the disk while the download goes on (./download-to-file.ts).
 */
import type { FileHandle } from 'node:fs/promises';

/** Bytes handed to the disk but not yet written before the next chunk waits (a few segments). */
export const WRITE_BEHIND_BYTES = 8 * 1024 * 1024;

/**
 * Start a background fdatasync once this many bytes were written since the
 * last one: the disk writes the file back while the download is still
 * decoding, so the fsync before the rename has a few MiB left, not the whole
 * file (for 268 MB at about 400 MB/s that was most of a second spent waiting
 * at the end).
 */
export const BACKGROUND_SYNC_BYTES = 16 * 1024 * 1024;

/**
 * Background flushes in flight across the process: each holds a libuv
 * thread-pool thread (4 by default) for as long as the disk takes, and the
 * reads of the shares need those threads too; one keeps the disk busy.
 */
const MAX_BACKGROUND_SYNCS = 1;
let backgroundSyncsInFlight = 0;

export interface WriteBehindOptions {
  /** Overrides BACKGROUND_SYNC_BYTES (tests); Infinity turns background flushing off. */
  syncEveryBytes?: number;
}

/**
 * Writes chunks at increasing positions without waiting for each one, so the
 * download decodes the next segment while the disk takes this one; at most
 * WRITE_BEHIND_BYTES are pending. Chunks must not be changed after they are
 * handed over (the downloader yields fresh buffers). The first failure
 * (of a write or of a background flush) is thrown by the next write() or by
 * drain(). A background flush only makes the final fsync shorter; the caller
 * still fsyncs before the file counts as written.
 */
export class WriteBehind {
  private position = 0;
  private pendingBytes = 0;
  private readonly pending = new Set<Promise<void>>();
  private failure: unknown;
  private unsyncedBytes = 0;
  private backgroundSync: Promise<void> | undefined;
  private readonly syncEveryBytes: number;
  /** Background flushes started, for tests and measurements. */
  backgroundSyncs = 0;

  constructor(
    private readonly handle: FileHandle,
    options: WriteBehindOptions = {},
  ) {
    this.syncEveryBytes = options.syncEveryBytes ?? BACKGROUND_SYNC_BYTES;
  }

  async write(chunk: Uint8Array): Promise<void> {
    this.throwIfFailed();
    const at = this.position;
    this.position += chunk.length;
    this.pendingBytes += chunk.length;
    const task = this.writeFully(chunk, at)
      .then(
        () => this.wrote(chunk.length),
        (error: unknown) => {
          this.failure ??= error;
        },
      )
      .finally(() => {
        this.pendingBytes -= chunk.length;
        this.pending.delete(task);
      });
    this.pending.add(task);
    while (this.pendingBytes > WRITE_BEHIND_BYTES && this.failure === undefined) await Promise.race(this.pending);
    this.throwIfFailed();
  }

  /** Waits for every pending write and background flush; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    this.throwIfFailed();
  }

  /** Waits for every pending write and background flush, whatever the outcome. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    while (this.backgroundSync) await this.backgroundSync;
  }

  /** Counts bytes the kernel has taken and starts a flush of them when enough piled up (one at a time, process-wide). */
  private wrote(bytes: number): void {
    this.unsyncedBytes += bytes;
    if (this.unsyncedBytes < this.syncEveryBytes || this.backgroundSync || this.failure !== undefined) return;
    if (backgroundSyncsInFlight >= MAX_BACKGROUND_SYNCS) return;
    this.unsyncedBytes = 0;
    this.backgroundSyncs++;
    backgroundSyncsInFlight++;
    this.backgroundSync = this.handle
      .datasync()
      .catch((error: unknown) => {
        this.failure ??= error;
      })
      .finally(() => {
        backgroundSyncsInFlight--;
        this.backgroundSync = undefined;
      });
  }

  private async writeFully(chunk: Uint8Array, at: number): Promise<void> {
    let written = 0;
    while (written < chunk.length) written += (await this.handle.write(chunk, written, chunk.length - written, at + written)).bytesWritten;
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
