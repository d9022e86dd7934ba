/**
 * The CHK downloader (immutable/downloader/): opens k shares (checking UEB,
 * share hash tree and block hash trees against the cap), then for each wanted
 * segment fetches k blocks, checks every block hash, erasure-decodes, checks
 * the ciphertext against the crypttext hash tree, decrypts and yields
 * plaintext. A share that fails any check is reported and replaced: for every
 * segment when its header, UEB or hash chain is bad, for one segment when one
 * of its blocks is bad.
 */
import { CorruptShareError, type ChkReadCap, type DownloadOptions, type ShareSource } from './api';
import { CtrStream } from './aes-ctr';
import { bytesEqual } from './bytes';
import { createCodec, type ErasureCodec } from './codec';
import { IntegrityError, NotEnoughSharesError } from './errors';
import { firstLeafNode } from './hash-tree';
import { segmentLength, type SegmentLayout } from './segmentation';
import { openShare, ShareProblem, type FileFacts, type OpenedShare } from './share-reader';
import { inlineItemHasher, prestartHashWorker, workerItemHasherHashingInlineUntilOnline, type HashItem } from './hash-worker';

interface SegmentBlocks {
  blocks: Uint8Array[];
  shareNumbers: number[];
  /** Crypttext segment hash, when the blocks are the primary ones and it could be computed with theirs. */
  segmentHash?: Uint8Array;
  /** Reused memory some of the blocks were read into: given back once the segment is decrypted. */
  slab?: Uint8Array;
}

/**
 * Reused shared memory for the blocks of the segments in flight: each segment
 * takes one slab of k block slots and gives it back once decrypted, so at most
 * prefetch depth + 1 slabs exist. Reading blocks into it (rather than a fresh
 * buffer per block) spares the page faults of fresh memory, the garbage, and
 * the copy into shared memory the hash worker would otherwise need.
 */
class BlockSlabs {
  private readonly spare: SharedArrayBuffer[] = [];

  constructor(
    private readonly blockSize: number,
    private readonly slots: number,
  ) {}

  take(): Uint8Array {
    return new Uint8Array(this.spare.pop() ?? new SharedArrayBuffer(this.blockSize * this.slots));
  }

  slot(slab: Uint8Array, index: number): Uint8Array {
    return slab.subarray(index * this.blockSize, (index + 1) * this.blockSize);
  }

  give(slab: Uint8Array): void {
    this.spare.push(slab.buffer as SharedArrayBuffer);
  }
}

/**
 * The pool of shares: which are open, which are left to try, and what went
 * wrong. A share whose header, UEB or hash chain fails is dropped whole; a
 * share with a bad block stays open and is passed over only for that block's
 * segment (the caller keeps that per-segment distrust), as Tahoe-LAFS's block
 * hash tree allows. Several copies of one share number may be given: another
 * copy is opened when the first is dropped or distrusted for a segment.
 */
