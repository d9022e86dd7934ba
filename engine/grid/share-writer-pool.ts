import type { ShareSink } from '../chk/api';
import type { BucketWriter, StorageServer } from '../storage/types';
import { describeError, UploadError } from './errors';
import { happinessOf } from './happiness';

export interface ShareTarget {
  server: StorageServer;
  shareNumber: number;
  writer: BucketWriter;
}

/** Contiguous bytes gathered for one share before they go to its writers. */
interface PendingRun {
  offset: number;
  chunks: Uint8Array[];
  length: number;
}

export interface ShareWriterPoolOptions {
  targets: ShareTarget[];
  /** Shares already stored before this upload, per server id (count toward happiness). */
  existing: ReadonlyMap<string, Iterable<number>>;
  happy: number;
  /** Bytes gathered per share before a write is issued. */
  chunkBytes?: number;
  /** Writes at least this large are passed through without gathering or copying. */
  passThroughBytes?: number;
  /** Bytes issued but not yet on disk, across all shares, before write() waits. */
  maxInFlightBytes?: number;
}

/**
 * Routes the encoder's share writes to the bucket writers that will hold each
 * share. Small contiguous writes are gathered into larger ones, and writes are
 * issued without waiting for the disk (up to a bound) so encoding overlaps
 * I/O. A server whose write fails is dropped (all its buckets aborted); the
 * upload carries on while the remaining placement still meets `happy`, and
 * otherwise the next write() throws.
 */
export class ShareWriterPool {
  readonly sink: ShareSink;
  private readonly targetsByShare = new Map<number, ShareTarget[]>();
  private readonly runs = new Map<number, PendingRun>();
  private readonly inFlight = new Set<Promise<void>>();
  private inFlightBytes = 0;
  private readonly lost = new Map<string, string>();
  private readonly lostNames = new Map<string, string>();
  private fatal: Error | undefined;
  private readonly chunkBytes: number;
  private readonly passThroughBytes: number;
  private readonly maxInFlightBytes: number;
  private bytesDelivered = 0;

  constructor(private readonly options: ShareWriterPoolOptions) {
    this.chunkBytes = options.chunkBytes ?? 1 << 20;
    this.passThroughBytes = options.passThroughBytes ?? 64 << 10;
    this.maxInFlightBytes = options.maxInFlightBytes ?? 48 << 20;
    for (const target of options.targets) {
      const list = this.targetsByShare.get(target.shareNumber) ?? [];
      list.push(target);
      this.targetsByShare.set(target.shareNumber, list);
    }
    this.sink = { write: (shareNumber, offset, data, kept) => this.write(shareNumber, offset, data, kept === true) };
  }

  /** Servers dropped during the upload, with the reason. */
  get lostServers(): ReadonlyMap<string, string> {
    return this.lost;
  }

  /** Bytes that reached the servers (all copies counted). */
  get bytesWritten(): number {
    return this.bytesDelivered;
  }

  private async write(shareNumber: number, offset: number, data: Uint8Array, kept: boolean): Promise<void> {
    if (this.fatal) throw this.fatal;
    const targets = this.targetsByShare.get(shareNumber);
    if (!targets || targets.length === 0 || data.length === 0) return; // already stored elsewhere, or lost
    let run = this.runs.get(shareNumber);
    if (run && run.offset + run.length !== offset) {
      this.issue(shareNumber, run);
      run = undefined;
    }
    if (data.length >= this.passThroughBytes) {
      // Large writes (blocks) go straight to the writers without a copy; the
      // encoder gets its buffer back only once the disk has taken it, and it
      // overlaps those writes with encoding the next segment.
      if (run) this.issue(shareNumber, run);
      await Promise.all(this.send(shareNumber, offset, data));
    } else {
      if (!run) {
        run = { offset, chunks: [], length: 0 };
        this.runs.set(shareNumber, run);
      }
      // Copied, unless the encoder hands the bytes over for good (a file of one segment, the hash
      // areas): otherwise it may reuse its buffers once write() returns.
      run.chunks.push(kept ? data : Uint8Array.prototype.slice.call(data));
      run.length += data.length;
      if (run.length >= this.chunkBytes) this.issue(shareNumber, run);
    }
    while (this.inFlightBytes > this.maxInFlightBytes && !this.fatal) await Promise.race(this.inFlight);
    if (this.fatal) throw this.fatal;
  }

