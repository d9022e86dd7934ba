/**
 * The CHK encoder (immutable/encode.py): one segment at a time it reads
 * plaintext, encrypts it, splits it into k blocks, erasure-codes n blocks and
 * writes each to its share. Only hashes are kept between segments; the hash
 * trees and the URI extension block are written once all blocks are out.
 */
import type { ByteSource, EncodeResult, EncodingPlan, ShareSink } from './api';
import { CtrStream } from './aes-ctr';
import { concatBytes } from './bytes';
import { createCodec } from './codec';
import { buildHashTree, neededHashes } from './hash-tree';
import { derivedLayout } from './plan';
import { blockLength, segmentLength } from './segmentation';
import { encodeLengthField, encodeShareHashes, encodeShareHeader, shareSize } from './share-layout';
import { uriExtensionHash } from './tagged-hash';
import { segmentHasherFor } from './segment-hasher';
import { ReadAhead } from './read-ahead';
import { encodeUriExtension, uriExtensionFor } from './uri-extension';
import { toVerifyCap } from './caps';

export interface EncodeOptions {
  /** Shares to write (all by default); hashes for every share are computed regardless. */
  shareNumbers?: number[];
  /** Hash on a worker thread (default: for files of 4 MiB and more). */
  hashInWorker?: boolean;
}

/**
 * Segments between being encoded and having all their blocks written: while
 * the worker hashes some and the disk takes others, the main thread encodes
 * the next. Each holds one reused buffer of n blocks (3.3 MiB at 3-of-10 with
 * 1 MiB segments), so this also bounds the memory in use.
 */
const SEGMENTS_IN_FLIGHT = 6;

/** Segments of plaintext read ahead of the one being encoded. */
const READ_AHEAD_SEGMENTS = 3;

/**
 * Plaintext bytes encrypted per cipher call. Node allocates a new output
 * buffer per call; at this size that costs little, while larger outputs come
 * from fresh pages: 64 KiB pieces (or whole 50 KB blocks of a 100 KB file)
 * took ~2x the CPU of 32 KiB ones here (page faults), whole ~350 KB blocks more.
 */
const ENCRYPT_PIECE = 32 * 1024;

/** Block slots start at multiples of this (a cache line). */
const SLOT_ALIGN = 64;

/**
 * Memory for segments: one buffer per segment in flight, holding its n blocks
 * (k primary, the crypttext cut in k and zero-padded, then n-k parity) in
 * slots at aligned offsets. Reused, since fresh memory costs a page fault per
 * 4 KiB and garbage collection. Ordinary ArrayBuffers, not shared ones: the
 * worker hasher moves a segment's buffer to the worker and back instead of
 * copying it, and V8 copies to and from shared memory (the erasure kernel's
 * copies in and out of WebAssembly memory, the cipher output's copy in) with
 * a slow word-by-word loop.
 */
class SegmentBuffers {
  private readonly spare: ArrayBuffer[] = [];
  private readonly stride: number;

  constructor(
    private readonly blockCount: number,
    maxBlockSize: number,
  ) {
    this.stride = Math.ceil(maxBlockSize / SLOT_ALIGN) * SLOT_ALIGN;
  }

  acquire(): ArrayBuffer {
    // Not zeroed: every slot is written whole (crypttext and padding, or parity) before it is read,
    // and the alignment gaps between slots are never read nor written out.
    return this.spare.pop() ?? Buffer.allocUnsafeSlow(Math.max(1, this.blockCount * this.stride)).buffer;
  }

  /** The buffer's n block slots, `blockSize` bytes each. */
  slots(buffer: ArrayBuffer, blockSize: number): Uint8Array[] {
    return Array.from({ length: this.blockCount }, (_, i) => new Uint8Array(buffer, i * this.stride, blockSize));
  }

  release(buffer: ArrayBuffer): void {
    this.spare.push(buffer);
  }
}

/**
 * A file of one segment: every share laid out whole in one buffer (header,
 * block, hash areas and UEB at their offsets), the blocks encrypted and
 * erasure-coded straight into place. Each share then goes to the sink in one
 * write the sink may keep: no gathering copy of its pieces, and one write per
 * share for the store. Zeroed memory, so the unused plaintext-tree area is
 * zeros as when it is written.
 */
