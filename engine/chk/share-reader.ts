/**
 * Opening one stored share for reading: fetch its header, URI extension block
 * and hash trees, and check all of them against the cap before any block is
 * trusted. Afterwards each block can be checked against its leaf in the
 * share's (verified) block hash tree.
 */
import type { ShareSource } from './api';
import { bytesEqual } from './bytes';
import { checkCompleteTree, checkLeafAgainstRoot, firstLeafNode, neededHashes, splitHashes } from './hash-tree';
import { blockLength, segmentLayoutFor, type SegmentLayout } from './segmentation';
import {
  headerMismatch,
  MAX_HEADER_SIZE,
  parseShareHashes,
  parseShareHeader,
  readLengthField,
  ShareLayoutError,
  shareLayoutFor,
  type ShareLayout,
} from './share-layout';
import { blockHash, HASH_SIZE, uriExtensionHash } from './tagged-hash';
import { parseUriExtension, UriExtensionError, type UriExtension } from './uri-extension';

/** Why a share cannot be used: its bytes are wrong ('corrupt') or could not be read ('unavailable'). */
export class ShareProblem extends Error {
  constructor(
    readonly kind: 'corrupt' | 'unavailable',
    readonly reason: string,
    readonly error?: unknown,
  ) {
    super(reason);
    this.name = 'ShareProblem';
  }
}

/** What the cap vouches for: the UEB hash and the parameters it repeats. */
export interface CapFacts {
  uebHash: Uint8Array;
  needed: number;
  total: number;
  size: number;
}

/** The authenticated description of the file, learned from the first good share. */
export interface FileFacts {
  uebBytes: Uint8Array;
  ueb: UriExtension;
  segments: SegmentLayout;
  /** Complete crypttext hash tree, checked against the UEB's crypttext root. */
  crypttextTree: Uint8Array[];
}

/** Largest URI extension block accepted; Tahoe-LAFS writes a few hundred bytes. */
const MAX_UEB_LENGTH = 64 * 1024;

export async function readExactly(source: ShareSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  let data: Uint8Array;
  try {
    data = await source.read(offset, length);
  } catch (error) {
    throw new ShareProblem('unavailable', `reading ${what} failed: ${error instanceof Error ? error.message : String(error)}`, error);
  }
  if (data.length < length) {
    throw new ShareProblem('corrupt', `share is truncated: ${what} needs ${length} bytes at offset ${offset}, got ${data.length}`);
  }
  return data.length === length ? data : data.subarray(0, length);
}

function corrupt(reason: string): never {
  throw new ShareProblem('corrupt', reason);
}

/** Checks that a verified UEB agrees with the cap and describes a layout this code can read. */
function fileFactsFromUeb(uebBytes: Uint8Array, cap: CapFacts): Omit<FileFacts, 'crypttextTree'> {
  let ueb: UriExtension;
  try {
    ueb = parseUriExtension(uebBytes);
  } catch (error) {
    if (error instanceof UriExtensionError) corrupt(error.message);
    throw error;
  }
  // The UEB hash matched, so disagreements mean the cap and file were made inconsistently.
  if (ueb.neededShares !== cap.needed || ueb.totalShares !== cap.total || ueb.size !== cap.size) {
    corrupt(`URI extension block says ${ueb.neededShares}-of-${ueb.totalShares}, ${ueb.size} bytes; the cap says ${cap.needed}-of-${cap.total}, ${cap.size} bytes`);
  }
  if (ueb.codecName !== 'crs') corrupt(`unsupported codec ${JSON.stringify(ueb.codecName)} (expected crs)`);
  let segments: SegmentLayout;
  try {
    segments = segmentLayoutFor(ueb.size, ueb.neededShares, ueb.totalShares, ueb.segmentSize);
  } catch (error) {
    corrupt(`URI extension block describes an impossible layout: ${error instanceof Error ? error.message : String(error)}`);
  }
  const expectParams = `${segments.segmentSize}-${segments.needed}-${segments.total}`;
  const expectTail = `${segments.paddedTailSize}-${segments.needed}-${segments.total}`;
  if (ueb.numSegments !== segments.segmentCount || ueb.codecParams !== expectParams || ueb.tailCodecParams !== expectTail) {
    corrupt('URI extension block segment parameters are inconsistent with its size and segment size');
  }
  return { uebBytes, ueb, segments };
}

/** A share whose header, UEB copy and hash trees all checked out. */
export class OpenedShare {
  constructor(
    readonly source: ShareSource,
    readonly layout: ShareLayout,
    readonly facts: FileFacts,
    /** Leaf row of the verified block hash tree, one hash per segment. */
    private readonly blockLeaves: Uint8Array[],
  ) {}

  get shareNumber(): number {
    return this.source.shareNumber;
  }

  /** Reads block `segment` without checking it (see blockProblem). */
  readUncheckedBlock(segment: number): Promise<Uint8Array> {
    const length = blockLength(this.facts.segments, segment);
    const offset = this.layout.offsets.data + segment * this.facts.segments.blockSize;
    return readExactly(this.source, offset, length, `block ${segment}`);
  }

  /** Bytes of block `segment`. */
  blockLength(segment: number): number {
    return blockLength(this.facts.segments, segment);
  }

  /**
   * Reads block `segment` unchecked into the start of `target` (at least
   * blockLength(segment) long) with the source's readInto, which must exist;
   * resolves to the view of `target` holding the block.
   */
  async readUncheckedBlockInto(segment: number, target: Uint8Array): Promise<Uint8Array> {
    const length = blockLength(this.facts.segments, segment);
    const offset = this.layout.offsets.data + segment * this.facts.segments.blockSize;
    const view = target.subarray(0, length);
    let got: number;
    try {
      got = await this.source.readInto!(offset, view);
    } catch (error) {
      throw new ShareProblem('unavailable', `reading block ${segment} failed: ${error instanceof Error ? error.message : String(error)}`, error);
    }
    if (got < length) throw new ShareProblem('corrupt', `share is truncated: block ${segment} needs ${length} bytes at offset ${offset}, got ${got}`);
    return view;
  }

