/**
 * Opening complete immutable shares for reading: every share of a bucket
 * from one listing, or one share by its name in one round trip.
 */
import { BlobNotFoundError, type BlobStore } from '../../backends/types';
import type { BucketReader } from '../types';
import { completeShares } from './chunks';
import { shareChunkKey } from './keys';
import type { BucketChunks } from './listing-cache';
import { ChunkedShareReader } from './share-reader';

/** A reader per complete share of the listed bucket; shares of one chunk up to `chunkSize` are fetched whole by their first read. */
export function readersOfBucket(store: BlobStore, si: string, chunks: BucketChunks, chunkSize: number): Map<number, BucketReader> {
  const readers = new Map<number, BucketReader>();
  for (const share of completeShares(chunks)) {
    readers.set(share.shareNumber, new ChunkedShareReader(store, si, share.shareNumber, share.size, share.chunkSize, chunkSize));
  }
  return readers;
}

/**
 * One share by its name (StorageServer.openShare), for small files: its
 * first chunk is fetched whole while the store is asked whether a second
 * chunk exists, so a share of one chunk (every share of a small file) is
 * open after one round trip, where getBuckets lists the bucket first and
 * fetches after. A share of several chunks is opened from the listing
 * (`fromListing`, as getBuckets does); no first chunk means no such share
 * (undefined).
 */
export async function openShareByName(
  store: BlobStore,
  si: string,
  shareNumber: number,
  fromListing: () => Promise<BucketReader | undefined>,
): Promise<BucketReader | undefined> {
  const [first, second] = await Promise.all([
    store.get(shareChunkKey(si, shareNumber, 0)).catch((error: unknown) => {
      if (error instanceof BlobNotFoundError) return undefined;
      throw error;
    }),
    store.stat(shareChunkKey(si, shareNumber, 1)),
  ]);
  if (!first) return undefined;
  // Chunk 0 is stored last (the commit), so with no chunk 1 it is the whole share, as completeShares reads a listing.
  if (!second) return ChunkedShareReader.ofWholeObject(store, si, shareNumber, first);
  return fromListing();
}
