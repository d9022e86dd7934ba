/**
 * Garbage collection of a BlobStorageServer: shares whose leases have all
 * expired, and what abandoned uploads left behind. Each storage index is
 * handled under the server's lock for it, so allocation, commits and mutable
 * writes of that storage index never interleave with a deletion.
 */
import type { BlobStore } from '../../backends/types';
import { readJson } from './json-objects';
import type { KeyedMutex } from './keyed-mutex';
import {
  INCOMING_PREFIX,
  incomingMarkerKey,
  isExplicitChunkZero,
  LEASES_PREFIX,
  parseShareObjectKey,
  SHARES_PREFIX,
  shareBucketPrefix,
  shareChunkKey,
  stagedFirstChunkKey,
  storageIndexOfLeaseKey,
} from './keys';
import { allLeasesExpired, type LeaseBook } from './leases';
import { leaseStateOf, type ShareRemoval } from '../lease-collection';
import type { SlotStore } from './slots';

/** The `incoming/xx/SI/N` marker an upload stores at allocation. */
export interface IncomingMarker {
  allocatedSize: number;
  chunkSize: number;
  /** Server clock, milliseconds since the epoch. */
  startedAt: number;
}

export interface BlobGarbageCollectionResult {
  /** Shares (immutable and mutable) deleted because all their leases had expired. */
  expiredShares: number;
  /** Bytes of those shares. */
  expiredBytes: number;
  /** Objects of abandoned uploads deleted. */
  removedIncomingObjects: number;
  removedIncomingBytes: number;
}

export interface GarbageCollectorContext {
  store: BlobStore;
  locks: KeyedMutex;
  leases: LeaseBook;
  slots: SlotStore;
  now(): number;
  /** True while this process is uploading the share (such shares are never touched). */
  isUploading(si: string, shareNumber: number): boolean;
}

interface AbandonedUpload {
  si: string;
  shareNumber: number;
  /** Sizes of the marker and the staged chunk 0, when present. */
  marker?: number;
  staged?: number;
}

export async function leasedStorageIndexes(store: BlobStore): Promise<string[]> {
  const out: string[] = [];
  for await (const info of store.list(LEASES_PREFIX)) {
    const si = storageIndexOfLeaseKey(info.key);
    if (si) out.push(si);
  }
  return out.sort();
}

export class GarbageCollector {
  constructor(private readonly context: GarbageCollectorContext) {}

  async collect(incomingOlderThanMs: number): Promise<BlobGarbageCollectionResult> {
    const { store, locks } = this.context;
    const result: BlobGarbageCollectionResult = { expiredShares: 0, expiredBytes: 0, removedIncomingObjects: 0, removedIncomingBytes: 0 };
    for (const si of await leasedStorageIndexes(store)) {
      const removal = await locks.run(si, () => this.expireShares(si));
      result.expiredShares += removal.removedShares;
      result.expiredBytes += removal.removedBytes;
    }
    const startedBefore = this.context.now() - incomingOlderThanMs;
    for (const upload of await this.unfinishedUploads()) {
      await locks.run(upload.si, () => this.removeAbandonedUpload(upload, startedBefore, result));
    }
    return result;
  }

  /** Deletes the shares of one storage index whose leases have all expired. Call under the storage index's lock. */
  async expireShares(si: string): Promise<ShareRemoval> {
    const now = this.context.now();
    const expired = [...(await this.context.leases.read(si))]
      .filter(([share, records]) => allLeasesExpired(records, now) && !this.context.isUploading(si, share))
      .map(([share]) => share);
    return this.removeShares(si, expired);
  }

  /** Deletes the shares of one storage index no running lease claims (none recorded, or all expired). Call under its lock. */
  async removeUnleased(si: string): Promise<ShareRemoval> {
    const now = this.context.now();
    const leases = await this.context.leases.read(si);
    const held = new Set<number>(await this.context.slots.shareNumbers(si));
    for await (const info of this.context.store.list(shareBucketPrefix(si))) {
      const parsed = parseShareObjectKey(SHARES_PREFIX, info.key);
      if (parsed) held.add(parsed.shareNumber);
    }
    const unclaimed = [...held].filter((share) => leaseStateOf((leases.get(share) ?? []).map((l) => l.expiresAt), now) !== 'active' && !this.context.isUploading(si, share));
    return this.removeShares(si, unclaimed);
  }

