/**
 * Chunk arithmetic shared by immutable shares and mutable slots: a share of
 * C bytes is ceil(C / chunkSize) objects, all full except the last
 * (raic.rst). Reads become one ranged get per chunk touched, so no share is
 * ever fetched whole.
 */
import { BlobNotFoundError, type BlobInfo, type BlobStore } from '../../backends/types';

/** raic.rst leaves the chunk size to the backend; 8 MiB keeps PUTs retryable and memory bounded. */
export const DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;

export function chunkCount(size: number, chunkSize: number): number {
  return size === 0 ? 1 : Math.ceil(size / chunkSize);
}

/** Bytes of chunk `index` in a share of `size` bytes. */
export function chunkLength(size: number, chunkSize: number, index: number): number {
  return Math.max(0, Math.min(chunkSize, size - index * chunkSize));
}

export interface ChunkedShare {
  shareNumber: number;
  size: number;
  /** Size of chunk 0, which fixes the chunk size of an existing share. */
  chunkSize: number;
}

/**
 * The complete shares among the objects listed under one share bucket. A
 * share exists only when chunk 0 does (it is written last); its size is
 * chunk 0 plus the following full chunks, up to and including the first
 * short one. Chunks past that are leftovers and are ignored, as raic.rst asks.
 */
export function completeShares(chunks: Map<number, Map<number, number>>): ChunkedShare[] {
  const shares: ChunkedShare[] = [];
  for (const [shareNumber, sizes] of chunks) {
    const first = sizes.get(0);
    if (first === undefined) continue;
    let size = first;
    let previous = first;
    for (let index = 1; previous === first && first > 0; index++) {
      const next = sizes.get(index);
      if (next === undefined || next > first || next === 0) break;
      size += next;
      previous = next;
    }
    shares.push({ shareNumber, size, chunkSize: first });
  }
  return shares.sort((a, b) => a.shareNumber - b.shareNumber);
}

/** Adds one listed object to a share -> chunk -> size map. */
export function recordChunk(into: Map<number, Map<number, number>>, shareNumber: number, chunkIndex: number, info: BlobInfo): void {
  let sizes = into.get(shareNumber);
  if (!sizes) into.set(shareNumber, (sizes = new Map()));
  sizes.set(chunkIndex, info.size);
}

export interface ChunkedRangeRead {
  store: BlobStore;
  keyOfChunk(index: number): string;
  chunkSize: number;
  size: number;
  offset: number;
  length: number;
  /**
   * Mutable slots are sparse: a missing or short chunk inside the share reads
   * as zeros. Immutable shares are dense: a missing chunk is damage.
   */
  sparse: boolean;
  /** Names the share in errors. */
  describe: string;
}

/** Reads [offset, offset+length) clipped at size, one ranged get per chunk touched (in parallel). */
export async function readChunkedRange(request: ChunkedRangeRead): Promise<Uint8Array> {
  const { offset, chunkSize } = request;
  const end = Math.min(request.size, offset + request.length);
  if (end <= offset) return new Uint8Array(0);
  const first = Math.floor(offset / chunkSize);
  const last = Math.floor((end - 1) / chunkSize);
  const pieces = await Promise.all(
    Array.from({ length: last - first + 1 }, async (_, i) => {
      const index = first + i;
      const start = Math.max(offset, index * chunkSize) - index * chunkSize;
      const stop = Math.min(end, (index + 1) * chunkSize) - index * chunkSize;
      let bytes: Uint8Array;
      try {
        bytes = await request.store.get(request.keyOfChunk(index), { offset: start, length: stop - start });
      } catch (error) {
        if (!(error instanceof BlobNotFoundError)) throw error;
        if (!request.sparse) throw new Error(`${request.describe}: chunk ${index} is missing`, { cause: error });
        bytes = new Uint8Array(0);
      }
      if (bytes.length === stop - start) return bytes;
      if (!request.sparse) throw new Error(`${request.describe} ended early: chunk ${index} gave ${bytes.length} of ${stop - start} bytes`);
      const padded = new Uint8Array(stop - start);
      padded.set(bytes.subarray(0, stop - start));
      return padded;
    }),
  );
  if (pieces.length === 1) return pieces[0];
  const out = new Uint8Array(end - offset);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
