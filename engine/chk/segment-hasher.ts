/**
 * Hashing of one encoded segment: its crypttext segment hash and its n block
 * hashes, about 3.4 MB of SHA-256 per MB of plaintext at 3-of-10 and the
 * encoder's largest cost. On big files this runs on a worker thread while the
 * main thread encrypts and erasure-codes the next segment. Both
 * implementations produce identical hashes.
 */
import { hashWorker, SharedScratch } from './hash-worker';
import { blockHash, crypttextSegmentHasher } from './tagged-hash';

export interface SegmentHashes {
  segmentHash: Uint8Array;
  /** One per share, share 0 first. */
  blockHashes: Uint8Array[];
}

/** One encoded segment: the zero-padded crypttext is also the k primary blocks, back to back. */
export interface EncodedSegment {
  padded: Uint8Array;
  /** Crypttext bytes before padding (the segment hash covers these only). */
  crypttextLength: number;
  blockSize: number;
  needed: number;
  /** Blocks of shares k..n-1. */
  parity: readonly Uint8Array[];
}

export function primaryBlocks(segment: Pick<EncodedSegment, 'padded' | 'blockSize' | 'needed'>): Uint8Array[] {
  const { padded, blockSize, needed } = segment;
  return Array.from({ length: needed }, (_, i) => padded.subarray(i * blockSize, (i + 1) * blockSize));
}

/** A hashed segment. Its blocks may be new objects (the worker path moves the bytes to the worker and back). */
export interface HashedSegment {
  segment: EncodedSegment;
  hashes: SegmentHashes;
}

export interface SegmentHasher {
  hashSegment(segment: EncodedSegment): Promise<HashedSegment>;
}

export class InlineSegmentHasher implements SegmentHasher {
  async hashSegment(segment: EncodedSegment): Promise<HashedSegment> {
    const hashes = {
      segmentHash: crypttextSegmentHasher().update(segment.padded.subarray(0, segment.crypttextLength)).digest(),
      blockHashes: [...primaryBlocks(segment), ...segment.parity].map(blockHash),
    };
    return { segment, hashes };
  }
}

/** Hashes on the shared worker thread, which reads a copy of the segment in reused shared memory. */
export class WorkerSegmentHasher implements SegmentHasher {
  private readonly thread = hashWorker();
  private readonly scratch = new SharedScratch();

  async hashSegment(segment: EncodedSegment): Promise<HashedSegment> {
    const hashes = await this.scratch.with([segment.padded, ...segment.parity], ([padded, ...parity]) => {
      const blocks = [...primaryBlocks({ ...segment, padded }), ...parity];
      return this.thread.run({
        items: [
          { tag: 'crypttextSegment', parts: [padded.subarray(0, segment.crypttextLength)] },
          ...blocks.map((block) => ({ tag: 'block' as const, parts: [block] })),
        ],
      });
    });
    return { segment, hashes: { segmentHash: hashes[0], blockHashes: hashes.slice(1) } };
  }
}

/** Worker hashing pays off once a file has a few segments; small files hash inline. */
export function segmentHasherFor(fileSize: number, preferWorker?: boolean): SegmentHasher {
  if (preferWorker ?? fileSize >= 4 * 1024 * 1024) {
    try {
      return new WorkerSegmentHasher();
    } catch {
      // worker_threads unavailable (an unusual embedder): hash on this thread.
    }
  }
  return new InlineSegmentHasher();
}