class SharePool {
  private readonly untried: ShareSource[];
  private readonly active: OpenedShare[] = [];
  private facts: FileFacts | undefined;
  private readonly reportedCorrupt = new Set<ShareSource>();
  private unavailableCount = 0;
  private opening: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly cap: ChkReadCap,
    shares: readonly ShareSource[],
    private readonly options: DownloadOptions,
  ) {
    // Primary shares (< k) decode without arithmetic, so try them first; keep the caller's order otherwise.
    this.untried = [...shares].sort((a, b) => Number(a.shareNumber >= cap.needed) - Number(b.shareNumber >= cap.needed));
  }

  get needed(): number {
    return this.cap.needed;
  }

  get fileFacts(): FileFacts {
    if (!this.facts) throw new Error('internal error: no share opened yet');
    return this.facts;
  }

  /**
   * k open shares with distinct share numbers, none of them `distrusted`,
   * opening more as needed (throws NotEnoughSharesError when too few remain).
   * Share numbers in `prefer` (blocks already in hand) come first, then
   * primary shares, then the order the shares were opened in.
   */
  async sharesFor(distrusted: ReadonlySet<OpenedShare> = new Set(), prefer: ReadonlySet<number> = new Set(), segment?: number): Promise<OpenedShare[]> {
    // Serialised so concurrent segment fetches never open the same share twice.
    const run = this.opening.then(() => this.fill(distrusted, segment));
    this.opening = run.catch(() => undefined);
    const usable = await run;
    const rank = (share: OpenedShare): number => (prefer.has(share.shareNumber) ? 0 : 2) + (share.shareNumber < this.cap.needed ? 0 : 1);
    const chosen: OpenedShare[] = [];
    const numbers = new Set<number>();
    for (const share of [...usable].sort((a, b) => rank(a) - rank(b))) {
      if (numbers.has(share.shareNumber)) continue;
      numbers.add(share.shareNumber);
      chosen.push(share);
      if (chosen.length === this.cap.needed) break;
    }
    return chosen;
  }

  /** The share is unusable as a whole (bad layout, or unreadable): no segment will use it again. */
  drop(share: OpenedShare, problem: ShareProblem): void {
    const index = this.active.indexOf(share);
    if (index < 0) return; // already dropped by a concurrent fetch
    this.active.splice(index, 1);
    this.report(share.source, problem);
  }

  /** One block of the share failed its hash check: reported (once per share), but the share stays open for other segments. */
  blockFailed(share: OpenedShare, problem: ShareProblem): void {
    this.report(share.source, problem);
  }

  private report(source: ShareSource, problem: ShareProblem): void {
    if (problem.kind === 'corrupt') {
      if (this.reportedCorrupt.has(source)) return;
      this.reportedCorrupt.add(source);
      this.options.onCorruptShare?.(new CorruptShareError(source.shareNumber, problem.reason, source));
    } else {
      this.unavailableCount++;
      this.options.onShareUnavailable?.(source.shareNumber, problem.error ?? problem);
    }
  }

  private async fill(distrusted: ReadonlySet<OpenedShare>, segment: number | undefined): Promise<OpenedShare[]> {
    const k = this.cap.needed;
    for (;;) {
      const usable = this.active.filter((share) => !distrusted.has(share));
      const have = new Set(usable.map((share) => share.shareNumber));
      if (have.size >= k) return usable;
      const batch: ShareSource[] = [];
      // The first k shares are opened together rather than the first alone: until one has supplied the
      // UEB, each reads its own and checks it against the cap's UEB hash (so they all agree), which
      // costs two small reads and one hash more per share but overlaps their reads (opening 2 shares:
      // a median 42 -> 27 ms under load). Shares opened later compare their copy with the known UEB.
      const batchSize = k - have.size;
      for (let i = 0; i < this.untried.length && batch.length < batchSize; ) {
        const candidate = this.untried[i];
        if (have.has(candidate.shareNumber)) {
          i++;
          continue;
        }
        have.add(candidate.shareNumber);
        batch.push(candidate);
        this.untried.splice(i, 1);
      }
      if (batch.length === 0) {
        const goodHere = new Set(usable.map((share) => share.shareNumber)).size;
        // Name the segment only when block damage (not whole bad shares) is what is short.
        const blockShortage = segment !== undefined && distrusted.size > 0;
        throw new NotEnoughSharesError(goodHere, k, this.reportedCorrupt.size, this.unavailableCount, blockShortage ? segment : undefined);
      }
      const results = await Promise.allSettled(batch.map((source) => openShare(source, this.cap, this.facts)));
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') {
          this.facts ??= result.value.facts;
          this.active.push(result.value);
        } else if (result.reason instanceof ShareProblem) {
          this.report(batch[i], result.reason);
        } else {
          throw result.reason;
        }
      });
    }
  }
}

/** Downloads of at least this many bytes hash on the worker thread. */
const WORKER_HASHING_BYTES = 4 * 1024 * 1024;

/** Computes tagged hashes, inline or on the hash worker. */
type Hasher = (items: HashItem[]) => Promise<Uint8Array[]>;

function hasherFor(options: DownloadOptions, bytesToRead: number): { hash: Hasher; onWorker: boolean } {
  if (options.hashInWorker ?? bytesToRead >= WORKER_HASHING_BYTES) {
    try {
      return { hash: workerItemHasherHashingInlineUntilOnline(), onWorker: true };
    } catch {
      // worker_threads unavailable: hash on this thread.
    }
  }
  return { hash: inlineItemHasher, onWorker: false };
}

/**
 * Fetches and hash-checks k blocks of one segment. A share whose block fails
 * is distrusted for this segment only and another share is used instead; a
 * share that cannot be read is dropped for good.
 */
