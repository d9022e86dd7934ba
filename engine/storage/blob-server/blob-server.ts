import { BlobNotFoundError, type BlobStore } from '../../backends/types';
import {
  LeaseNotFoundError,
  TAHOE_MAX_MUTABLE_SHARE_SIZE,
  ServerFullError,
  StorageIndexNotFoundError,
  type AllocateRequest,
  type AllocateResult,
  type BucketReader,
  type BucketWriter,
  type ReadVector,
  type ServerVersion,
  type SlotSecrets,
  type SlotWriteResult,
  type StorageIndex,
  type StorageServer,
  type TestAndWriteVectors,
} from '../types';
import { countAdvisories, listAdvisories, recordAdvisory, type BlobCorruptionAdvisory } from './advisories';
import { BufferGauge, MemoryBudget } from './buffer-gauge';
import { completeShares, DEFAULT_CHUNK_SIZE, recordChunk, type ChunkedShare } from './chunks';
import { StoredBytesTally } from '../stored-bytes-tally';
import { formatBytes } from '../../../shared/format-bytes';
import { GarbageCollector, leasedStorageIndexes, type BlobGarbageCollectionResult, type IncomingMarker } from './garbage-collection';
import { writeJson } from './json-objects';
import { KeyedMutex } from './keyed-mutex';
import { ListingCache, type BucketChunks } from './listing-cache';
import {
  incomingMarkerKey,
  parseShareObjectKey,
  SHARES_PREFIX,
  shareBucketPrefix,
  shareChunkKey,
  SLOTS_PREFIX,
  storageIndexOfSlotMetaKey,
  validateSecret,
  validateShareNumber,
  validateStorageIndex,
} from './keys';
import { LeaseBook, secretDigest, type LeaseRecord } from './leases';
import { ChunkedShareReader } from './share-reader';
import { ChunkedShareWriter } from './share-writer';
import { SlotStore } from './slots';
import { addRemovals, type LeaseCollectingServer, type ShareRemoval, type StoredShareInfo } from '../lease-collection';
import { listStoredBlobShares } from './stored-shares';
import { validateReadVectors, validateTestAndWriteVectors } from './vector-validation';

export interface BlobStorageServerOptions {
  serverId: string;
  nickname: string;
  store: BlobStore;
  /** Total bytes of shares (complete, being uploaded, and mutable) this server may hold. */
  sizeLimitBytes?: number;
  /**
   * Free space on the provider, from figures the caller keeps fresh (the
   * service's quota book); undefined when unknown. Without it, each
   * getVersion asks the store's capacity(), which lists every object.
   */
  freeSpace?: () => Promise<number | undefined>;
  /** Bytes per chunk object of new shares (default 8 MiB); an upload buffers at most three (see firstChunkMemoryBytes and sendAheadBudget). */
  chunkSize?: number;
  /**
   * Memory open uploads may spend keeping chunk 0 of a multi-chunk share
   * until its commit, so it crosses the link once (default 32 MiB: four
   * 8 MiB chunks). Past it, chunk 0 is staged under incoming/ and fetched
   * back at the commit.
   */
  firstChunkMemoryBytes?: number;
  /**
   * Memory for second chunk buffers, so an upload fills its next chunk while
   * the last one is being stored. Default: one budget of 64 MiB shared by
   * every server in the process (eight 8 MiB chunks however many accounts a
   * grid has); past it, a chunk is stored before the next one fills.
   */
  sendAheadBudget?: MemoryBudget;
  /** How long a lease runs after it is added or renewed (default 31 days, as Tahoe-LAFS). */
  leaseDurationMs?: number;
  /** Milliseconds since the epoch; injectable so tests can move time. */
  now?: () => number;
}

export interface BlobGarbageCollectionOptions {
  /** Unfinished uploads not open in this process are removed once this old (default 1 day). */
  incomingOlderThanMs?: number;
}


