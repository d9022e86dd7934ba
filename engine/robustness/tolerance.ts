/**
 * Fault tolerance of one file: the largest number of accounts that may be lost,
 * whichever they are, with at least `needed` distinct shares left; found as
 * the size of a smallest set of accounts whose loss leaves too few, minus one.
 */
import { distinctShareCount, sharesAreDisjoint, type Holder } from './holdings';

export interface Tolerance {
  /** -1 when the file already lacks `needed` distinct shares. */
  tolerance: number;
  weakestAccounts: string[];
  /** False when the search ran out of budget and `tolerance` is a lower bound. */
  exact: boolean;
}

/** Account subsets examined before giving up on an exhaustive search. */
export const DEFAULT_SEARCH_BUDGET = 2_000_000;

export function toleranceOf(holders: readonly Holder[], needed: number, searchBudget = DEFAULT_SEARCH_BUDGET): Tolerance {
  const shareCount = distinctShareCount(holders);
  if (shareCount < needed) return { tolerance: -1, weakestAccounts: [], exact: true };
  const sharesToLose = shareCount - needed + 1;
  const largestFirst = [...holders].sort(
    (a, b) => b.shares.length - a.shares.length || b.failureProbability - a.failureProbability || a.accountId.localeCompare(b.accountId),
  );
  // Losing t accounts loses at most the shares of the t largest, so fewer than
  // this many accounts can never lose the file; with disjoint shares it is exact.
  const smallestPossible = countUntil(largestFirst.map((holder) => holder.shares.length), sharesToLose);

  const coverage = new Map<number, number>();
  for (const holder of holders) for (const share of holder.shares) coverage.set(share, (coverage.get(share) ?? 0) + 1);
  const losesFile = (chosen: readonly Holder[]): boolean => lostShareCount(chosen, coverage) >= sharesToLose;

  let budget = searchBudget;
  for (let size = smallestPossible; size <= holders.length; size++) {
    let likeliest: { set: Holder[]; probability: number } | null = null;
    const finished = forEachSubset(holders, size, (set) => {
      if (--budget < 0) return false;
      if (losesFile(set)) {
        const probability = set.reduce((product, holder) => product * holder.failureProbability, 1);
        if (!likeliest || probability > likeliest.probability) likeliest = { set: [...set], probability };
      }
      return true;
    });
    if (!finished) break;
    const found = likeliest as { set: Holder[]; probability: number } | null;
    if (found) return { tolerance: size - 1, weakestAccounts: found.set.map((holder) => holder.accountId), exact: true };
  }
  return {
    tolerance: smallestPossible - 1,
    weakestAccounts: greedyLosingSet(largestFirst, losesFile),
    exact: sharesAreDisjoint(holders),
  };
}

function countUntil(sizesLargestFirst: readonly number[], target: number): number {
  let sum = 0;
  for (let count = 0; count < sizesLargestFirst.length; count++) {
    sum += sizesLargestFirst[count];
    if (sum >= target) return count + 1;
  }
  return sizesLargestFirst.length;
}

/** Shares whose every holder is in `chosen`. */
function lostShareCount(chosen: readonly Holder[], coverage: ReadonlyMap<number, number>): number {
  const removed = new Map<number, number>();
  let lost = 0;
  for (const holder of chosen) {
    for (const share of holder.shares) {
      const count = (removed.get(share) ?? 0) + 1;
      removed.set(share, count);
      if (count === coverage.get(share)) lost++;
    }
  }
  return lost;
}

/** A losing set that may not be the smallest, for when the search gave up. */
function greedyLosingSet(largestFirst: readonly Holder[], losesFile: (chosen: readonly Holder[]) => boolean): string[] {
  const chosen: Holder[] = [];
  for (const holder of largestFirst) {
    chosen.push(holder);
    if (losesFile(chosen)) break;
  }
  return chosen.map((holder) => holder.accountId);
}

/** Calls `visit` on each subset of `size` items; stops early and returns false when `visit` does. */
export function forEachSubset<T>(items: readonly T[], size: number, visit: (subset: readonly T[]) => boolean): boolean {
  const picked: T[] = [];
  const extend = (from: number): boolean => {
    if (picked.length === size) return visit(picked);
    for (let index = from; index <= items.length - (size - picked.length); index++) {
      picked.push(items[index]);
      const keepGoing = extend(index + 1);
      picked.pop();
      if (!keepGoing) return false;
    }
    return true;
  };
  return extend(0);
}
