/**
 * Damaging chosen blocks of chosen shares in local-folder share files, and the
 * rule the damage is judged by: a CHK file is readable (and repairable) while
 * every segment has a good block in at least `needed` distinct shares.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseShareHeader } from '../../engine/chk/share-layout';
import type { ShareFile } from '../support/share-files';

/** One bad block: share number and segment. */
export interface BadBlock {
  shareNumber: number;
  segment: number;
}

/**
 * Flips one byte near the start of each listed block (within the first 64
 * bytes, so even a short tail block is hit) and returns the share files
 * changed. `salt` varies which byte and bit.
 */
export async function flipBlocks(shares: readonly ShareFile[], bad: readonly BadBlock[], salt = 0): Promise<ShareFile[]> {
  const touched: ShareFile[] = [];
  for (const shareNumber of new Set(bad.map((b) => b.shareNumber))) {
    const share = shares.find((s) => s.shareNumber === shareNumber);
    if (!share) throw new Error(`no share file for share ${shareNumber}`);
    const bytes = await readFile(share.file);
    const header = parseShareHeader(bytes);
    for (const { segment } of bad.filter((b) => b.shareNumber === shareNumber)) {
      const offset = header.offsets.data + segment * header.blockSize + ((salt * 7 + segment * 13) % 64);
      bytes[offset]! ^= 1 << ((salt + segment) % 8);
    }
    await writeFile(share.file, bytes);
    touched.push(share);
  }
  return touched;
}

/** Segments (of `segmentCount`) where fewer than `needed` of `total` shares keep a good block. */
export function shortSegments(bad: readonly BadBlock[], needed: number, total: number, segmentCount: number): number[] {
  const short: number[] = [];
  for (let segment = 0; segment < segmentCount; segment++) {
    const badHere = new Set(bad.filter((b) => b.segment === segment).map((b) => b.shareNumber)).size;
    if (total - badHere < needed) short.push(segment);
  }
  return short;
}

/** share number -> its bad segments, ascending (as check --verify should list them). */
export function badSegmentsByShare(bad: readonly BadBlock[]): Map<number, number[]> {
  const byShare = new Map<number, Set<number>>();
  for (const { shareNumber, segment } of bad) byShare.set(shareNumber, (byShare.get(shareNumber) ?? new Set()).add(segment));
  return new Map([...byShare].sort(([a], [b]) => a - b).map(([n, segments]) => [n, [...segments].sort((a, b) => a - b)]));
}
