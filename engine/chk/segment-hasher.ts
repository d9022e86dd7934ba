/**
 * Hashing of one encoded segment: its crypttext segment hash and its n block
 * hashes, plus the segment's share of the whole-file crypttext hash the URI
 * extension block carries. That is about 4.3 MB of SHA-256 per MB of
 * plaintext at 3-of-10, the encoder's largest cost. On big files all of it
 * runs on a worker thread while the main thread encrypts and erasure-codes the
 * next segments. Both implementations produce identical hashes.
 */
import { hashWorker, SharedScratch, type HashJob } from './hash-worker';
import { blockHash, crypttextHasher, crypttextSegmentHasher } from './tagged-hash';

export interface SegmentHashes {
  segmentHash: Uint8Array;
  /** One per share, share 0 first. */
  blockHashes: Uint8Array[];
}

/** One encoded segment. */
export interface EncodedSegment {
  /** All n blocks, share 0 first; the first `needed` hold the crypttext, zero-padded at the end. */
  blocks: readonly Uint8Array[];
  needed: number;
  /** Crypttext bytes before padding (the segment and file hashes cover these only). */
  crypttextLength: number;
  /**
   * An ordinary ArrayBuffer holding every block, given up to the hasher while
   * it works: the worker hasher moves it to the worker and back instead of
   * copying the blocks. Use the blocks of the HashedSegment afterwards.
   */
  buffer?: ArrayBuffer;
}

/** A hashed segment, with its blocks: new views of the same bytes when they were moved to the worker and back. */
export interface HashedSegment {
  hashes: SegmentHashes;
  blocks: readonly Uint8Array[];
  /** The segment's buffer, if it had one (a new object if it was moved). */
  buffer?: ArrayBuffer;
}

/** The segment's crypttext: the primary blocks, the last one cut where the padding starts. */
export function crypttextParts(segment: EncodedSegment): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let left = segment.crypttextLength;
  for (let i = 0; i < segment.needed && left > 0; i++) {
    const block = segment.blocks[i];
    parts.push(block.length <= left ? block : block.subarray(0, left));
    left -= block.length;
  }
  return parts;
}

/**
 * Hashes one file's segments, which must be handed over in file order (each
 * one's crypttext also feeds the whole-file crypttext hash). The segment's
 * bytes must stay unchanged until its promise settles.
 */
export interface SegmentHasher {
  hashSegment(segment: EncodedSegment): Promise<HashedSegment>;
  /** The whole-file crypttext hash (tagged SHA-256d), once every segment was handed over. */
  crypttextHash(): Promise<Uint8Array>;
  /** Frees what an unfinished file left behind (after a failure); harmless after crypttextHash. */
  dispose(): void;
}

export class InlineSegmentHasher implements SegmentHasher {
  private readonly file = crypttextHasher();

  async hashSegment(segment: EncodedSegment): Promise<HashedSegment> {
    const segmentHasher = crypttextSegmentHasher();
    for (const part of crypttextParts(segment)) {
      this.file.update(part);
      segmentHasher.update(part);
    }
    const hashes = { segmentHash: segmentHasher.digest(), blockHashes: segment.blocks.map(blockHash) };
    return { hashes, blocks: segment.blocks, buffer: segment.buffer };
  }

  async crypttextHash(): Promise<Uint8Array> {
    return this.file.digest();
  }

  dispose(): void {}
}

const isShared = (bytes: Uint8Array): boolean => bytes.buffer instanceof SharedArrayBuffer;

/**
 * Hashes on the shared worker thread. A segment whose blocks lie in one
 * ordinary ArrayBuffer given up to it (the encoder's) is moved to the worker
 * and back; blocks in shared memory are handed over as they are; others are
 * first copied into reused shared memory.
 */
export class WorkerSegmentHasher implements SegmentHasher {
  private readonly thread = hashWorker();
  private readonly scratch = new SharedScratch();
  private readonly stream = this.thread.newStreamId();
  private finished = false;

  async hashSegment(segment: EncodedSegment): Promise<HashedSegment> {
    const job = (blocks: readonly Uint8Array[]): HashJob => {
      const crypttext = crypttextParts({ ...segment, blocks });
      return {
        items: [{ tag: 'crypttextSegment', parts: crypttext }, ...blocks.map((block) => ({ tag: 'block' as const, parts: [block] }))],
        stream: { id: this.stream, tag: 'crypttext', parts: crypttext },
      };
    };
    const toHashes = (all: Uint8Array[]): SegmentHashes => ({ segmentHash: all[0], blockHashes: all.slice(1) });
    const { buffer } = segment;
    if (buffer && segment.blocks.every((block) => block.buffer === buffer)) {
      // Moved, not copied: the blocks are rebuilt over the buffer that comes back.
      const places = segment.blocks.map((block) => [block.byteOffset, block.length] as const);
      const moved = await this.thread.runMoving(job(segment.blocks), [buffer]);
      const back = moved.buffers[0];
      return { hashes: toHashes(moved.hashes), blocks: places.map(([at, length]) => new Uint8Array(back, at, length)), buffer: back };
    }
    const hashes = segment.blocks.every(isShared)
      ? await this.thread.run(job(segment.blocks))
      : // The scratch buffer is reused once the job is done, which is also when the worker is done with the stream part.
        await this.scratch.with(segment.blocks, (blocks) => this.thread.run(job(blocks)));
    return { hashes: toHashes(hashes), blocks: segment.blocks, buffer };
  }

  async crypttextHash(): Promise<Uint8Array> {
    this.finished = true;
    const hashes = await this.thread.run({ items: [], stream: { id: this.stream, tag: 'crypttext', parts: [], finish: true } });
    return hashes[0];
  }

  dispose(): void {
    if (this.finished) return;
    this.finished = true;
    this.thread.run({ items: [], stream: { id: this.stream, tag: 'crypttext', parts: [], discard: true } }).catch(() => undefined);
  }
}

/** Files from this size on hash on the worker by default. */
export const WORKER_HASHING_BYTES = 4 * 1024 * 1024;

/** Worker hashing pays off once a file has a few segments; small files hash inline. */
export function segmentHasherFor(fileSize: number, preferWorker?: boolean): SegmentHasher {
  if (preferWorker ?? fileSize >= WORKER_HASHING_BYTES) {
    try {
      return new WorkerSegmentHasher();
    } catch {
      // worker_threads unavailable (an unusual embedder): hash on this thread.
    }
  }
  return new InlineSegmentHasher();
}
