import type { BlobInfo } from '../types';

/**
 * RAIC's own usage on a backend: the bytes and objects it lists. Providers
 * seldom report usage per prefix, so every backend counts what it lists.
 */
export async function usageByListing(blobs: AsyncIterable<BlobInfo>): Promise<{ usedBytes: number; objectCount: number }> {
  let usedBytes = 0;
  let objectCount = 0;
  for await (const info of blobs) {
    usedBytes += info.size;
    objectCount++;
  }
  return { usedBytes, objectCount };
}
