import { ConflictingWriteError, type BucketWriter } from '../types';
import { WrittenRanges } from '../written-ranges';
import { closeDescriptor, datasyncDescriptor, readAt, renamePath, syncDescriptor, unlinkPath, writeAt } from './fs-calls';
import { makePrivateDir, syncDirectory } from './private-files';

export interface LocalBucketWriterOptions {
  /** The incoming file's descriptor (open for reading and writing); the writer closes it. */
  fd: number;
  incomingPath: string;
  /** The share's folder (finalPath's), made before the rename and fsynced after it. */
  folder: string;
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
   * visible with the share; called with the share's length, by the write
   * that reaches the allocated size (written with it, in one call) or else
   * at close.
   */
  trailer?(shareLength: number): Uint8Array;
  /** Runs before the share becomes visible, under way while its bytes are flushed (the server records leases it cannot embed here). */
  beforeCommit?(): Promise<void>;
  /** Called exactly once, when the writer is closed or aborted; `fileBytes` is the committed file's size (share and trailer), 0 when aborted. */
  onSettled(outcome: 'closed' | 'aborted', fileBytes: number): void;
  /** Makes the share's folder (0700) before the rename; default `mkdir -p` of `folder`. */
  makeFolder?(): Promise<void>;
}

type State = 'open' | 'closing' | 'closed' | 'aborted';

/** Nothing written beyond the share yet. */
const NO_TRAILER = -1;

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
 * last share byte. close() writes the trailer (unless the write that filled
 * the allocation carried it), fsyncs and renames into shares/, so a reader
 * sees either nothing or the whole share with its lease. The file is a raw
 * descriptor (fs-calls.ts), closed exactly once, after every call on it.
 */
export class LocalBucketWriter implements BucketWriter {
  private state: State = 'open';
  private readonly pending = new Set<Promise<void>>();
  private highWater = 0;
  private readonly written = new WrittenRanges();
  private unsyncedBytes = 0;
  private backgroundSync: Promise<void> | undefined;
  private syncFailure: unknown;
  /** Where the trailer was written with the share's last bytes, or NO_TRAILER. */
  private trailerAt = NO_TRAILER;
  /** Length of the trailer written, for the file's size reported at close. */
  private trailerLength = 0;
  private descriptorClosed = false;
  /** The close under way, which an abort waits for rather than closing the descriptor under it. */
  private closing: Promise<void> | undefined;
  private discarding: Promise<void> | undefined;

  constructor(private readonly options: LocalBucketWriterOptions) {}

  async write(offset: number, data: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot write to a share that is ${this.state}`);
    if (this.syncFailure) throw this.syncFailure;
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`write offset must be a non-negative integer, got ${offset}`);
    if (offset + data.length > this.options.allocatedSize) {
      throw new RangeError(`write of ${data.length} bytes at ${offset} goes past the allocated share size ${this.options.allocatedSize}`);
    }
    // Tracked from here, its read-back included, so nothing closes the descriptor under it.
    const task = this.store(offset, data, [...this.pending]);
    this.pending.add(task);
    try {
      await task;
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
      this.backgroundSync = datasyncDescriptor(this.options.fd).then(
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

  private async store(offset: number, data: Uint8Array, earlier: Promise<void>[]): Promise<void> {
    const end = offset + data.length;
    // Tahoe-LAFS semantics: rewriting bytes is allowed only with the same bytes.
    const overlaps = this.written.overlaps(offset, end);
    if (overlaps.length > 0) await this.refuseConflicts(offset, data, overlaps, earlier);
    this.written.add(offset, end);
    // A share's bytes almost always come whole in one write (the encoder's whole-share layout): the one
    // that fills the allocation also carries the trailer, so no later call is made for it. Nothing can
    // end past the allocation, so the share's length is then known.
    const trailer = end === this.options.allocatedSize && this.trailerAt === NO_TRAILER ? this.options.trailer?.(end) : undefined;
    await writeAt(this.options.fd, trailer ? [data, trailer] : [data], offset);
    if (end > this.highWater) this.highWater = end;
    if (trailer) {
      this.trailerAt = end;
      this.trailerLength = trailer.length;
    }
  }

  /** Compares the overlapping parts with what is on disk (rare: encoders write each byte once). */
  private async refuseConflicts(offset: number, data: Uint8Array, overlaps: [number, number][], earlier: Promise<void>[]): Promise<void> {
    await Promise.all(earlier);
    for (const [from, to] of overlaps) {
      const stored = Buffer.alloc(to - from);
      await readAt(this.options.fd, stored, from);
      if (!stored.equals(data.subarray(from - offset, to - offset))) {
        throw new ConflictingWriteError(`bytes ${from}..${to} of this share were already written with different data`);
      }
    }
  }

  async close(): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot close a share that is ${this.state}`);
    this.state = 'closing';
    this.closing = this.commit();
    await this.closing;
  }

  private async commit(): Promise<void> {
    try {
      await Promise.all(this.pending);
      await this.backgroundSync;
      if (this.syncFailure) throw this.syncFailure;
      if (this.trailerAt !== this.highWater) {
        const trailer = this.options.trailer?.(this.highWater);
        if (trailer) await writeAt(this.options.fd, [trailer], this.highWater);
        this.trailerLength = trailer?.length ?? 0;
      }
      // The lease and the share's folder are written while the share's bytes are flushed: both must be
      // done before the rename, not one after the other (a small share's close is mostly these waits).
      const flushed = syncDescriptor(this.options.fd).then(() => this.closeDescriptor());
      const leased = Promise.resolve(this.options.beforeCommit?.());
      const folder = this.options.makeFolder ? this.options.makeFolder() : makePrivateDir(this.options.folder);
      const settled = await Promise.allSettled([flushed, leased, folder]);
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
      await renamePath(this.options.incomingPath, this.options.finalPath);
      // The rename itself is durable only once the folder's entry is on disk. The folder is opened
      // after the rename, so what is fsynced is the folder that holds the share.
      await syncDirectory(this.options.folder);
    } catch (error) {
      await this.discard();
      throw error;
    }
    this.state = 'closed';
    // The file's size, trailer included: what the share takes against the server's size limit.
    this.options.onSettled('closed', this.highWater + this.trailerLength);
  }

  async abort(): Promise<void> {
    if (this.state === 'closed') return;
    // A close under way either commits the share or discards it itself.
    if (this.closing) return this.closing.catch(() => undefined);
    await this.discard();
  }

  /** Refuses further writes at once, then closes the descriptor once nothing uses it, and removes the file. */
  private discard(): Promise<void> {
    return (this.discarding ??= (async () => {
      this.state = 'aborted';
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      await this.backgroundSync;
      await this.closeDescriptor().catch(() => undefined);
      await unlinkPath(this.options.incomingPath).catch(() => undefined);
      this.options.onSettled('aborted', 0);
    })());
  }

  /** Closes the descriptor once: a second close could hit another file that reused its number. */
  private closeDescriptor(): Promise<void> {
    if (this.descriptorClosed) return Promise.resolve();
    this.descriptorClosed = true;
    return closeDescriptor(this.options.fd);
  }
}