async function fetchSegment(pool: SharePool, segment: number, hash: Hasher, segmentBytes: number, expectedSegmentHash: Uint8Array, slabs?: BlockSlabs): Promise<SegmentBlocks> {
  const k = pool.needed;
  // Blocks that passed their hash check, by share number (every genuine copy of a share holds the same block).
  const good = new Map<number, Uint8Array>();
  const distrusted = new Set<OpenedShare>();
  let slab: Uint8Array | undefined;
  for (;;) {
    const shares = await pool.sharesFor(distrusted, new Set(good.keys()), segment);
    const missing = shares.filter((share) => !good.has(share.shareNumber));
    // The first round reads into a slab, slot by share number order (the primary blocks then lie in crypttext order);
    // a retry after a bad or unreadable block reads fresh buffers, leaving the good blocks' slots alone.
    const intoSlab = slabs && !slab && missing.length <= k && missing.every((share) => share.source.readInto);
    if (intoSlab) slab = slabs.take();
    const slotOf = (share: OpenedShare) => [...missing].sort((a, b) => a.shareNumber - b.shareNumber).indexOf(share);
    const results = await Promise.allSettled(
      missing.map((share) => (intoSlab ? share.readUncheckedBlockInto(segment, slabs.slot(slab!, slotOf(share))) : share.readUncheckedBlock(segment))),
    );
    let allGood = true;
    const read: { share: OpenedShare; block: Uint8Array }[] = [];
    results.forEach((result, i) => {
      if (result.status === 'fulfilled') {
        read.push({ share: missing[i], block: result.value });
      } else if (result.reason instanceof ShareProblem) {
        pool.drop(missing[i], result.reason);
        allGood = false;
      } else {
        throw result.reason;
      }
    });
    // Primary blocks read together are the segment's crypttext: hash it in the same pass, in case all are good.
    const primary = read.length === k && read.every(({ share }) => share.shareNumber < k);
    const blockItems: HashItem[] = read.map(({ block }) => ({ tag: 'block', parts: [block] }));
    if (read.length > 0) {
      let hashes: Uint8Array[];
      let segmentHash: Uint8Array | undefined;
      if (primary) {
        const inOrder = [...read].sort((a, b) => a.share.shareNumber - b.share.shareNumber).map(({ block }) => block);
        const whole: HashItem = { tag: 'crypttextSegment', parts: inOrder, limit: segmentBytes };
        if (inOrder.reduce((sum, block) => sum + block.length, 0) === segmentBytes) {
          // No padding: every byte of the k blocks is crypttext, so a match with the crypttext hash tree
          // (rooted in the cap's UEB hash) vouches for each block as its own hash would. One SHA-256 pass
          // instead of two; the block hashes are computed only when it fails, to find the bad share.
          [segmentHash] = await hash([whole]);
          if (bytesEqual(segmentHash, expectedSegmentHash)) {
            for (const { share, block } of read) good.set(share.shareNumber, block);
            const shareNumbers = shares.map((share) => share.shareNumber);
            return { blocks: shareNumbers.map((n) => good.get(n)!), shareNumbers, segmentHash, slab };
          }
          hashes = await hash(blockItems);
        } else {
          hashes = await hash([...blockItems, whole]);
          segmentHash = hashes[k];
        }
      } else {
        hashes = await hash(blockItems);
      }
      read.forEach(({ share, block }, i) => {
        const problem = share.blockProblem(segment, hashes[i]);
        if (problem) {
          distrusted.add(share);
          pool.blockFailed(share, problem);
          allGood = false;
        } else {
          good.set(share.shareNumber, block);
        }
      });
      if (allGood && primary) {
        const shareNumbers = shares.map((share) => share.shareNumber);
        return { blocks: shareNumbers.map((n) => good.get(n)!), shareNumbers, segmentHash, slab };
      }
    }
    if (allGood) {
      const shareNumbers = shares.map((share) => share.shareNumber);
      return { blocks: shareNumbers.map((n) => good.get(n)!), shareNumbers, slab };
    }
  }
}

function checkRange(cap: ChkReadCap, options: DownloadOptions): { start: number; end: number } {
  const start = options.offset ?? 0;
  if (!Number.isSafeInteger(start) || start < 0 || start > cap.size) throw new RangeError(`offset ${start} is outside the file (0..${cap.size})`);
  const length = options.length ?? cap.size - start;
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`length ${length} must be a non-negative integer`);
  return { start, end: Math.min(cap.size, start + length) };
}

/** Bytes of segments fetched ahead of the one being decoded: a few round trips' worth on a cloud store. */
const PREFETCH_BYTES = 8 * 1024 * 1024;
const MAX_PREFETCH_SEGMENTS = 16;

