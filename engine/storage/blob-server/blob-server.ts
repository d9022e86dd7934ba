import type { BlobStore } from '../../backends/types';
import {
  LeaseNotFoundError,
  StorageIndexNotFoundError,
  type AllocateRequest,
  type AllocateResult,
  type BucketReader,
  type ReadVector,
  type ServerVersion,
  type SlotSecrets,
  type SlotWriteResult,
  type StorageIndex,
  type StorageServer,
  type TestAndWriteVectors,
} from '../types';
import { countAdvisories, listAdvisories, recordAdvisory, type BlobCorruptionAdvisory } from './advisories';
import { listBucketChunks, listImmutableShares, scanStoredShares, type StoredScan } from './bucket-listing';
import { BufferGauge, MemoryBudget } from './buffer-gauge';
import { DEFAULT_CHUNK_SIZE, type ChunkedShare } from './chunks';
import { StoredBytesTally } from '../stored-bytes-tally';
import { GarbageCollector, leasedStorageIndexes, type BlobGarbageCollectionResult } from './garbage-collection';
import { ImmutableUploads } from './immutable-uploads';
import { KeyedMutex } from './keyed-mutex';
import { ListingCache } from './listing-cache';
import { validateSecret, validateShareNumber, validateStorageIndex } from './keys';
import { LeaseBook, type LeaseRecord } from './leases';
import { OpenUploads } from './open-uploads';
import { openShareByName, readersOfBucket } from './share-opening';
import { SizeLimit } from './size-limit';
import { SlotStore } from './slots';
import { addRemovals, type LeaseCollectingServer, type ShareRemoval, type StoredShareInfo } from '../lease-collection';
import { listStoredBlobShares } from './stored-shares';
import { validateReadVectors, validateTestAndWriteVectors } from './vector-validation';
import {
  DEFAULT_FIRST_CHUNK_MEMORY_BYTES,
  DEFAULT_INCOMING_MAX_AGE_MS,
  DEFAULT_LEASE_DURATION_MS,
  PROCESS_SEND_AHEAD_BUDGET,
  type BlobGarbageCollectionOptions,
  type BlobStorageServerOptions,
} from './server-options';

export { DEFAULT_LEASE_DURATION_MS } from './server-options';
export type { BlobStorageServerOptions, BlobGarbageCollectionOptions } from './server-options';

export interface BlobServerStats {
  /** Bytes of complete immutable shares plus mutable share data. */
  bytesStored: number;
  /** Complete immutable shares. */
  shareCount: number;
  mutableShareCount: number;
  leaseCount: number;
  corruptionReports: number;
}

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
  private readonly chunkSize: number;
  private readonly leaseDurationMs: number;
  private readonly now: () => number;
  private readonly gauge = new BufferGauge();
  /** The last bucket listing of getBuckets, reused by the allocation that follows (listing-cache.ts). */
  private readonly listings = new ListingCache(() => this.now());
  /** Any task under a storage index's lock may change its bucket, so it ends that storage index's cached listing. */
  private readonly locks = new KeyedMutex((si) => this.listings.invalidate(si));
  private readonly leases: LeaseBook;
  private readonly slots: SlotStore;
  private readonly collector: GarbageCollector;
  /** Bytes held, for the size limit, without listing every share per allocation (stored-bytes-tally.ts). */
  private readonly storedBytes = new StoredBytesTally({ measure: async () => (await this.scanStored()).bytesStored, now: () => this.now() });
  /** Uploads open through this object, their bytes reserved against the size limit. */
  private readonly uploads = new OpenUploads();
  /** Room under sizeLimitBytes and the refusals past it (size-limit.ts). */
  private readonly limit: SizeLimit;
  private readonly immutableUploads: ImmutableUploads;

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
    this.chunkSize = chunkSize;
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
      isUploading: (si, shareNumber) => this.uploads.has(si, shareNumber),
    });
    this.limit = new SizeLimit({
      store: options.store,
      limitBytes: options.sizeLimitBytes ?? Infinity,
      freeSpace: options.freeSpace,
      storedBytes: this.storedBytes,
      uploads: this.uploads,
      serverName: `storage server "${this.nickname}" (${this.serverId})`,
    });
    this.immutableUploads = new ImmutableUploads({
      store: options.store,
      chunkSize,
      locks: this.locks,
      listings: this.listings,
      leases: this.leases,
      uploads: this.uploads,
      limit: this.limit,
      storedBytes: this.storedBytes,
      gauge: this.gauge,
      firstChunkBudget: new MemoryBudget(options.firstChunkMemoryBytes ?? DEFAULT_FIRST_CHUNK_MEMORY_BYTES),
      sendAheadBudget: options.sendAheadBudget ?? PROCESS_SEND_AHEAD_BUDGET,
      leaseExpiry: () => this.leaseExpiry(),
      now: () => this.now(),
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

  getVersion(): Promise<ServerVersion> {
    return this.limit.version();
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

  private scanStored(): Promise<StoredScan> {
    return scanStoredShares(this.store, this.slots);
  }

  private immutableShares(si: string): Promise<ChunkedShare[]> {
    return listImmutableShares(this.store, si);
  }

  /** Renews leases on shares held and opens writers for the rest that fit (immutable-uploads.ts). */
  allocateBuckets(request: AllocateRequest): Promise<AllocateResult> {
    return this.immutableUploads.allocate(request);
  }

  /** One share by its name, in one round trip for a share of one chunk (share-opening.ts). */
  async openShare(storageIndex: StorageIndex, shareNumber: number): Promise<BucketReader | undefined> {
    const si = validateStorageIndex(storageIndex);
    validateShareNumber(shareNumber);
    return openShareByName(this.store, si, shareNumber, async () => (await this.getBuckets(storageIndex)).get(shareNumber));
  }

  async getBuckets(storageIndex: StorageIndex): Promise<Map<number, BucketReader>> {
    const si = validateStorageIndex(storageIndex);
    return readersOfBucket(this.store, si, await this.listings.listed(si, () => listBucketChunks(this.store, si)), this.chunkSize);
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
        this.limit.checkRoomForSlotWrites(() => this.slots.growth(si, testAndWriteVectors)),
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
}
