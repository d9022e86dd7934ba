/**
 * The immutable upload side of a BlobStorageServer: allocations (lease
 * renewal of shares already held, the room check and the reservations) and
 * the writers of new shares, with their incoming/ markers and the lease
 * written at each commit.
 */
import type { BlobStore } from '../../backends/types';
import { formatBytes } from '../../../shared/format-bytes';
import type { StoredBytesTally } from '../stored-bytes-tally';
import type { AllocateRequest, AllocateResult, BucketWriter } from '../types';
import { listBucketChunks, listImmutableShares } from './bucket-listing';
import type { BufferGauge, MemoryBudget } from './buffer-gauge';
import { completeShares } from './chunks';
import type { IncomingMarker } from './garbage-collection';
import { writeJson } from './json-objects';
import type { KeyedMutex } from './keyed-mutex';
import { incomingMarkerKey, validateSecret, validateShareNumber, validateStorageIndex } from './keys';
import { secretDigest, type LeaseBook } from './leases';
import type { ListingCache } from './listing-cache';
import type { OpenUploads } from './open-uploads';
import { ChunkedShareWriter } from './share-writer';
import type { SizeLimit } from './size-limit';

export interface ImmutableUploadsOptions {
  store: BlobStore;
  chunkSize: number;
  /** The server's lock per storage index (its tasks end the storage index's cached listing). */
  locks: KeyedMutex;
  listings: ListingCache;
  leases: LeaseBook;
  uploads: OpenUploads;
  limit: SizeLimit;
  storedBytes: StoredBytesTally;
  gauge: BufferGauge;
  firstChunkBudget: MemoryBudget;
  sendAheadBudget: MemoryBudget;
  /** Expiry of a lease added or renewed now. */
  leaseExpiry: () => number;
  now: () => number;
}

export class ImmutableUploads {
  constructor(private readonly options: ImmutableUploadsOptions) {}

  async allocate(request: AllocateRequest): Promise<AllocateResult> {
    const { locks, listings, leases, uploads, limit, store } = this.options;
    const si = validateStorageIndex(request.storageIndex);
    const renewSecret = validateSecret('renew secret', request.renewSecret);
    const cancelSecret = validateSecret('cancel secret', request.cancelSecret);
    const uploadSecretHash = secretDigest(validateSecret('upload secret', request.uploadSecret));
    const shareNumbers = [...new Set(request.shareNumbers.map(validateShareNumber))].sort((a, b) => a - b);
    const { allocatedSize } = request;
    if (!Number.isInteger(allocatedSize) || allocatedSize < 0) {
      throw new RangeError(`allocated size must be a non-negative integer, got ${allocatedSize}`);
    }

    const stored = limit.isFinite ? await limit.storedBytesBeforeWriting(shareNumbers.length * allocatedSize) : 0;
    // Under the storage index's lock so garbage collection of this storage
    // index (expired shares, abandoned uploads) cannot interleave.
    const { alreadyHave, opened } = await locks.run(si, async () => {
      // The listing getBuckets made a moment ago, if nothing touched the bucket since: one LIST less per upload.
      const chunks = listings.take(si) ?? (await listBucketChunks(store, si));
      const held = completeShares(chunks).map((share) => share.shareNumber);
      // Tahoe-LAFS renews the client's lease on shares it already holds.
      await leases.addOrRenew(si, held, renewSecret, cancelSecret, this.options.leaseExpiry());
      // Nothing awaits from here to the reservations, so concurrent
      // allocations can never take the same share or the same free space.
      // As Tahoe-LAFS's server: a share another allocation is still writing is
      // neither allocated again nor reported as held, whatever the upload
      // secret, so a repeated allocation gets allocated={} for it.
      const wanted = shareNumbers.filter((n) => !held.includes(n) && !uploads.has(si, n));
      if (wanted.length === 0) return { alreadyHave: held, opened: new Map<number, BucketWriter>() };
      const room = limit.room(stored);
      const fitting = allocatedSize === 0 ? wanted.length : Math.floor(room / allocatedSize);
      if (fitting === 0) throw limit.full(`${wanted.length} share(s) of ${formatBytes(allocatedSize)}`, room);
      // A bucket with no object at all: its lease record need not be read before the commits write it.
      if (chunks.size === 0) leases.assumeFresh(si);
      const fresh = new Map<number, BucketWriter>();
      for (const n of wanted.slice(0, fitting)) {
        // No object of this share number in the bucket: nothing left over for close() to look for.
        const writer = this.openWriter(si, n, allocatedSize, renewSecret, cancelSecret, !chunks.has(n));
        uploads.add(si, n, { bytes: allocatedSize, uploadSecretHash, writer });
        fresh.set(n, writer);
      }
      return { alreadyHave: held, opened: fresh };
    });
    const allocated = new Map([...opened].sort(([a], [b]) => a - b));
    return { alreadyHave, allocated };
  }

  /** Shares larger than one chunk store chunks before their commit, which an incoming/ marker lets garbage collection find. */
  private needsMarker(allocatedSize: number): boolean {
    return allocatedSize > this.options.chunkSize;
  }

  /**
   * Starts writing the incoming/ marker of a share larger than one chunk (a
   * share of one chunk stores nothing before its commit, so garbage
   * collection has nothing to find and its upload is one put). The writer
   * waits for it before storing any chunk, so the allocation need not.
   */
  private writeMarker(si: string, shareNumber: number, allocatedSize: number): Promise<void> {
    const marker: IncomingMarker = { allocatedSize, chunkSize: this.options.chunkSize, startedAt: this.options.now() };
    const written = writeJson(this.options.store, incomingMarkerKey(si, shareNumber), marker);
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
    const { store, locks, leases, uploads, listings, storedBytes, leaseExpiry } = this.options;
    return new ChunkedShareWriter({
      store,
      si,
      shareNumber,
      allocatedSize,
      chunkSize: this.options.chunkSize,
      markerWritten: this.needsMarker(allocatedSize) ? this.writeMarker(si, shareNumber, allocatedSize) : undefined,
      noLeftovers,
      gauge: this.options.gauge,
      firstChunkBudget: this.options.firstChunkBudget,
      sendAheadBudget: this.options.sendAheadBudget,
      beforeCommit: () => locks.run(si, () => leases.addOrRenew(si, [shareNumber], renewSecret, cancelSecret, leaseExpiry())),
      // A lease on a share that never appeared would only clutter the records until it expired.
      afterFailedCommit: () =>
        locks.run(si, async () => {
          if (!(await listImmutableShares(store, si)).some((share) => share.shareNumber === shareNumber)) await leases.forget(si, [shareNumber]);
        }),
      onSettled: (outcome, bytes) => {
        uploads.delete(si, shareNumber);
        if (outcome === 'closed') storedBytes.record(bytes);
        listings.invalidate(si);
        if (!uploads.anyOf(si)) leases.forgetKnown(si);
      },
    });
  }
}