export interface BlobServerStats {
  /** Bytes of complete immutable shares plus mutable share data. */
  bytesStored: number;
  /** Complete immutable shares. */
  shareCount: number;
  mutableShareCount: number;
  leaseCount: number;
  corruptionReports: number;
}

interface ActiveUpload {
  /** Allocated size, reserved against the size limit until the upload settles. */
  bytes: number;
  uploadSecretHash: string;
  writer: BucketWriter;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_LEASE_DURATION_MS = 31 * DAY_MS;
const DEFAULT_INCOMING_MAX_AGE_MS = DAY_MS;
const DEFAULT_FIRST_CHUNK_MEMORY_BYTES = 32 * 1024 * 1024;
/** Shared by every server of the process: a grid of many accounts must not multiply it. */
const PROCESS_SEND_AHEAD_BUDGET = new MemoryBudget(64 * 1024 * 1024);

/**
 * A Tahoe-LAFS storage server over any BlobStore: immutable shares stored as
 * chunk objects and made visible atomically (raic.rst's layout), leases and
 * garbage collection in this generic layer, mutable slots with test-and-set
 * writes, corruption advisories, and a size limit. A new cloud needs only a
 * BlobStore. One server object per store: updates to lease records and slot
 * metadata are serialised within this process only.
 */
export class BlobStorageServer implements StorageServer, LeaseCollectingServer {
  readonly serverId: string;
  readonly nickname: string;
  readonly store: BlobStore;
  private readonly sizeLimitBytes: number;
  private readonly freeSpace?: () => Promise<number | undefined>;
  private readonly chunkSize: number;
  private readonly leaseDurationMs: number;
  private readonly now: () => number;
  private readonly gauge = new BufferGauge();
  private readonly firstChunkBudget: MemoryBudget;
  private readonly sendAheadBudget: MemoryBudget;
  /** The last bucket listing of getBuckets, reused by the allocation that follows (listing-cache.ts). */
  private readonly listings = new ListingCache(() => this.now());
  /** Any task under a storage index's lock may change its bucket, so it ends that storage index's cached listing. */
  private readonly locks = new KeyedMutex((si) => this.listings.invalidate(si));
  private readonly leases: LeaseBook;
  private readonly slots: SlotStore;
  private readonly collector: GarbageCollector;
  /** Bytes held, for the size limit, without listing every share per allocation (stored-bytes-tally.ts). */
  private readonly storedBytes = new StoredBytesTally({ measure: async () => (await this.scanStored()).bytesStored, now: () => this.now() });
  /** Uploads open through this object, by "<si>/<share>". */
  private readonly activeUploads = new Map<string, ActiveUpload>();

