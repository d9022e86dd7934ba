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
  hashSegment(segment: EncodedSegment): Promise<SegmentHashes>;
  /** The whole-file crypttext hash (tagged SHA-256d), once every segment was handed over. */
  crypttextHash(): Promise<Uint8Array>;
  /** Frees what an unfinished file left behind (after a failure); harmless after crypttextHash. */
  dispose(): void;
}

export class InlineSegmentHasher implements SegmentHasher {
  private readonly file = crypttextHasher();

  async hashSegment(segment: EncodedSegment): Promise<SegmentHashes> {
    const segmentHasher = crypttextSegmentHasher();
    for (const part of crypttextParts(segment)) {
      this.file.update(part);
      segmentHasher.update(part);
    }
    return { segmentHash: segmentHasher.digest(), blockHashes: segment.blocks.map(blockHash) };
  }

  async crypttextHash(): Promise<Uint8Array> {
    return this.file.digest();
  }

  dispose(): void {}
}

const isShared = (bytes: Uint8Array): boolean => bytes.buffer instanceof SharedArrayBuffer;

/**
 * Hashes on the shared worker thread. Segments whose blocks already live in
 * shared memory (the encoder builds them there) are handed over as they are;
 * others are first copied into reused shared memory.
 */
export class WorkerSegmentHasher implements SegmentHasher {
  private readonly thread = hashWorker();
  private readonly scratch = new SharedScratch();
  private readonly stream = this.thread.newStreamId();
  private finished = false;

  hashSegment(segment: EncodedSegment): Promise<SegmentHashes> {
    const run = (blocks: readonly Uint8Array[]): Promise<Uint8Array[]> => {
      const crypttext = crypttextParts({ ...segment, blocks });
      const job: HashJob = {
        items: [{ tag: 'crypttextSegment', parts: crypttext }, ...blocks.map((block) => ({ tag: 'block' as const, parts: [block] }))],
        stream: { id: this.stream, tag: 'crypttext', parts: crypttext },
      };
      return this.thread.run(job);
    };
    const hashes = segment.blocks.every(isShared)
      ? run(segment.blocks)
      : // The scratch buffer is reused once the job is done, which is also when the worker is done with the stream part.
        this.scratch.with(segment.blocks, run);
    return hashes.then((all) => ({ segmentHash: all[0], blockHashes: all.slice(1) }));
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