  private issue(shareNumber: number, run: PendingRun): void {
    this.runs.delete(shareNumber);
    const data = run.chunks.length === 1 ? run.chunks[0] : Buffer.concat(run.chunks, run.length);
    this.send(shareNumber, run.offset, data);
  }

  /** Starts the write on every writer of the share; failures drop that server, never reject. */
  private send(shareNumber: number, offset: number, data: Uint8Array): Promise<void>[] {
    return (this.targetsByShare.get(shareNumber) ?? []).map((target) => {
      const task = target.writer.write(offset, data).then(
        () => {
          this.bytesDelivered += data.length;
        },
        (error: unknown) => this.loseServer(target.server, `write failed: ${describeError(error)}`),
      );
      return this.track(task, data.length);
    });
  }

  private track(task: Promise<void>, bytes: number): Promise<void> {
    this.inFlightBytes += bytes;
    const settled = task.finally(() => {
      this.inFlightBytes -= bytes;
      this.inFlight.delete(settled);
    });
    this.inFlight.add(settled);
    return settled;
  }

  private async loseServer(server: StorageServer, reason: string): Promise<void> {
    if (this.lost.has(server.serverId)) return;
    this.lost.set(server.serverId, reason);
    this.lostNames.set(server.serverId, server.nickname);
    const dropped: ShareTarget[] = [];
    for (const [shareNumber, targets] of this.targetsByShare) {
      const kept = targets.filter((t) => t.server.serverId !== server.serverId);
      dropped.push(...targets.filter((t) => t.server.serverId === server.serverId));
      this.targetsByShare.set(shareNumber, kept);
    }
    const happiness = this.currentHappiness();
    if (happiness < this.options.happy && !this.fatal) {
      this.fatal = new UploadError(
        `upload failed: lost ${this.lost.size} server${this.lost.size === 1 ? '' : 's'} during the upload (${[...this.lost].map(([id, why]) => `"${this.lostNames.get(id)}": ${why}`).join('; ')}), ` +
          `so shares would be on only ${happiness} servers but happiness ${this.options.happy} is required. ` +
          `Nothing was stored; check those servers (space, connectivity) and try again.`,
      );
    }
    await Promise.allSettled(dropped.map((t) => t.writer.abort()));
  }

  /** Happiness of the shares stored before plus those still being written. */
  currentHappiness(): number {
    const placement = new Map<string, Set<number>>();
    for (const [serverId, shares] of this.options.existing) placement.set(serverId, new Set(shares));
    for (const targets of this.targetsByShare.values()) {
      for (const t of targets) {
        const set = placement.get(t.server.serverId) ?? new Set<number>();
        set.add(t.shareNumber);
        placement.set(t.server.serverId, set);
      }
    }
    return happinessOf(placement);
  }

  /** Where each share ended up (servers still holding writers), server id -> share numbers. */
  placedShares(): Map<string, number[]> {
    const placed = new Map<string, number[]>();
    for (const targets of this.targetsByShare.values()) {
      for (const t of targets) placed.set(t.server.serverId, [...(placed.get(t.server.serverId) ?? []), t.shareNumber]);
    }
    for (const list of placed.values()) list.sort((a, b) => a - b);
    return placed;
  }

  /** Writes what is gathered, waits for the disk, and closes every remaining bucket. */
  async finish(): Promise<void> {
    for (const [shareNumber, run] of [...this.runs]) this.issue(shareNumber, run);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (this.fatal) throw this.fatal;
    // Every share's background stores first: a failure found there commits no share anywhere (a failed
    // upload leaves nothing visible), where found in close() it could come after other shares committed.
    const flushing = [...this.targetsByShare.values()].flat();
    await Promise.all(flushing.map((t) => t.writer.flush?.().catch((error: unknown) => this.loseServer(t.server, `could not store the share: ${describeError(error)}`))));
    if (this.fatal) throw this.fatal;
    const remaining = [...this.targetsByShare.values()].flat();
    await Promise.all(
      remaining.map((t) =>
        t.writer.close().catch((error: unknown) => this.loseServer(t.server, `could not finish the share: ${describeError(error)}`)),
      ),
    );
    if (this.fatal) throw this.fatal;
  }

  /** Discards every share not yet closed. */
  async abortAll(): Promise<void> {
    this.runs.clear();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled([...this.targetsByShare.values()].flat().map((t) => t.writer.abort()));
  }
}