  /**
   * Deletes every object of the given shares (immutable chunks and mutable
   * shares), then forgets their leases: an interruption leaves expired lease
   * records, and the next collection finishes the job.
   */
  private async removeShares(si: string, shareNumbers: number[]): Promise<ShareRemoval> {
    const { store, leases, slots } = this.context;
    const result: ShareRemoval = { removedShares: 0, removedBytes: 0 };
    if (shareNumbers.length === 0) return result;
    const objects = new Map<number, { key: string; size: number }[]>();
    for await (const info of store.list(shareBucketPrefix(si))) {
      const parsed = parseShareObjectKey(SHARES_PREFIX, info.key);
      if (parsed && shareNumbers.includes(parsed.shareNumber)) objects.set(parsed.shareNumber, [...(objects.get(parsed.shareNumber) ?? []), { key: info.key, size: info.size }]);
    }
    for (const [share, chunks] of objects) {
      // Chunk 0 first: the share disappears at once, never half-deleted while visible.
      const first = shareChunkKey(si, share, 0);
      if (chunks.some((chunk) => chunk.key === first)) result.removedShares++;
      await store.delete(first);
      for (const chunk of chunks) if (chunk.key !== first) await store.delete(chunk.key);
      result.removedBytes += chunks.reduce((sum, chunk) => sum + chunk.size, 0);
    }
    const slotLengths = (await slots.meta(si))?.shares ?? {};
    const mutableBytes = shareNumbers.reduce((sum, share) => sum + (slotLengths[String(share)]?.length ?? 0), 0);
    const mutableRemoved = await slots.deleteShares(si, shareNumbers);
    if (mutableRemoved > 0) {
      result.removedShares += mutableRemoved;
      result.removedBytes += mutableBytes;
    }
    await leases.forget(si, shareNumbers);
    return result;
  }

  private async unfinishedUploads(): Promise<AbandonedUpload[]> {
    const uploads = new Map<string, AbandonedUpload>();
    for await (const info of this.context.store.list(INCOMING_PREFIX)) {
      const parsed = parseShareObjectKey(INCOMING_PREFIX, info.key);
      if (!parsed || parsed.chunkIndex !== 0) continue;
      const key = `${parsed.si}/${parsed.shareNumber}`;
      const entry = uploads.get(key) ?? { si: parsed.si, shareNumber: parsed.shareNumber };
      if (isExplicitChunkZero(info.key)) entry.staged = info.size;
      else entry.marker = info.size;
      uploads.set(key, entry);
    }
    return [...uploads.values()];
  }

  private async removeAbandonedUpload(upload: AbandonedUpload, startedBefore: number, result: BlobGarbageCollectionResult): Promise<void> {
    const { store } = this.context;
    const { si, shareNumber } = upload;
    if (this.context.isUploading(si, shareNumber)) return;
    if (upload.marker !== undefined) {
      const marker = await readJson<IncomingMarker>(store, incomingMarkerKey(si, shareNumber)).catch(() => undefined);
      if (marker && marker.startedAt > startedBefore) return;
    }
    const removed = (bytes: number): void => {
      result.removedIncomingObjects++;
      result.removedIncomingBytes += bytes;
    };
    // Chunks past 0 already carry final names; they are garbage only if the share never committed.
    if ((await store.stat(shareChunkKey(si, shareNumber, 0))) === undefined) {
      for await (const info of store.list(shareBucketPrefix(si))) {
        const parsed = parseShareObjectKey(SHARES_PREFIX, info.key);
        if (parsed?.shareNumber !== shareNumber || parsed.chunkIndex === 0) continue;
        await store.delete(info.key);
        removed(info.size);
      }
    }
    if (upload.staged !== undefined) {
      await store.delete(stagedFirstChunkKey(si, shareNumber));
      removed(upload.staged);
    }
    // The marker goes last, so an interrupted collection finds the rest next time.
    if (upload.marker !== undefined) {
      await store.delete(incomingMarkerKey(si, shareNumber));
      removed(upload.marker);
    }
  }
}