  /** Compares a block's hash with this share's block hash tree: a ShareProblem, or null when it matches. */
  blockProblem(segment: number, hash: Uint8Array): ShareProblem | null {
    return bytesEqual(hash, this.blockLeaves[segment])
      ? null
      : new ShareProblem('corrupt', `block ${segment} does not match its hash in the block hash tree`);
  }

  checkBlock(segment: number, block: Uint8Array): void {
    const problem = this.blockProblem(segment, blockHash(block));
    if (problem) throw problem;
  }
}

/**
 * Opens a share and checks everything but its blocks. Pass `known` once any
 * share has been opened, so this share's UEB copy is compared with it.
 */
export async function openShare(source: ShareSource, cap: CapFacts, known?: FileFacts): Promise<OpenedShare> {
  const shareNumber = source.shareNumber;
  if (!Number.isInteger(shareNumber) || shareNumber < 0 || shareNumber >= cap.total) {
    corrupt(`share number ${shareNumber} is outside 0..${cap.total - 1}`);
  }
  let header;
  try {
    header = parseShareHeader(await readExactly(source, 0, MAX_HEADER_SIZE, 'the share header'));
  } catch (error) {
    if (error instanceof ShareLayoutError) corrupt(error.message);
    throw error;
  }

  let facts: Omit<FileFacts, 'crypttextTree'>;
  if (known) {
    facts = known;
  } else {
    const lengthFieldSize = header.version === 1 ? 4 : 8;
    const lengthField = await readExactly(source, header.offsets.uriExtension, lengthFieldSize, 'the URI extension length');
    const uebLength = readLengthField(lengthField, { lengthFieldSize });
    if (uebLength > MAX_UEB_LENGTH) corrupt(`URI extension block length ${uebLength} is implausibly large`);
    const uebBytes = await readExactly(source, header.offsets.uriExtension + lengthFieldSize, uebLength, 'the URI extension block');
    if (!bytesEqual(uriExtensionHash(uebBytes), cap.uebHash)) corrupt('URI extension block does not match the hash in the cap');
    facts = fileFactsFromUeb(uebBytes, cap);
  }

  const mismatch = headerMismatch(header, facts.segments);
  if (mismatch) corrupt(mismatch);
  const layout = shareLayoutFor(facts.segments, header.version);

  // Everything after the (unused) plaintext hash tree, in one read: trees, share hashes, UEB.
  const tailStart = layout.offsets.crypttextHashTree;
  const uebStart = layout.offsets.uriExtension + layout.lengthFieldSize;
  const tail = await readExactly(source, tailStart, uebStart + facts.uebBytes.length - tailStart, 'the hash trees');
  const at = (offset: number) => offset - tailStart;
  const crypttextTree = splitHashes(tail.subarray(at(layout.offsets.crypttextHashTree), at(layout.offsets.blockHashes)));
  const blockTree = splitHashes(tail.subarray(at(layout.offsets.blockHashes), at(layout.offsets.shareHashes)));
  let shareHashes: Map<number, Uint8Array>;
  try {
    shareHashes = parseShareHashes(tail.subarray(at(layout.offsets.shareHashes), at(layout.offsets.uriExtension)));
  } catch (error) {
    if (error instanceof ShareLayoutError) corrupt(error.message);
    throw error;
  }
  const storedLength = readLengthField(tail.subarray(at(layout.offsets.uriExtension)), layout);
  if (storedLength !== facts.uebBytes.length || !bytesEqual(tail.subarray(at(uebStart)), facts.uebBytes)) {
    corrupt('URI extension block differs from the one the cap vouches for');
  }

  const crypttextProblem = checkCompleteTree(crypttextTree, facts.ueb.crypttextRootHash);
  if (crypttextProblem) corrupt(`crypttext hash tree: ${crypttextProblem}`);

  // The block hash tree must be internally consistent, and its root must be this share's leaf of the share hash tree.
  const blockRoot = blockTree[0];
  const blockProblem = checkCompleteTree(blockTree, blockRoot);
  if (blockProblem) corrupt(`block hash tree: ${blockProblem}`);
  const leafNode = firstLeafNode(cap.total) + shareNumber;
  const storedLeaf = shareHashes.get(leafNode);
  if (storedLeaf && !bytesEqual(storedLeaf, blockRoot)) corrupt('share hash tree leaf differs from the block hash tree root');
  const shareProblem = checkLeafAgainstRoot(facts.ueb.shareRootHash, cap.total, shareNumber, blockRoot, shareHashes);
  if (shareProblem) corrupt(`share hash tree: ${shareProblem}`);
  const chain = new Set(neededHashes(cap.total, shareNumber, true));
  for (const node of shareHashes.keys()) {
    if (!chain.has(node)) corrupt(`share hash chain holds node ${node}, which share ${shareNumber} does not need`);
  }

  const firstLeaf = firstLeafNode(facts.segments.segmentCount);
  const blockLeaves = blockTree.slice(firstLeaf, firstLeaf + facts.segments.segmentCount);
  if (blockLeaves.some((leaf) => leaf.length !== HASH_SIZE)) corrupt('block hash tree is incomplete');
  return new OpenedShare(source, layout, { ...facts, crypttextTree: known?.crypttextTree ?? crypttextTree }, blockLeaves);
}
