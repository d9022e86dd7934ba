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
import { blockLength, segmentLength, type SegmentLayout } from './segmentation';
import { encodeLengthField, encodeShareHashes, encodeShareHeader, shareSize } from './share-layout';
import { crypttextHasher, uriExtensionHash } from './tagged-hash';
import { primaryBlocks, segmentHasherFor, type HashedSegment } from './segment-hasher';
import { encodeUriExtension, uriExtensionFor } from './uri-extension';
import { toVerifyCap } from './caps';

export interface EncodeOptions {
  /** Shares to write (all by default); hashes for every share are computed regardless. */
  shareNumbers?: number[];
  /** Hash on a worker thread (default: for files of 4 MiB and more). */
  hashInWorker?: boolean;
}

const HASH_WINDOW = 3;

/** Lets writes of one segment run while the next is being encoded, surfacing their failure later. */
class WriteBarrier {
  private pending: Promise<void> = Promise.resolve();
  private failure: { error: unknown } | null = null;

  start(writes: Promise<void>[]): void {
    this.pending = Promise.all(writes).then(
      () => undefined,
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
  }

  async wait(): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure.error;
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

/** Starts reading a segment ahead of time; a failure surfaces when the result is awaited, never as "unhandled". */
function readSegment(plaintext: ByteSource, layout: SegmentLayout, index: number): Promise<Uint8Array> {
  const read = plaintext.read(index * layout.segmentSize, segmentLength(layout, index));
  read.catch(() => undefined);
  return read;
}

export async function encodeChk(plan: EncodingPlan, plaintext: ByteSource, sink: ShareSink, options: EncodeOptions = {}): Promise<EncodeResult> {
  if (plaintext.size !== plan.fileSize) throw new RangeError(`plaintext has ${plaintext.size} bytes but the plan is for ${plan.fileSize}`);
  const { segments, share, uriExtensionLength } = derivedLayout(plan.params, plan.fileSize);
  const { needed, total } = plan.params;
  const writeTo = selectedShares(total, options.shareNumbers);
  const codec = createCodec(needed, total);

  const header = encodeShareHeader(share);
  // The plaintext hash tree area is obsolete but still allocated; zero it so no share has holes.
  const unusedTree = new Uint8Array(share.segmentTreeSize);
  await Promise.all(
    writeTo.flatMap((n) => [sink.write(n, 0, header), sink.write(n, share.offsets.plaintextHashTree, unusedTree)]),
  );

  const ctr = new CtrStream(plan.key);
  const hasher = segmentHasherFor(plan.fileSize, options.hashInWorker);
  const segmentHashes: Uint8Array[] = [];
  const blockHashes: Uint8Array[][] = Array.from({ length: total }, () => []);
  const fileHasher = crypttextHasher();
  const writes = new WriteBarrier();
  // Up to HASH_WINDOW segments are hashed (possibly on the worker) while later ones are encrypted and coded;
  // a segment's blocks go to the sink once its hashes are in, one segment's writes in flight at a time.
  const hashing: { index: number; result: Promise<HashedSegment> }[] = [];
  const finishOldest = async () => {
    const { index, result } = hashing.shift()!;
    const { segment, hashes } = await result;
    segmentHashes.push(hashes.segmentHash);
    hashes.blockHashes.forEach((hash, n) => blockHashes[n].push(hash));
    const blocks = [...primaryBlocks(segment), ...segment.parity];
    await writes.wait();
    const offset = share.offsets.data + index * segments.blockSize;
    writes.start(writeTo.map((n) => sink.write(n, offset, blocks[n])));
  };
  const parityShares = Array.from({ length: total - needed }, (_, i) => needed + i);

  let nextRead = readSegment(plaintext, segments, 0);
  for (let index = 0; index < segments.segmentCount; index++) {
    const plain = await nextRead;
    if (index + 1 < segments.segmentCount) nextRead = readSegment(plaintext, segments, index + 1);
    if (plain.length !== segmentLength(segments, index)) {
      throw new RangeError(`plaintext source returned ${plain.length} bytes for segment ${index}, expected ${segmentLength(segments, index)}`);
    }
    const crypttext = ctr.apply(plain);
    fileHasher.update(crypttext);
    const blockSize = blockLength(segments, index);
    let padded = crypttext;
    if (crypttext.length < blockSize * needed) {
      padded = new Uint8Array(blockSize * needed);
      padded.set(crypttext);
    }
    const parity = parityShares.length > 0 ? codec.encode(primaryBlocks({ padded, blockSize, needed }), parityShares) : [];
    const result = hasher.hashSegment({ padded, crypttextLength: crypttext.length, blockSize, needed, parity });
    result.catch(() => undefined); // awaited in finishOldest; this only keeps an early failure from being "unhandled"
    hashing.push({ index, result });
    if (hashing.length >= HASH_WINDOW) await finishOldest();
  }
  while (hashing.length > 0) await finishOldest();
  await writes.wait();

  const crypttextTree = buildHashTree(segmentHashes);
  const blockTrees = blockHashes.map((leaves) => buildHashTree(leaves));
  const shareTree = buildHashTree(blockTrees.map((tree) => tree[0]));
  const ueb = encodeUriExtension(
    uriExtensionFor(segments, {
      crypttextHash: fileHasher.digest(),
      crypttextRootHash: crypttextTree[0],
      shareRootHash: shareTree[0],
    }),
  );
  if (ueb.length !== uriExtensionLength || shareSize(share, ueb.length) !== plan.shareSize) {
    throw new Error(`internal error: URI extension block is ${ueb.length} bytes, planned ${uriExtensionLength}`);
  }
  const crypttextTreeBytes = concatBytes(crypttextTree);
  const uebWithLength = concatBytes([encodeLengthField(ueb.length, share), ueb]);
  await Promise.all(
    writeTo.flatMap((n) => {
      const chain = neededHashes(total, n, true).map((node) => ({ node, hash: shareTree[node] }));
      return [
        sink.write(n, share.offsets.crypttextHashTree, crypttextTreeBytes),
        sink.write(n, share.offsets.blockHashes, concatBytes(blockTrees[n])),
        sink.write(n, share.offsets.shareHashes, encodeShareHashes(chain)),
        sink.write(n, share.offsets.uriExtension, uebWithLength),
      ];
    }),
  );

  const readCap = { kind: 'CHK' as const, key: plan.key, uebHash: uriExtensionHash(ueb), needed, total, size: plan.fileSize };
  return { readCap, verifyCap: toVerifyCap(readCap) };
}
