import type { BlobStore } from '../../backends/types';
import { ConflictingWriteError, type BucketWriter } from '../types';
import type { BufferGauge, MemoryBudget } from './buffer-gauge';
import { chunkCount, chunkLength } from './chunks';
import { incomingMarkerKey, parseShareObjectKey, SHARES_PREFIX, shareBucketPrefix, shareChunkKey, stagedFirstChunkKey } from './keys';
import { WrittenRanges } from '../written-ranges';

export interface ChunkedShareWriterOptions {
  store: BlobStore;
  /** Base32 storage index. */
  si: string;
  shareNumber: number;
  allocatedSize: number;
  chunkSize: number;
  /**
   * The incoming/ marker being written (shares of more than one chunk), which
   * must land before any chunk is stored, and which close and abort delete.
   */
  markerWritten: Promise<void> | undefined;
  /**
   * The allocation's listing showed no object of this share number, so an
   * earlier attempt left no chunk for close() to delete: unless this writer
   * stored chunks past the end itself, it need not list the bucket again.
   */
  noLeftovers: boolean;
  gauge: BufferGauge;
  /** Memory for keeping chunk 0 until the commit instead of staging it (see flushBuffer). */
  firstChunkBudget: MemoryBudget;
  /**
   * Memory for extra chunk buffers, so the next chunks fill while earlier ones
   * are still being stored (see flushBuffer). Without it (spent by other
   * uploads, or none given) a chunk is stored before the next one fills.
   */
  sendAheadBudget?: MemoryBudget;
  /** Runs just before the share becomes visible (records its lease). */
  beforeCommit(): Promise<void>;
  /** Runs when close() failed, so what beforeCommit recorded can be undone. */
  afterFailedCommit(): Promise<void>;
  /** Called exactly once, when the writer is closed (with the share's size) or aborted (0). */
  onSettled(outcome: 'closed' | 'aborted', bytes: number): void;
}

type State = 'open' | 'closed' | 'aborted';

/**
 * Puts of one share under way at once. One: two were tried, and on the bench's
 * 40 ms / 50 Mbit/s link they shared the bandwidth, ended together and left
 * the same gap at each chunk boundary as one (18.4 s for 64 MiB either way),
 * for 8 MiB more per share.
 */
const PUTS_IN_FLIGHT = 1;

/**
 * One immutable share being uploaded into a BlobStore, holding at most
 * PUTS_IN_FLIGHT + 2 chunks in memory (three). Bytes gather in the buffer of the chunk being written;
 * moving to another chunk stores the buffer as an object under its final
 * name (readers ignore chunks while chunk 0 is absent), except chunk 0,
 * which is kept in memory until the commit while the server's budget allows
 * (else staged under incoming/ and fetched back at close, one chunk in
 * memory). close() stores chunk 0 under its final name last: that single
 * atomic put is the moment the share appears, on any backend.
 *
 * While the send-ahead budget allows, a chunk's put runs in the background
 * and the next chunk fills another buffer meanwhile, with up to
 * PUTS_IN_FLIGHT puts per share under way: the link no longer waits for the
 * encoder at each chunk boundary (on a loaded machine a 64 MiB upload
 * through the bench's slow link took 21.5 s instead of 26.5 s). A failed put
 * is reported by a later write, by flush() (which the uploader calls on
 * every share before closing any) or by close(), which then fails, so the
 * share never appears.
 *
 * Writes may come in any order; rewriting bytes already written is allowed
 * only with the same bytes (Tahoe-LAFS ConflictingWriteError otherwise), and
 * nothing may be written past the allocated size. Operations run one at a
 * time, in call order.
 */