  constructor(options: BlobStorageServerOptions) {
    if (!options.serverId) throw new Error('a storage server needs a non-empty serverId');
    if (options.sizeLimitBytes !== undefined && !(options.sizeLimitBytes >= 0)) {
      throw new RangeError(`sizeLimitBytes must be a non-negative number, got ${options.sizeLimitBytes}`);
    }
    const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a positive integer, got ${chunkSize}`);
    const leaseDurationMs = options.leaseDurationMs ?? DEFAULT_LEASE_DURATION_MS;
    if (!(leaseDurationMs > 0)) throw new RangeError(`leaseDurationMs must be positive, got ${leaseDurationMs}`);
    this.serverId = options.serverId;
    this.nickname = options.nickname;
    this.store = options.store;
    this.sizeLimitBytes = options.sizeLimitBytes ?? Infinity;
    this.freeSpace = options.freeSpace;
    this.chunkSize = chunkSize;
    this.firstChunkBudget = new MemoryBudget(options.firstChunkMemoryBytes ?? DEFAULT_FIRST_CHUNK_MEMORY_BYTES);
    this.sendAheadBudget = options.sendAheadBudget ?? PROCESS_SEND_AHEAD_BUDGET;
    this.leaseDurationMs = leaseDurationMs;
    this.now = options.now ?? Date.now;
    this.leases = new LeaseBook(options.store);
    this.slots = new SlotStore(options.store, chunkSize);
    this.collector = new GarbageCollector({
      store: options.store,
      locks: this.locks,
      leases: this.leases,
      slots: this.slots,
      now: () => this.now(),
      isUploading: (si, shareNumber) => this.activeUploads.has(uploadKey(si, shareNumber)),
    });
  }

  /** Bytes of chunk buffers open uploads hold right now. */
  get bufferedBytes(): number {
    return this.gauge.bufferedBytes;
  }

  /** The most bytes of chunk buffers held at once since the server started. */
  get peakBufferedBytes(): number {
    return this.gauge.peakBufferedBytes;
  }

  async getVersion(): Promise<ServerVersion> {
    const stored = Number.isFinite(this.sizeLimitBytes) ? await this.storedBytes.bytes() : 0;
    const byLimit = this.sizeLimitBytes - stored - this.reservedBytes();
    const available = Math.max(0, Math.min(byLimit, await this.storeRoom()));
    return {
      maximumImmutableShareSize: Number.isFinite(available) ? available : Number.MAX_SAFE_INTEGER,
      availableSpace: available,
      maximumMutableShareSize: Math.min(available, TAHOE_MAX_MUTABLE_SHARE_SIZE),
    };
  }

  /** Free space the provider reports; Infinity when it reports none or cannot be asked. */
  private async storeRoom(): Promise<number> {
    if (this.freeSpace) return (await this.freeSpace().catch(() => undefined)) ?? Infinity;
    try {
      const capacity = await this.store.capacity();
      if (capacity.freeBytes !== undefined) return capacity.freeBytes;
      if (capacity.quotaBytes !== undefined) return Math.max(0, capacity.quotaBytes - capacity.usedBytes);
    } catch {
      // Capacity is advisory; an unreachable store shows up on the first real request.
    }
    return Infinity;
  }

  /** Bytes and count of all shares held (complete immutable shares and mutable shares). */
  async usage(): Promise<{ bytesUsed: number; shareCount: number }> {
    const scan = await this.scanStored();
    return { bytesUsed: scan.bytesStored, shareCount: scan.shareCount + scan.mutableShareCount };
  }

  async stats(): Promise<BlobServerStats> {
    const scan = await this.scanStored();
    let leaseCount = 0;
    for (const si of await leasedStorageIndexes(this.store)) for (const records of (await this.leases.read(si)).values()) leaseCount += records.length;
    return { ...scan, leaseCount, corruptionReports: await countAdvisories(this.store) };
  }

  private async scanStored(): Promise<{ bytesStored: number; shareCount: number; mutableShareCount: number }> {
    const bySi = new Map<string, Map<number, Map<number, number>>>();
    for await (const info of this.store.list(SHARES_PREFIX)) {
      const parsed = parseShareObjectKey(SHARES_PREFIX, info.key);
      if (!parsed) continue;
      let chunks = bySi.get(parsed.si);
      if (!chunks) bySi.set(parsed.si, (chunks = new Map()));
      recordChunk(chunks, parsed.shareNumber, parsed.chunkIndex, info);
    }
    let bytesStored = 0;
    let shareCount = 0;
    for (const chunks of bySi.values()) {
      for (const share of completeShares(chunks)) {
        bytesStored += share.size;
        shareCount++;
      }
    }
    let mutableShareCount = 0;
    for await (const info of this.store.list(SLOTS_PREFIX)) {
      const si = storageIndexOfSlotMetaKey(info.key);
      if (!si) continue;
      for (const share of Object.values((await this.slots.meta(si))?.shares ?? {})) {
        bytesStored += share.length;
        mutableShareCount++;
      }
    }
    return { bytesStored, shareCount, mutableShareCount };
  }

  private async immutableShares(si: string): Promise<ChunkedShare[]> {
    return completeShares(await this.bucketChunks(si));
  }

  /** Every chunk object in the storage index's share bucket (one listing). */
  private async bucketChunks(si: string): Promise<BucketChunks> {
    const chunks: BucketChunks = new Map();
    for await (const info of this.store.list(shareBucketPrefix(si))) {
      const parsed = parseShareObjectKey(SHARES_PREFIX, info.key);
      if (parsed?.si === si) recordChunk(chunks, parsed.shareNumber, parsed.chunkIndex, info);
    }
    return chunks;
  }

  async allocateBuckets(request: AllocateRequest): Promise<AllocateResult> {
    const si = validateStorageIndex(request.storageIndex);
    const renewSecret = validateSecret('renew secret', request.renewSecret);
    const cancelSecret = validateSecret('cancel secret', request.cancelSecret);
    const uploadSecretHash = secretDigest(validateSecret('upload secret', request.uploadSecret));
    const shareNumbers = [...new Set(request.shareNumbers.map(validateShareNumber))].sort((a, b) => a - b);
    const { allocatedSize } = request;
    if (!Number.isInteger(allocatedSize) || allocatedSize < 0) {
      throw new RangeError(`allocated size must be a non-negative integer, got ${allocatedSize}`);
    }

    const stored = Number.isFinite(this.sizeLimitBytes) ? await this.storedBytesBeforeWriting(shareNumbers.length * allocatedSize) : 0;
    // Under the storage index's lock so garbage collection of this storage
    // index (expired shares, abandoned uploads) cannot interleave.
    const { alreadyHave, opened } = await this.locks.run(si, async () => {
      // The listing getBuckets made a moment ago, if nothing touched the bucket since: one LIST less per upload.
      const chunks = this.listings.take(si) ?? (await this.bucketChunks(si));
      const held = completeShares(chunks).map((share) => share.shareNumber);
      // Tahoe-LAFS renews the client's lease on shares it already holds.
      await this.leases.addOrRenew(si, held, renewSecret, cancelSecret, this.leaseExpiry());
      // Nothing awaits from here to the reservations, so concurrent
      // allocations can never take the same share or the same free space.
      // As Tahoe-LAFS's server: a share another allocation is still writing is
      // neither allocated again nor reported as held, whatever the upload
      // secret, so a repeated allocation gets allocated={} for it.
      const wanted = shareNumbers.filter((n) => !held.includes(n) && !this.activeUploads.has(uploadKey(si, n)));
      if (wanted.length === 0) return { alreadyHave: held, opened: new Map<number, BucketWriter>() };
      const room = Math.max(0, this.sizeLimitBytes - stored - this.reservedBytes());
      const fitting = allocatedSize === 0 ? wanted.length : Math.floor(room / allocatedSize);
      if (fitting === 0) {
        throw new ServerFullError(
          `storage server "${this.nickname}" (${this.serverId}) is full: ${wanted.length} share(s) of ${formatBytes(allocatedSize)} requested, ` +
            `${formatBytes(room)} available of its ${formatBytes(this.sizeLimitBytes)} limit`,
        );
      }
      // A bucket with no object at all: its lease record need not be read before the commits write it.
      if (chunks.size === 0) this.leases.assumeFresh(si);
      const fresh = new Map<number, BucketWriter>();
      for (const n of wanted.slice(0, fitting)) {
        // No object of this share number in the bucket: nothing left over for close() to look for.
        const writer = this.openWriter(si, n, allocatedSize, renewSecret, cancelSecret, !chunks.has(n));
        this.activeUploads.set(uploadKey(si, n), { bytes: allocatedSize, uploadSecretHash, writer });
        fresh.set(n, writer);
      }
      return { alreadyHave: held, opened: fresh };
    });
    const allocated = new Map([...opened].sort(([a], [b]) => a - b));
    return { alreadyHave, allocated };
  }

  /** The bytes held, for a write of up to `needed` bytes (a fresh listing before any refusal: StoredBytesTally.bytesFor). */
  private storedBytesBeforeWriting(needed: number): Promise<number> {
    return this.storedBytes.bytesFor((held) => this.sizeLimitBytes - held - this.reservedBytes() >= needed);
  }

  /** Shares larger than one chunk store chunks before their commit, which an incoming/ marker lets garbage collection find. */
  private needsMarker(allocatedSize: number): boolean {
    return allocatedSize > this.chunkSize;
  }

  /**
   * Starts writing the incoming/ marker of a share larger than one chunk (a
   * share of one chunk stores nothing before its commit, so garbage
   * collection has nothing to find and its upload is one put). The writer
   * waits for it before storing any chunk, so the allocation need not.
   */
  private writeMarker(si: string, shareNumber: number, allocatedSize: number): Promise<void> {
    const marker: IncomingMarker = { allocatedSize, chunkSize: this.chunkSize, startedAt: this.now() };
    const written = writeJson(this.store, incomingMarkerKey(si, shareNumber), marker);
    // Reported by the writer's first store or its close; not an unhandled rejection meanwhile.
    written.catch(() => undefined);
    return written;
  }

  private openWriter(
    si: string,
    shareNumber: number,
    allocatedSize: number,
    renewSecret: Uint8Array,
    cancelSecret: Uint8Array,
    noLeftovers: boolean,
  ): BucketWriter {
    return new ChunkedShareWriter({
      store: this.store,
      si,
      shareNumber,
      allocatedSize,
      chunkSize: this.chunkSize,
      markerWritten: this.needsMarker(allocatedSize) ? this.writeMarker(si, shareNumber, allocatedSize) : undefined,
      noLeftovers,
      gauge: this.gauge,
      firstChunkBudget: this.firstChunkBudget,
      sendAheadBudget: this.sendAheadBudget,
      beforeCommit: () => this.locks.run(si, () => this.leases.addOrRenew(si, [shareNumber], renewSecret, cancelSecret, this.leaseExpiry())),
      // A lease on a share that never appeared would only clutter the records until it expired.
      afterFailedCommit: () =>
        this.locks.run(si, async () => {
          if (!(await this.immutableShares(si)).some((share) => share.shareNumber === shareNumber)) await this.leases.forget(si, [shareNumber]);
        }),
      onSettled: (outcome, bytes) => {
        this.activeUploads.delete(uploadKey(si, shareNumber));
        if (outcome === 'closed') this.storedBytes.record(bytes);
        this.listings.invalidate(si);
        if (![...this.activeUploads.keys()].some((key) => key.startsWith(`${si}/`))) this.leases.forgetKnown(si);
      },
    });
  }

  /**
   * One share by its name (StorageServer.openShare), for small files: its
   * first chunk is fetched whole while the store is asked whether a second
   * chunk exists, so a share of one chunk (every share of a small file) is
   * open after one round trip, where getBuckets lists the bucket first and
   * fetches after. A share of several chunks is opened from the listing, as
   * getBuckets does; no first chunk means no such share (undefined).
   */
  async openShare(storageIndex: StorageIndex, shareNumber: number): Promise<BucketReader | undefined> {
    const si = validateStorageIndex(storageIndex);
    validateShareNumber(shareNumber);
    const [first, second] = await Promise.all([
      this.store.get(shareChunkKey(si, shareNumber, 0)).catch((error: unknown) => {
        if (error instanceof BlobNotFoundError) return undefined;
        throw error;
      }),
      this.store.stat(shareChunkKey(si, shareNumber, 1)),
    ]);
    if (!first) return undefined;
    // Chunk 0 is stored last (the commit), so with no chunk 1 it is the whole share, as completeShares reads a listing.
    if (!second) return ChunkedShareReader.ofWholeObject(this.store, si, shareNumber, first);
    return (await this.getBuckets(storageIndex)).get(shareNumber);
  }

  async getBuckets(storageIndex: StorageIndex): Promise<Map<number, BucketReader>> {
    const si = validateStorageIndex(storageIndex);
    const readers = new Map<number, BucketReader>();
    for (const share of completeShares(await this.listings.listed(si, () => this.bucketChunks(si)))) {
      readers.set(share.shareNumber, new ChunkedShareReader(this.store, si, share.shareNumber, share.size, share.chunkSize, this.chunkSize));
    }
    return readers;
  }

  /** Kept only for shares this server holds, as Tahoe-LAFS does (HTTP: 404 otherwise). */
  async adviseCorruptShare(storageIndex: StorageIndex, shareNumber: number, reason: string): Promise<void> {
    const si = validateStorageIndex(storageIndex);
    validateShareNumber(shareNumber);
    if (!(await this.immutableShares(si)).some((share) => share.shareNumber === shareNumber)) return;
    await recordAdvisory(this.store, this.advisory(si, shareNumber, 'immutable', reason));
  }

  async adviseCorruptMutableShare(storageIndex: StorageIndex, shareNumber: number, reason: string): Promise<void> {
    const si = validateStorageIndex(storageIndex);
    validateShareNumber(shareNumber);
    if (!(await this.slots.shareNumbers(si)).includes(shareNumber)) return;
    await recordAdvisory(this.store, this.advisory(si, shareNumber, 'mutable', reason));
  }

  private advisory(si: string, shareNumber: number, shareType: 'immutable' | 'mutable', reason: string): BlobCorruptionAdvisory {
    return { time: new Date(this.now()).toISOString(), storageIndex: si, shareNumber, shareType, reason: String(reason) };
  }

  /** Corruption reports received so far, oldest first. */
  listCorruptionAdvisories(): Promise<BlobCorruptionAdvisory[]> {
    return listAdvisories(this.store);
  }

  async addLease(storageIndex: StorageIndex, renewSecret: Uint8Array, cancelSecret: Uint8Array): Promise<void> {
    const si = validateStorageIndex(storageIndex);
    validateSecret('renew secret', renewSecret);
    validateSecret('cancel secret', cancelSecret);
    // Listing and leasing under one hold of the lock: a collection cannot remove a share between the two.
    await this.locks.run(si, async () => {
      const shares = await this.allShareNumbers(si);
      if (shares.length === 0) throw new StorageIndexNotFoundError(`storage server "${this.nickname}" holds no share of storage index ${si}`);
      await this.leases.addOrRenew(si, shares, renewSecret, cancelSecret, this.leaseExpiry());
    });
  }

  async renewLease(storageIndex: StorageIndex, renewSecret: Uint8Array): Promise<void> {
    const si = validateStorageIndex(storageIndex);
    validateSecret('renew secret', renewSecret);
    const matched = await this.locks.run(si, async () => {
      const shares = await this.allShareNumbers(si);
      return shares.length === 0 ? 0 : this.leases.renew(si, shares, renewSecret, this.leaseExpiry());
    });
    if (matched === 0) throw new LeaseNotFoundError();
  }

  /** Lease expiry times (ms since the epoch) per share, for the app and tests. */
  async leaseExpirations(storageIndex: StorageIndex): Promise<Map<number, number[]>> {
    const leases = await this.leases.read(validateStorageIndex(storageIndex));
    return new Map([...leases].map(([share, records]) => [share, records.map((r: LeaseRecord) => r.expiresAt)]));
  }

  private async allShareNumbers(si: string): Promise<number[]> {
    const immutable = (await this.immutableShares(si)).map((share) => share.shareNumber);
    return [...new Set([...immutable, ...(await this.slots.shareNumbers(si))])].sort((a, b) => a - b);
  }

  private leaseExpiry(): number {
    return this.now() + this.leaseDurationMs;
  }

  async slotReadv(storageIndex: StorageIndex, shareNumbers: number[], readVectors: ReadVector[]): Promise<Map<number, Uint8Array[]>> {
    const si = validateStorageIndex(storageIndex);
    shareNumbers.forEach(validateShareNumber);
    validateReadVectors(readVectors);
    return this.locks.run(si, () => this.slots.readv(si, shareNumbers, readVectors));
  }

  async slotTestvAndReadvAndWritev(
    storageIndex: StorageIndex,
    secrets: SlotSecrets,
    testAndWriteVectors: Map<number, TestAndWriteVectors>,
    readVector: ReadVector[],
  ): Promise<SlotWriteResult> {
    const si = validateStorageIndex(storageIndex);
    validateSecret('write enabler', secrets.writeEnabler);
    validateSecret('renew secret', secrets.renewSecret);
    validateSecret('cancel secret', secrets.cancelSecret);
    validateTestAndWriteVectors(testAndWriteVectors);
    validateReadVectors(readVector);
    return this.locks.run(si, async () => {
      const change = await this.slots.testAndReadAndWrite(si, secrets, testAndWriteVectors, readVector, () =>
        this.checkRoomForSlotWrites(si, testAndWriteVectors),
      );
      if (change.testsPassed) {
        // The slot's new size is not worked out here (only its growth, and only under a limit): the next question lists.
        this.storedBytes.forget();
        await this.leases.forget(si, change.deleted);
        await this.leases.addOrRenew(si, change.written, secrets.renewSecret, secrets.cancelSecret, this.leaseExpiry());
      }
      return { testsPassed: change.testsPassed, readData: change.readData };
    });
  }

  private async checkRoomForSlotWrites(si: string, vectors: Map<number, TestAndWriteVectors>): Promise<void> {
    if (!Number.isFinite(this.sizeLimitBytes)) return;
    const growth = await this.slots.growth(si, vectors);
    if (growth === 0) return;
    const room = Math.max(0, this.sizeLimitBytes - (await this.storedBytesBeforeWriting(growth)) - this.reservedBytes());
    if (growth > room) {
      throw new ServerFullError(
        `storage server "${this.nickname}" (${this.serverId}) is full: a mutable write adding ${formatBytes(growth)} requested, ` +
          `${formatBytes(room)} available of its ${formatBytes(this.sizeLimitBytes)} limit`,
      );
    }
  }

  async listMutableShares(storageIndex: StorageIndex): Promise<number[]> {
    return this.slots.shareNumbers(validateStorageIndex(storageIndex));
  }

  /**
   * Deletes shares whose leases have all expired (never one being uploaded
   * through this object), then the objects of uploads abandoned for longer
   * than incomingOlderThanMs (a crashed process leaves those).
   */
  async collectGarbage(options: BlobGarbageCollectionOptions = {}): Promise<BlobGarbageCollectionResult> {
    const result = await this.collector.collect(options.incomingOlderThanMs ?? DEFAULT_INCOMING_MAX_AGE_MS);
    this.storedBytes.record(-result.expiredBytes);
    return result;
  }

  async collectExpiredLeases(): Promise<ShareRemoval> {
    const result: ShareRemoval = { removedShares: 0, removedBytes: 0 };
    for (const si of await leasedStorageIndexes(this.store)) addRemovals(result, await this.locks.run(si, () => this.collector.expireShares(si)));
    this.storedBytes.record(-result.removedBytes);
    return result;
  }

  async releaseLease(storageIndex: StorageIndex, cancelSecret: Uint8Array): Promise<ShareRemoval & { matchedLeases: number }> {
    const si = validateStorageIndex(storageIndex);
    validateSecret('cancel secret', cancelSecret);
    return this.locks.run(si, async () => {
      const matchedLeases = await this.leases.expire(si, cancelSecret, this.now());
      const removal = await this.collector.expireShares(si);
      this.storedBytes.record(-removal.removedBytes);
      return { matchedLeases, ...removal };
    });
  }

  listStoredShares(): Promise<StoredShareInfo[]> {
    return listStoredBlobShares(this.store, this.leases, this.slots, this.now());
  }

  async removeUnleasedShares(storageIndex: StorageIndex): Promise<ShareRemoval> {
    const si = validateStorageIndex(storageIndex);
    const removal = await this.locks.run(si, () => this.collector.removeUnleased(si));
    this.storedBytes.record(-removal.removedBytes);
    return removal;
  }

  private reservedBytes(): number {
    let total = 0;
    for (const { bytes } of this.activeUploads.values()) total += bytes;
    return total;
  }
}

function uploadKey(si: string, shareNumber: number): string {
  return `${si}/${shareNumber}`;
}
