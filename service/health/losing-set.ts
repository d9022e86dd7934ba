/**
 * The smallest set of accounts whose loss takes a file below `needed` distinct
 * shares. Its size minus one is the file's tolerance: how many accounts, any of
 * them, can fail while the file stays readable.
 *
 * This is a set-cover-like problem (NP-hard in general), but the accounts that
 * hold one file's shares are few, so it is solved exactly by trying every set
 * of 1 account, then every set of 2, and so on: the first set that loses enough
 * shares is a smallest one. Past EXACT_SEARCH_MAX_ACCOUNTS that could take
 * 2^n steps, so only sets of up to 2 accounts are tried exactly and the rest is
 * bounded (see boundedLosingSet).
 */

/** 2^20 subsets at most: a fraction of a second even for the worst layouts. */
export const EXACT_SEARCH_MAX_ACCOUNTS = 20;
/** Beyond the exact limit, sets up to this size are still searched exhaustively (n^2 sets). */
const EXACT_SIZES_FOR_LARGE_GRIDS = 2;

export interface LosingSet {
  /** Accounts whose loss makes the file unreadable (a smallest such set when `exact`). */
  accounts: string[];
  /** How many accounts any of which may fail while the file stays readable. */
  tolerance: number;
  /** False when the account count forced the bounded search; tolerance is then a lower bound. */
  exact: boolean;
}

/**
 * holdings: account id -> distinct share numbers it holds (accounts with none left out).
 * sharesToLose: how many distinct shares must vanish for the file to become unreadable (>= 1).
 */
export function smallestLosingSet(holdings: ReadonlyMap<string, readonly number[]>, sharesToLose: number): LosingSet {
  const accounts = [...holdings.keys()];
  const groups = shareGroups(holdings, accounts);
  const exactLimit = accounts.length <= EXACT_SEARCH_MAX_ACCOUNTS ? accounts.length : EXACT_SIZES_FOR_LARGE_GRIDS;
  for (let size = 1; size <= exactLimit; size++) {
    const found = findLosingSetOfSize(groups, accounts.length, size, sharesToLose);
    if (found) return { accounts: found.map((i) => accounts[i]), tolerance: size - 1, exact: true };
  }
  // Only reachable for large grids, after sets of up to EXACT_SIZES_FOR_LARGE_GRIDS accounts were ruled out.
  return boundedLosingSet(holdings, groups, accounts, sharesToLose, exactLimit);
}

/** Shares grouped by the exact set of accounts holding them: a share is lost when all its holders are. */
interface ShareGroup {
  holders: number[];
  shares: number;
}

function shareGroups(holdings: ReadonlyMap<string, readonly number[]>, accounts: string[]): ShareGroup[] {
  const holdersOfShare = new Map<number, number[]>();
  accounts.forEach((account, index) => {
    for (const share of holdings.get(account)!) {
      const holders = holdersOfShare.get(share) ?? [];
      holders.push(index);
      holdersOfShare.set(share, holders);
    }
  });
  const byHolders = new Map<string, ShareGroup>();
  for (const holders of holdersOfShare.values()) {
    const key = holders.join(',');
    const group = byHolders.get(key) ?? { holders, shares: 0 };
    group.shares++;
    byHolders.set(key, group);
  }
  return [...byHolders.values()];
}

function sharesLost(groups: readonly ShareGroup[], lostAccounts: Uint8Array): number {
  let lost = 0;
  for (const group of groups) if (group.holders.every((h) => lostAccounts[h])) lost += group.shares;
  return lost;
}

/** Tries every set of `size` accounts, in lexicographic order of indices; the first that loses enough shares. */
function findLosingSetOfSize(groups: readonly ShareGroup[], accountCount: number, size: number, sharesToLose: number): number[] | undefined {
  const chosen = Array.from({ length: size }, (_, i) => i);
  const lostAccounts = new Uint8Array(accountCount);
  for (;;) {
    lostAccounts.fill(0);
    for (const i of chosen) lostAccounts[i] = 1;
    if (sharesLost(groups, lostAccounts) >= sharesToLose) return [...chosen];
    // Next combination: move the rightmost index that can still move, then reset those after it.
    let pos = size - 1;
    while (pos >= 0 && chosen[pos] === accountCount - size + pos) pos--;
    if (pos < 0) return undefined;
    chosen[pos]++;
    for (let j = pos + 1; j < size; j++) chosen[j] = chosen[j - 1] + 1;
  }
}

/**
 * For grids too large to search exactly. The tolerance is a lower bound, so the
 * file is never reported safer than it is: losing any t accounts loses at most
 * the shares of the t biggest holders, so t is tolerated while those hold fewer
 * than `sharesToLose`; and sets of up to `searchedSizes` accounts were already
 * ruled out exactly. The accounts are a greedy losing set (an upper bound):
 * repeatedly lose the account holding the most shares that have the fewest
 * other holders left.
 */
function boundedLosingSet(
  holdings: ReadonlyMap<string, readonly number[]>,
  groups: readonly ShareGroup[],
  accounts: string[],
  sharesToLose: number,
  searchedSizes: number,
): LosingSet {
  const counts = accounts.map((a) => holdings.get(a)!.length).sort((a, b) => b - a);
  let byCounts = 0;
  let biggestHoldings = 0;
  while (byCounts < counts.length && biggestHoldings + counts[byCounts] < sharesToLose) biggestHoldings += counts[byCounts++];

  const lostAccounts = new Uint8Array(accounts.length);
  const picked: number[] = [];
  while (sharesLost(groups, lostAccounts) < sharesToLose) {
    let best = -1;
    let bestScore = -1;
    accounts.forEach((_, index) => {
      if (lostAccounts[index]) return;
      let score = 0;
      for (const group of groups) {
        if (!group.holders.includes(index)) continue;
        const left = group.holders.filter((h) => !lostAccounts[h]).length;
        score += group.shares / left;
      }
      if (score > bestScore) [best, bestScore] = [index, score];
    });
    lostAccounts[best] = 1;
    picked.push(best);
  }
  return { accounts: picked.map((i) => accounts[i]), tolerance: Math.max(byCounts, searchedSizes), exact: false };
}