export class ChunkedShareWriter implements BucketWriter {
  private state: State = 'open';
  private queue: Promise<unknown> = Promise.resolve();
  private readonly written = new WrittenRanges();
  private highWater = 0;
  /** Length of each chunk already stored as an object. */
  private readonly storedLength = new Map<number, number>();
  private buffer: Uint8Array | undefined;
  private bufferedChunk: number | undefined;
  /** Chunk 0, kept in memory from the moment writes moved past it until the commit. */
  private firstChunk: Uint8Array | undefined;
  /** Chunks being stored in the background, oldest first, each with the buffer it owns until its put settles. */
  private readonly sending: { index: number; buffer: Uint8Array; stored: Promise<void> }[] = [];
  /** Buffers free again after their background put settled. */
  private readonly spares: Uint8Array[] = [];
  /** Buffers beyond the first this writer holds send-ahead budget for. */
  private extraBuffers = 0;

  constructor(private readonly options: ChunkedShareWriterOptions) {}

  write(offset: number, data: Uint8Array): Promise<void> {
    return this.enqueue(() => this.writeNow(offset, data));
  }

  /** Waits for the chunks being stored in the background (see BucketWriter.flush). */
  flush(): Promise<void> {
    return this.enqueue(() => this.settleAll());
  }

  close(): Promise<void> {
    return this.enqueue(() => this.closeNow());
  }

  async abort(): Promise<void> {
    await this.enqueue(async () => {
      if (this.state !== 'open') return;
      await this.discard();
    }).catch(() => undefined);
  }

  private enqueue<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private get describe(): string {
    return `share ${this.options.shareNumber} of ${this.options.si}`;
  }

