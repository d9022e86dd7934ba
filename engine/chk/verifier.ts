/**
 * The share verifier (immutable/checker.py with verify=True): reads one whole
 * share and checks its header, URI extension block, all three hash trees and
 * the hash of every block against the verify cap.
 */
import type { ChkVerifyCap, ShareSource, ShareVerification } from './api';
import { blockLength } from './segmentation';
import { openShare, readExactly, ShareProblem } from './share-reader';

/** Blocks are read in batches of about this many bytes to keep request counts low. */
const VERIFY_READ_BYTES = 4 * 1024 * 1024;

export async function verifyShare(cap: ChkVerifyCap, share: ShareSource): Promise<ShareVerification> {
  const shareNumber = share.shareNumber;
  try {
    const opened = await openShare(share, cap);
    const segments = opened.facts.segments;
    const blocksPerRead = Math.max(1, Math.floor(VERIFY_READ_BYTES / segments.blockSize));
    for (let first = 0; first < segments.segmentCount; first += blocksPerRead) {
      const last = Math.min(segments.segmentCount, first + blocksPerRead) - 1;
      const offset = opened.layout.offsets.data + first * segments.blockSize;
      const length = last * segments.blockSize + blockLength(segments, last) - first * segments.blockSize;
      const bytes = await readExactly(share, offset, length, `blocks ${first}..${last}`);
      for (let segment = first; segment <= last; segment++) {
        const start = (segment - first) * segments.blockSize;
        opened.checkBlock(segment, bytes.subarray(start, start + blockLength(segments, segment)));
      }
    }
    return { shareNumber, ok: true };
  } catch (error) {
    if (error instanceof ShareProblem) return { shareNumber, ok: false, problem: error.reason };
    throw error;
  }
}
