import { rename, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConflictingWriteError, type BucketWriter } from '../types';
import { WrittenRanges } from '../written-ranges';
import { makePrivateDir, syncDirectory } from './private-files';

export interface LocalBucketWriterOptions {
  handle: FileHandle;
  incomingPath: string;
  finalPath: string;
  allocatedSize: number;
  /**
   * Starts a background fdatasync after this many bytes, so the disk flushes
   * while the upload is still encoding and the fsync at close has little left.
   */
  syncEveryBytes?: number;
  /**
   * Bytes appended after the share's last byte before the fsync (the server's
   * embedded first lease, share-trailer.ts), so they become durable and
   * visible with the share; called at close with the share's length.
   */
  trailer?(shareLength: number): Uint8Array;
  /** Runs before the share becomes visible, under way while its bytes are flushed (the server records leases it cannot embed here). */
  beforeCommit?(): Promise<void>;
  /** Called exactly once, when the writer is closed or aborted. */
  onSettled(outcome: 'closed' | 'aborted', bytes: number): void;
  /** Makes the share's folder (0700) before the rename; default `mkdir -p` of finalPath's folder. */
  makeFolder?(): Promise<void>;
}

type State = 'open' | 'closing' | 'closed' | 'aborted';

/**
 * Background flushes in flight across the process. Each one holds a libuv
 * thread-pool thread (4 by default) for as long as the disk takes, so more
 * than one would leave the writes queued behind them; one keeps the disk busy.
 */
const MAX_BACKGROUND_SYNCS = 1;
let backgroundSyncsInFlight = 0;

/**
 * One share being written into incoming/. The raw share bytes are stored from
 * offset 0 with no Tahoe-LAFS container header (version, data length, lease
 * count), so the share is readable by range with no offset arithmetic; the
 * server's trailer (the embedded first lease, share-trailer.ts) follows the
 * last share byte. close() writes the trailer, fsyncs and renames into
 * shares/, so a reader sees either nothing or the whole share with its lease.
 */
export class LocalBucketWriter implements BucketWriter {
  private state: State = 'open';
  private readonly pending = new Set<Promise<void>>();
  private highWater = 0;
  private readonly written = new WrittenRanges();
  private unsyncedBytes = 0;
  private backgroundSync: Promise<void> | undefined;
  private syncFailure: unknown;

  constructor(private readonly options: LocalBucketWriterOptions) {}

  async write(offset: number, data: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot write to a share that is ${this.state}`);
    if (this.syncFailure) throw this.syncFailure;
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`write offset must be a non-negative integer, got ${offset}`);
    const end = offset + data.length;
    if (end > this.options.allocatedSize) {
      throw new RangeError(`write of ${data.length} bytes at ${offset} goes past the allocated share size ${this.options.allocatedSize}`);
    }
    // Tahoe-LAFS semantics: rewriting bytes is allowed only with the same bytes.
    const overlaps = this.written.overlaps(offset, end);
    if (overlaps.length > 0) await this.refuseConflicts(offset, data, overlaps);
    this.written.add(offset, end);
    const task = this.writeFully(offset, data);
    this.pending.add(task);
    try {
      await task;
      if (end > this.highWater) this.highWater = end;
    } finally {
      this.pending.delete(task);
    }
    this.unsyncedBytes += data.length;
    if (
      this.unsyncedBytes >= (this.options.syncEveryBytes ?? Infinity) &&
      !this.backgroundSync &&
      this.state === 'open' &&
      backgroundSyncsInFlight < MAX_BACKGROUND_SYNCS
    ) {
      this.unsyncedBytes = 0;
      backgroundSyncsInFlight++;
      this.backgroundSync = this.options.handle.datasync().then(
        () => {
          backgroundSyncsInFlight--;
          this.backgroundSync = undefined;
        },
        (error: unknown) => {
          backgroundSyncsInFlight--;
          this.syncFailure = error;
          this.backgroundSync = undefined;
        },
      );
    }
  }

  /** Compares the overlapping parts with what is on disk (rare: encoders write each byte once). */
  private async refuseConflicts(offset: number, data: Uint8Array, overlaps: [number, number][]): Promise<void> {
    await Promise.all(this.pending);
    for (const [from, to] of overlaps) {
      const stored = Buffer.alloc(to - from);
      await this.options.handle.read(stored, 0, stored.length, from);
      if (!stored.equals(data.subarray(from - offset, to - offset))) {
        throw new ConflictingWriteError(`bytes ${from}..${to} of this share were already written with different data`);
      }
    }
  }

  private async writeFully(offset: number, data: Uint8Array): Promise<void> {
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.options.handle.write(data, written, data.length - written, offset + written);
      if (bytesWritten <= 0) throw new Error('the disk accepted no bytes');
      written += bytesWritten;
    }
  }

  async close(): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot close a share that is ${this.state}`);
    this.state = 'closing';
    try {
      await Promise.all(this.pending);
      await this.backgroundSync;
      if (this.syncFailure) throw this.syncFailure;
      const trailer = this.options.trailer?.(this.highWater);
      if (trailer) await this.writeFully(this.highWater, trailer);
      // The lease and the share's folder are written while the share's bytes are flushed: both must be
      // done before the rename, not one after the other (a small share's close is mostly these waits).
      const flushed = this.options.handle.sync().then(() => this.options.handle.close());
      const leased = Promise.resolve(this.options.beforeCommit?.());
      const folder = this.options.makeFolder ? this.options.makeFolder() : makePrivateDir(dirname(this.options.finalPath));
      const settled = await Promise.allSettled([flushed, leased, folder]);
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      await rename(this.options.incomingPath, this.options.finalPath);
      // The rename itself is durable only once the folder's entry is on disk.
      await syncDirectory(dirname(this.options.finalPath));
    } catch (error) {
      await this.discard();
      throw error;
    }
    this.state = 'closed';
    this.options.onSettled('closed', this.highWater);
  }

  async abort(): Promise<void> {
    if (this.state === 'aborted' || this.state === 'closed') return;
    await Promise.allSettled(this.pending);
    await this.backgroundSync;
    await this.discard();
  }

  private async discard(): Promise<void> {
    if (this.state === 'aborted') return;
    this.state = 'aborted';
    await this.options.handle.close().catch(() => undefined);
    await unlink(this.options.incomingPath).catch(() => undefined);
    this.options.onSettled('aborted', 0);
  }
}
