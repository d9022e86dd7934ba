/**
 * Recoverability block by block: a CHK file reads (and so can be repaired)
 * while every segment has a good block in at least `needed` distinct shares.
 * A copy with bad blocks still counts for the segments where its block is
 * good; a copy that is bad as a whole counts nowhere.
 */
import type { WeakestSegment } from './types';

export interface CopyState {
  shareNumber: number;
  /** Undefined: the copy is fully good. An array: only these segments are bad. Null: unusable as a whole. */
  badBlocks: readonly number[] | null | undefined;
}

/**
 * The segment with the fewest good blocks among `segmentCount` segments
 * (share numbers outside 0..total-1 ignored). Work is proportional to the
 * bad blocks, not the segments: all segments without a bad block are alike.
 */
export function weakestSegment(copies: readonly CopyState[], total: number, segmentCount: number): WeakestSegment | undefined {
  if (segmentCount < 1) return undefined;
  const fullyGood = new Set<number>();
  // share number -> segments where every block-damaged copy of it is bad (the intersection).
  const badEverywhere = new Map<number, Set<number>>();
  for (const copy of copies) {
    if (!Number.isInteger(copy.shareNumber) || copy.shareNumber < 0 || copy.shareNumber >= total) continue;
    if (copy.badBlocks === undefined) fullyGood.add(copy.shareNumber);
    else if (copy.badBlocks !== null) {
      const previous = badEverywhere.get(copy.shareNumber);
      const mine = new Set(copy.badBlocks.filter((s) => s >= 0 && s < segmentCount));
      badEverywhere.set(copy.shareNumber, previous ? new Set([...previous].filter((s) => mine.has(s))) : mine);
    }
  }
  for (const n of fullyGood) badEverywhere.delete(n);
  const partial = badEverywhere.size;
  const lostAt = new Map<number, number>();
  for (const bad of badEverywhere.values()) for (const s of bad) lostAt.set(s, (lostAt.get(s) ?? 0) + 1);

  let weakest: WeakestSegment = { segment: 0, goodBlocks: fullyGood.size + partial - (lostAt.get(0) ?? 0) };
  for (const [segment, lost] of lostAt) {
    const goodBlocks = fullyGood.size + partial - lost;
    if (goodBlocks < weakest.goodBlocks || (goodBlocks === weakest.goodBlocks && segment < weakest.segment)) weakest = { segment, goodBlocks };
  }
  return weakest;
}