/** Segments in flight at once: at least 2 (the one in hand and the next), at most PREFETCH_BYTES of them. */
export function prefetchDepth(segmentSize: number): number {
  return Math.max(2, Math.min(MAX_PREFETCH_SEGMENTS, Math.floor(PREFETCH_BYTES / Math.max(1, segmentSize))));
}

/** Yields the ciphertext of one segment as the k primary blocks, trimmed of tail padding. */
function segmentPieces(codec: ErasureCodec, segments: SegmentLayout, segment: number, fetched: SegmentBlocks): Uint8Array[] {
  const primary = codec.decode(fetched.blocks, fetched.shareNumbers);
  let remaining = segmentLength(segments, segment);
  const pieces: Uint8Array[] = [];
  for (const block of primary) {
    if (remaining <= 0) break;
    pieces.push(block.length <= remaining ? block : block.subarray(0, remaining));
    remaining -= block.length;
  }
  return pieces;
}

export async function* downloadChk(cap: ChkReadCap, shares: ShareSource[], options: DownloadOptions = {}): AsyncIterable<Uint8Array> {
  const { start, end } = checkRange(cap, options);
  if (end <= start) return;
  const pool = new SharePool(cap, shares, options);
  // Boot the hash worker while the shares are opened (hasherFor decides the same way once the segments are known).
  if (options.hashInWorker ?? end - start >= WORKER_HASHING_BYTES) prestartHashWorker();
  await pool.sharesFor();
  const facts = pool.fileFacts;
  const segments = facts.segments;
  const codec = createCodec(cap.needed, cap.total);
  const firstSegment = Math.floor(start / segments.segmentSize);
  const lastSegment = Math.floor((end - 1) / segments.segmentSize);
  const crypttextLeaves = firstLeafNode(segments.segmentCount);

  const ctr = new CtrStream(cap.key, firstSegment * segments.segmentSize);
  const { hash, onWorker } = hasherFor(options, (lastSegment - firstSegment + 1) * segments.segmentSize);
  // Only with the worker: small files hash inline, and their shares are read whole, so slabs would add a copy.
  const slabs = onWorker ? new BlockSlabs(segments.blockSize, cap.needed) : undefined;
  const prefetch = (segment: number) => {
    const promise = fetchSegment(pool, segment, hash, segmentLength(segments, segment), facts.crypttextTree[crypttextLeaves + segment], slabs);
    promise.catch(() => undefined); // observed when awaited; avoids an unhandled rejection if the reader stops early
    return promise;
  };
  // Several segments are fetched (and their blocks hashed) ahead of the one being decoded and
  // decrypted, so a store's round trip and the disk overlap this thread's work; bounded in bytes.
  const depth = options.prefetchSegments !== undefined ? Math.max(1, Math.floor(options.prefetchSegments)) : prefetchDepth(segments.segmentSize);
  const ahead: Promise<SegmentBlocks>[] = [];
  let nextToFetch = firstSegment;
  const topUp = () => {
    while (ahead.length < depth && nextToFetch <= lastSegment) ahead.push(prefetch(nextToFetch++));
  };
  topUp();
  for (let segment = firstSegment; segment <= lastSegment; segment++) {
    const fetched = await ahead.shift()!;
    topUp();

    // Decrypt while the crypttext is hashed (possibly on the worker); nothing is yielded until it matches.
    const pieces = segmentPieces(codec, segments, segment, fetched);
    const hashed = fetched.segmentHash ? Promise.resolve([fetched.segmentHash]) : hash([{ tag: 'crypttextSegment', parts: pieces }]);
    hashed.catch(() => undefined); // awaited just below
    const plainPieces = pieces.map((piece) => ctr.apply(piece));
    const [segmentHash] = await hashed;
    if (!bytesEqual(segmentHash, facts.crypttextTree[crypttextLeaves + segment])) {
      throw new IntegrityError(`segment ${segment} decodes to ciphertext that does not match the crypttext hash tree: the file was encoded inconsistently`);
    }
    // Decrypting made fresh plaintext and the hashes are in: nothing reads the slab any more.
    if (fetched.slab) slabs?.give(fetched.slab);

    // Yield only the part of this segment inside [start, end).
    let position = segment * segments.segmentSize;
    for (const plain of plainPieces) {
      const from = Math.max(start - position, 0);
      const to = Math.min(end - position, plain.length);
      if (to > from) yield from === 0 && to === plain.length ? plain : plain.subarray(from, to);
      position += plain.length;
    }
  }
}
