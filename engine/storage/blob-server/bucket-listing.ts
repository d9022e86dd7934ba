/**
 * What the store holds, read from listings: one bucket's chunk objects, or
 * the bytes and counts of every share (for usage, stats and the size tally).
 */
import type { BlobStore } from '../../backends/types';
import { completeShares, recordChunk, type ChunkedShare } from './chunks';
import { parseShareObjectKey, SHARES_PREFIX, shareBucketPrefix, SLOTS_PREFIX, storageIndexOfSlotMetaKey } from './keys';
import type { BucketChunks } from './listing-cache';
import type { SlotStore } from './slots';

export interface StoredScan {
  bytesStored: number;
  shareCount: number;
  mutableShareCount: number;
}

/** Every chunk object in the storage index's share bucket (one listing). */
export async function listBucketChunks(store: BlobStore, si: string): Promise<BucketChunks> {
  const chunks: BucketChunks = new Map();
  for await (const info of store.list(shareBucketPrefix(si))) {
    const parsed = parseShareObjectKey(SHARES_PREFIX, info.key);
    if (parsed?.si === si) recordChunk(chunks, parsed.shareNumber, parsed.chunkIndex, info);
  }
  return chunks;
}

/** The complete immutable shares of one storage index. */
export async function listImmutableShares(store: BlobStore, si: string): Promise<ChunkedShare[]> {
  return completeShares(await listBucketChunks(store, si));
}

/** Bytes and counts of complete immutable shares and mutable shares, over the whole store. */
export async function scanStoredShares(store: BlobStore, slots: SlotStore): Promise<StoredScan> {
  const bySi = new Map<string, Map<number, Map<number, number>>>();
  for await (const info of store.list(SHARES_PREFIX)) {
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
  for await (const info of store.list(SLOTS_PREFIX)) {
    const si = storageIndexOfSlotMetaKey(info.key);
    if (!si) continue;
    for (const share of Object.values((await slots.meta(si))?.shares ?? {})) {
      bytesStored += share.length;
      mutableShareCount++;
    }
  }
  return { bytesStored, shareCount, mutableShareCount };
}