class WholeShares {
  private readonly stride: number;

  constructor(
    private readonly shareCount: number,
    private readonly shareSize: number,
    private readonly dataOffset: number,
    /** Replaced when the hasher moved it to a worker and back. */
    public buffer = new ArrayBuffer(Math.max(1, shareCount * Math.ceil(shareSize / SLOT_ALIGN) * SLOT_ALIGN)),
  ) {
    this.stride = Math.ceil(shareSize / SLOT_ALIGN) * SLOT_ALIGN;
  }

  /** Each share's block, where it lies in the share. */
  slots(blockSize: number): Uint8Array[] {
    return Array.from({ length: this.shareCount }, (_, i) => new Uint8Array(this.buffer, i * this.stride + this.dataOffset, blockSize));
  }

  share(shareNumber: number): Uint8Array {
    return new Uint8Array(this.buffer, shareNumber * this.stride, this.shareSize);
  }
}

function selectedShares(total: number, requested: number[] | undefined): number[] {
  if (!requested) return Array.from({ length: total }, (_, i) => i);
  const unique = [...new Set(requested)].sort((a, b) => a - b);
  for (const share of unique) {
    if (!Number.isInteger(share) || share < 0 || share >= total) throw new RangeError(`share number ${share} is outside 0..${total - 1}`);
  }
  return unique;
}