  private async writeNow(offset: number, data: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot write to a share that is ${this.state}`);
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`write offset must be a non-negative integer, got ${offset}`);
    if (!(data instanceof Uint8Array)) throw new TypeError('share data must be a Uint8Array');
    const end = offset + data.length;
    if (end > this.options.allocatedSize) {
      throw new RangeError(`write of ${data.length} bytes at ${offset} goes past the allocated share size ${this.options.allocatedSize}`);
    }
    if (data.length === 0) return;
    for (const [from, to] of this.written.overlaps(offset, end)) {
      const existing = await this.readWritten(from, to);
      if (!sameBytes(existing, data.subarray(from - offset, to - offset))) {
        throw new ConflictingWriteError(`${this.describe}: bytes ${from}..${to} were already written with different data`);
      }
    }
    const { chunkSize } = this.options;
    for (let index = Math.floor(offset / chunkSize); index * chunkSize < end; index++) {
      const buffer = await this.bufferChunk(index);
      const from = Math.max(offset, index * chunkSize);
      const to = Math.min(end, (index + 1) * chunkSize);
      buffer.set(data.subarray(from - offset, to - offset), from - index * chunkSize);
      // Recorded per chunk so a failed flush midway leaves an accurate record.
      this.written.add(from, to);
      if (to > this.highWater) this.highWater = to;
    }
  }

  /** Bytes already written in [from, to), from the buffer or the stored chunks. */
  private async readWritten(from: number, to: number): Promise<Uint8Array> {
    const { chunkSize } = this.options;
    const out = new Uint8Array(to - from);
    for (let index = Math.floor(from / chunkSize); index * chunkSize < to; index++) {
      const start = Math.max(from, index * chunkSize);
      const stop = Math.min(to, (index + 1) * chunkSize);
      const inChunk = start - index * chunkSize;
      const inMemory = this.chunkInMemory(index);
      const piece = inMemory
        ? inMemory.subarray(inChunk, inChunk + stop - start)
        : await this.options.store.get(this.pendingChunkKey(index), { offset: inChunk, length: stop - start });
      out.set(piece, start - from);
    }
    return out;
  }

  private chunkInMemory(index: number): Uint8Array | undefined {
    if (index === 0 && this.firstChunk) return this.firstChunk;
    // A chunk on its way to the store is read from memory (never written: its put owns the buffer).
    const sending = this.sending.find((chunk) => chunk.index === index);
    if (sending) return sending.buffer;
    return this.bufferedChunk === index ? this.buffer : undefined;
  }

  /** Where a chunk lives until the share is committed. */
  private pendingChunkKey(index: number): string {
    const { si, shareNumber } = this.options;
    return index === 0 ? stagedFirstChunkKey(si, shareNumber) : shareChunkKey(si, shareNumber, index);
  }

  /** Makes `index` the buffered chunk, storing the previous one and reloading `index` if it was stored. */
  private async bufferChunk(index: number): Promise<Uint8Array> {
    // A chunk being sent is changed only once it is stored (writes out of order, or a gap filled at close).
    if (this.sending.some((chunk) => chunk.index === index)) await this.settleAll();
    const inMemory = this.chunkInMemory(index);
    if (inMemory) return inMemory;
    await this.flushBuffer();
    this.buffer ??= this.spares.pop();
    if (!this.buffer) {
      const size = Math.min(this.options.chunkSize, this.options.allocatedSize);
      this.buffer = new Uint8Array(size);
      this.options.gauge.acquire(size);
    } else {
      this.buffer.fill(0);
    }
    const stored = this.storedLength.get(index);
    if (stored) this.buffer.set(await this.options.store.get(this.pendingChunkKey(index)));
    this.bufferedChunk = index;
    return this.buffer;
  }

  private async flushBuffer(): Promise<void> {
    const index = this.bufferedChunk;
    if (index === undefined || !this.buffer) return;
    if (index === 0 && !this.storedLength.has(0) && this.options.firstChunkBudget.tryTake(this.buffer.length)) {
      // Kept for the commit: staging it would send chunk 0 over the link three times (put, get back, put again).
      this.firstChunk = this.buffer;
      this.buffer = undefined;
      this.bufferedChunk = undefined;
      return;
    }
    // Garbage collection finds stored chunks of an abandoned upload only through its marker.
    await this.options.markerWritten;
    // At most PUTS_IN_FLIGHT puts per share: a failed one is reported here, before more is sent.
    while (this.sending.length >= PUTS_IN_FLIGHT) await this.settleOldest();
    const length = chunkLength(this.highWater, this.options.chunkSize, index);
    const buffer = this.buffer;
    // The buffer is reused only after put() settles, so it is passed without a copy.
    const stored = this.options.store.put(this.pendingChunkKey(index), buffer.subarray(0, length)).then(() => void this.storedLength.set(index, length));
    stored.catch(() => undefined); // seen by settleOldest
    this.sending.push({ index, buffer, stored });
    this.buffer = undefined;
    this.bufferedChunk = undefined;
    // The next chunk fills a spare, else a new buffer within the budget (bufferChunk allocates it), else
    // the buffer of the oldest put once it is stored: without budget, one chunk is stored before the next fills.
    if (this.spares.length > 0 || this.takeExtraBuffer()) return;
    await this.settleOldest();
  }

  private takeExtraBuffer(): boolean {
    if (this.extraBuffers >= PUTS_IN_FLIGHT || !this.options.sendAheadBudget?.tryTake(this.options.chunkSize)) return false;
    this.extraBuffers++;
    return true;
  }

  /** Waits for the oldest chunk being sent; its buffer becomes a spare. Throws the put's failure. */
  private async settleOldest(): Promise<void> {
    const oldest = this.sending.shift();
    if (!oldest) return;
    try {
      await oldest.stored;
    } finally {
      this.spares.push(oldest.buffer);
    }
  }

  /** Waits for every chunk being sent; throws the first failure, leaving later puts to be settled by discard. */
  private async settleAll(): Promise<void> {
    while (this.sending.length > 0) await this.settleOldest();
  }

  private releaseBuffer(): void {
    // Called with no put in flight (close and discard settle them first).
    for (const held of [this.buffer, ...this.spares, ...this.sending.map((chunk) => chunk.buffer)]) if (held) this.options.gauge.release(held.length);
    this.buffer = undefined;
    this.spares.length = 0;
    this.sending.length = 0;
    this.bufferedChunk = undefined;
    this.options.sendAheadBudget?.give(this.extraBuffers * this.options.chunkSize);
    this.extraBuffers = 0;
    if (this.firstChunk) {
      this.options.gauge.release(this.firstChunk.length);
      this.options.firstChunkBudget.give(this.firstChunk.length);
    }
    this.firstChunk = undefined;
  }

  private async closeNow(): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot close a share that is ${this.state}`);
    const { store, si, shareNumber, chunkSize } = this.options;
    const size = this.highWater;
    const chunks = chunkCount(size, chunkSize);
    const finalFirstChunkKey = shareChunkKey(si, shareNumber, 0);
    try {
      const storeFollowingChunks = async (): Promise<void> => {
        if (this.bufferedChunk !== 0) await this.flushBuffer();
        await this.settleAll();
        // Gaps and chunks stored before the share grew are stored again at their final length.
        for (let index = 1; index < chunks; index++) {
          if (this.storedLength.get(index) === chunkLength(size, chunkSize, index)) continue;
          await this.bufferChunk(index);
          await this.flushBuffer();
        }
        await this.settleAll();
      };
      const hasLeftovers = !this.options.noLeftovers || [...this.storedLength.keys()].some((index) => index >= chunks);
      // All three only prepare: nothing is visible before chunk 0, so they overlap, and chunk 0 waits for every one.
      await settleAll([storeFollowingChunks(), this.options.beforeCommit(), hasLeftovers ? this.deleteChunksFrom(chunks) : Promise.resolve()]);
      const firstChunk = (await this.bufferChunk(0)).subarray(0, chunkLength(size, chunkSize, 0));
      await this.options.markerWritten;
      await store.put(finalFirstChunkKey, firstChunk);
    } catch (error) {
      // A put that failed late may still have landed: remove it first so no half share shows.
      await store.delete(finalFirstChunkKey).catch(() => undefined);
      await this.discard();
      await this.options.afterFailedCommit().catch(() => undefined);
      throw error;
    }
    this.releaseBuffer();
    this.state = 'closed';
    this.options.onSettled('closed', size);
    // Leftovers here are harmless (the share is already visible) and garbage collection removes them.
    await Promise.all([
      this.storedLength.has(0) ? store.delete(stagedFirstChunkKey(si, shareNumber)).catch(() => undefined) : undefined,
      this.options.markerWritten ? store.delete(incomingMarkerKey(si, shareNumber)).catch(() => undefined) : undefined,
    ]);
  }

  /** Removes chunks at or past `firstUnused` left by an earlier, longer attempt at this share. */
  private async deleteChunksFrom(firstUnused: number): Promise<void> {
    const { store, si, shareNumber } = this.options;
    for await (const info of store.list(shareBucketPrefix(si))) {
      const parsed = parseShareObjectKey(SHARES_PREFIX, info.key);
      if (parsed?.shareNumber === shareNumber && parsed.chunkIndex >= firstUnused && parsed.chunkIndex > 0) await store.delete(info.key);
    }
  }

  private async discard(): Promise<void> {
    this.state = 'aborted';
    // Puts still in flight are waited for, so a chunk they store is deleted below rather than left behind.
    while (this.sending.length > 0) await this.settleOldest().catch(() => undefined);
    this.releaseBuffer();
    const { store, si, shareNumber } = this.options;
    try {
      for (const index of this.storedLength.keys()) await store.delete(this.pendingChunkKey(index));
      // The marker goes last: while it exists, garbage collection can still find what is left.
      if (this.options.markerWritten) {
        // A marker put still in flight could land after the delete.
        await this.options.markerWritten.catch(() => undefined);
        await store.delete(incomingMarkerKey(si, shareNumber));
      }
    } finally {
      this.options.onSettled('aborted', 0);
    }
  }
}

/** Waits for every task, then throws the first failure: a failed task never leaves another still running behind the caller's cleanup. */
async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  const outcomes = await Promise.allSettled(tasks);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
}
