/**
 * The share verifier (immutable/checker.py with verify=True): reads one whole
 * share and checks its header, URI extension block, all three hash trees and
 * the hash of every block against the verify cap.
 *
 * A bad header, UEB or hash tree makes the whole share unusable. A block that
 * fails its hash check spoils only its own segment (each block is vouched for
 * by its own leaf of the block hash tree), so every block is checked and the
 * bad ones are listed: the caller judges recoverability segment by segment.
 */
import type { ChkVerifyCap, ShareSource, ShareVerification } from './api';
import { blockHash } from './tagged-hash';
import { blockLength } from './segmentation';
import { openShare, readExactly, ShareProblem } from './share-reader';

/** Blocks are read in batches of about this many bytes to keep request counts low. */
const VERIFY_READ_BYTES = 4 * 1024 * 1024;

export async function verifyShare(cap: ChkVerifyCap, share: ShareSource): Promise<ShareVerification> {
  const shareNumber = share.shareNumber;
  let segmentCount: number | undefined;
  try {
    const opened = await openShare(share, cap);
    const segments = opened.facts.segments;
    segmentCount = segments.segmentCount;
    const badBlocks: number[] = [];
    const blocksPerRead = Math.max(1, Math.floor(VERIFY_READ_BYTES / segments.blockSize));
    for (let first = 0; first < segments.segmentCount; first += blocksPerRead) {
      const last = Math.min(segments.segmentCount, first + blocksPerRead) - 1;
      const offset = opened.layout.offsets.data + first * segments.blockSize;
      const length = last * segments.blockSize + blockLength(segments, last) - first * segments.blockSize;
      const bytes = await readExactly(share, offset, length, `blocks ${first}..${last}`);
      for (let segment = first; segment <= last; segment++) {
        const start = (segment - first) * segments.blockSize;
        const block = bytes.subarray(start, start + blockLength(segments, segment));
        if (opened.blockProblem(segment, blockHash(block))) badBlocks.push(segment);
      }
    }
    if (badBlocks.length === 0) return { shareNumber, ok: true };
    return { shareNumber, ok: false, problem: describeBadBlocks(badBlocks, segmentCount), badBlocks, segmentCount };
  } catch (error) {
    if (error instanceof ShareProblem) return { shareNumber, ok: false, problem: error.reason, ...(segmentCount === undefined ? {} : { segmentCount }) };
    throw error;
  }
}

function describeBadBlocks(badBlocks: readonly number[], segmentCount: number): string {
  if (badBlocks.length === 1) return `block ${badBlocks[0]} does not match its hash in the block hash tree`;
  const listed = badBlocks.length <= 10 ? badBlocks.join(', ') : `${badBlocks.slice(0, 10).join(', ')}, ...`;
  return `${badBlocks.length} of ${segmentCount} blocks do not match their hashes in the block hash tree (blocks ${listed})`;
}