export async function encodeChk(plan: EncodingPlan, plaintext: ByteSource, sink: ShareSink, options: EncodeOptions = {}): Promise<EncodeResult> {
  if (plaintext.size !== plan.fileSize) throw new RangeError(`plaintext has ${plaintext.size} bytes but the plan is for ${plan.fileSize}`);
  const { segments, share, uriExtensionLength } = derivedLayout(plan.params, plan.fileSize);
  const { needed, total } = plan.params;
  const writeTo = selectedShares(total, options.shareNumbers);
  const codec = createCodec(needed, total);

  // Everything but the blocks of a file of several segments is written from memory made for that
  // write alone, which the encoder never touches again: the sink may keep it without a copy.
  const kept = true;
  const header = encodeShareHeader(share);
  const wholeShares = segments.segmentCount === 1 ? new WholeShares(total, plan.shareSize, share.offsets.data) : undefined;
  if (!wholeShares) await Promise.all(writeTo.map((n) => sink.write(n, 0, header, kept)));

  const ctr = new CtrStream(plan.key);
  const hasher = segmentHasherFor(plan.fileSize, options.hashInWorker);
  const segmentHashes: Uint8Array[] = [];
  const blockHashes: Uint8Array[][] = Array.from({ length: total }, () => []);
  const parityShares = Array.from({ length: total - needed }, (_, i) => needed + i);
  // The first segment has the largest blocks.
  const buffers = new SegmentBuffers(total, blockLength(segments, 0));

  // Each segment in flight: hashed, then its blocks written, then its buffer freed.
  // Hashes come back in segment order (one worker, jobs in order), so writes
  // are issued in order too, which lets the sink gather small blocks.
  const inFlight: Promise<void>[] = [];
  let crypttextHash: Uint8Array;
  try {
    // A piece (one segment of plaintext) stays valid until the next is asked for: it is encrypted before then.
    // Reads share the I/O threads with the block writes of the segments in flight, queued behind them, so
    // they are started a few segments early for the main thread not to wait on them.
    const reader = new ReadAhead(plaintext, segments.segmentSize, READ_AHEAD_SEGMENTS);
    for (let index = 0; index < segments.segmentCount; index++) {
      const plain = await reader.next();
      if (!plain || plain.length !== segmentLength(segments, index)) {
        throw new RangeError(`plaintext source returned ${plain?.length ?? 0} bytes for segment ${index}, expected ${segmentLength(segments, index)}`);
      }
      if (inFlight.length >= SEGMENTS_IN_FLIGHT) await inFlight.shift();
      const blockSize = blockLength(segments, index);
      const buffer = wholeShares ? wholeShares.buffer : buffers.acquire();
      const slots = wholeShares ? wholeShares.slots(blockSize) : buffers.slots(buffer, blockSize);
      // Encrypted piece by piece (CTR is a stream, so the pieces join up):
      // each piece starts a block or lies ENCRYPT_PIECE further on, so its
      // copy into the slot is aligned on both sides, and the cipher's output
      // for it is small enough to stay in cache and come from the heap.
      for (let i = 0; i < needed; i++) {
        const start = Math.min(i * blockSize, plain.length);
        const end = Math.min(start + blockSize, plain.length);
        for (let at = start; at < end; at += ENCRYPT_PIECE) {
          slots[i].set(ctr.apply(plain.subarray(at, Math.min(at + ENCRYPT_PIECE, end))), at - start);
        }
        slots[i].fill(0, end - start);
      }
      const primary = slots.slice(0, needed);
      const parity = codec.encodeInto(primary, parityShares, slots.slice(needed));
      const blocks = [...primary, ...parity];
      const offset = share.offsets.data + index * segments.blockSize;
      // The hasher may move the buffer to the worker; the blocks to write are the ones it hands back.
      const done = hasher.hashSegment({ blocks, needed, crypttextLength: plain.length, buffer }).then(async (hashed) => {
        segmentHashes[index] = hashed.hashes.segmentHash;
        hashed.hashes.blockHashes.forEach((hash, n) => (blockHashes[n][index] = hash));
        if (wholeShares) {
          // The blocks are in place in their shares, written with the rest below.
          wholeShares.buffer = hashed.buffer ?? buffer;
          return;
        }
        await Promise.all(writeTo.map((n) => sink.write(n, offset, hashed.blocks[n])));
        buffers.release(hashed.buffer ?? buffer);
      });
      done.catch(() => undefined); // awaited below; this only keeps an early failure from being "unhandled"
      inFlight.push(done);
    }
    await Promise.all(inFlight);
    crypttextHash = await hasher.crypttextHash();
  } finally {
    hasher.dispose();
  }

  const crypttextTree = buildHashTree(segmentHashes);
  const blockTrees = blockHashes.map((leaves) => buildHashTree(leaves));
  const shareTree = buildHashTree(blockTrees.map((tree) => tree[0]));
  const ueb = encodeUriExtension(
    uriExtensionFor(segments, {
      crypttextHash,
      crypttextRootHash: crypttextTree[0],
      shareRootHash: shareTree[0],
    }),
  );
  if (ueb.length !== uriExtensionLength || shareSize(share, ueb.length) !== plan.shareSize) {
    throw new Error(`internal error: URI extension block is ${ueb.length} bytes, planned ${uriExtensionLength}`);
  }
  const crypttextTreeBytes = concatBytes(crypttextTree);
  const uebWithLength = concatBytes([encodeLengthField(ueb.length, share), ueb]);
  // The plaintext hash tree area is obsolete but still allocated; zero it so no share has holes.
  const unusedTree = new Uint8Array(share.segmentTreeSize);
  // Each share is written front to back (header, blocks, then everything after them in offset
  // order): a store that gathers a share in chunk objects (the blob server) then never has to
  // store a chunk early and fetch it back because a write landed past the blocks first.
  const areasAfterBlocks = (n: number): [number, Uint8Array][] => {
    const chain = neededHashes(total, n, true).map((node) => ({ node, hash: shareTree[node] }));
    return [
      [share.offsets.plaintextHashTree, unusedTree],
      [share.offsets.crypttextHashTree, crypttextTreeBytes],
      [share.offsets.blockHashes, concatBytes(blockTrees[n])],
      [share.offsets.shareHashes, encodeShareHashes(chain)],
      [share.offsets.uriExtension, uebWithLength],
    ];
  };
  if (wholeShares) {
    await Promise.all(
      writeTo.map((n) => {
        const whole = wholeShares.share(n);
        whole.set(header, 0);
        for (const [offset, bytes] of areasAfterBlocks(n)) whole.set(bytes, offset);
        return sink.write(n, 0, whole, kept);
      }),
    );
  } else {
    await Promise.all(writeTo.flatMap((n) => areasAfterBlocks(n).map(([offset, bytes]) => sink.write(n, offset, bytes, kept))));
  }

  const readCap = { kind: 'CHK' as const, key: plan.key, uebHash: uriExtensionHash(ueb), needed, total, size: plan.fileSize };
  return { readCap, verifyCap: toVerifyCap(readCap) };
}
