/**
 * The probability that the accounts still standing hold fewer than `needed`
 * distinct shares, when each account fails independently with its own
 * probability. "Fails" is whatever the caller means: lost within a year,
 * unreachable right now, lost within a repair period.
 *
 * Every method adds up the probability of the failing outcomes directly
 * rather than computing 1 - P(success): all terms are non-negative products,
 * so a result of 1e-15 keeps its significant digits instead of drowning in
 * the rounding error of numbers near 1.
 */
import { sharesAreDisjoint, type Holder } from './holdings';
import type { LossMethod } from './types';

export interface Shortfall {
  probability: number;
  method: LossMethod;
}

/** Beyond this many live states the share-set method gives way to the bound. */
export const DEFAULT_STATE_BUDGET = 1 << 20;

/** Share sets wider than this do not fit the 31-bit masks used below. */
const MAX_MASK_SHARES = 30;

export function probabilityOfTooFewShares(holders: readonly Holder[], needed: number, stateBudget = DEFAULT_STATE_BUDGET): Shortfall {
  if (sharesAreDisjoint(holders)) return { probability: disjointShortfall(holders, needed), method: 'disjoint-dp' };
  const exact = shareSetShortfall(holders, needed, stateBudget);
  if (exact !== null) return { probability: exact, method: 'share-set-dp' };
  return { probability: disjointShortfall(keepSafestCopyOnly(holders), needed), method: 'upper-bound' };
}

/**
 * Accounts hold disjoint share sets, so the survivors' distinct share count is
 * a plain sum: a Poisson-binomial style recurrence over accounts, where an
 * account adds its share count when it survives. Counts at or above `needed`
 * are merged because only "enough or not" matters.
 */
function disjointShortfall(holders: readonly Holder[], needed: number): number {
  let mass = new Float64Array(needed + 1);
  mass[0] = 1;
  for (const holder of holders) {
    const fails = holder.failureProbability;
    const survives = 1 - fails;
    const next = new Float64Array(needed + 1);
    for (let held = 0; held <= needed; held++) {
      if (mass[held] === 0) continue;
      next[held] += mass[held] * fails;
      next[Math.min(held + holder.shares.length, needed)] += mass[held] * survives;
    }
    mass = next;
  }
  let shortfall = 0;
  for (let held = 0; held < needed; held++) shortfall += mass[held];
  return shortfall;
}

/**
 * Share sets overlap, so counts no longer add up; the state is instead the set
 * of distinct shares the survivors hold so far (a bit mask), with one merged
 * state for "already enough". The number of states is at most
 * min(2^shares, 2^accounts), which is small for the grids RAIC builds.
 * Returns null when the masks would not fit or the states outgrow the budget.
 */
function shareSetShortfall(holders: readonly Holder[], needed: number, stateBudget: number): number | null {
  const bitOfShare = new Map<number, number>();
  for (const holder of holders) for (const share of holder.shares) if (!bitOfShare.has(share)) bitOfShare.set(share, bitOfShare.size);
  if (bitOfShare.size > MAX_MASK_SHARES) return null;

  const ENOUGH = -1;
  let states = new Map<number, number>([[0, 1]]);
  const add = (into: Map<number, number>, state: number, probability: number) => into.set(state, (into.get(state) ?? 0) + probability);

  for (const holder of holders) {
    const holderMask = holder.shares.reduce((mask, share) => mask | (1 << bitOfShare.get(share)!), 0);
    const fails = holder.failureProbability;
    const survives = 1 - fails;
    const next = new Map<number, number>();
    for (const [state, probability] of states) {
      if (state === ENOUGH) {
        add(next, ENOUGH, probability);
        continue;
      }
      add(next, state, probability * fails);
      const grown = state | holderMask;
      add(next, bitCount(grown) >= needed ? ENOUGH : grown, probability * survives);
    }
    if (next.size > stateBudget) return null;
    states = next;
  }
  let shortfall = 0;
  for (const [state, probability] of states) if (state !== ENOUGH) shortfall += probability;
  return shortfall;
}

/**
 * Keeps each share only on the account least likely to fail among those
 * holding it. Removing copies can only make loss more likely, so the result
 * is an upper bound on the true shortfall probability: safe to show.
 */
function keepSafestCopyOnly(holders: readonly Holder[]): Holder[] {
  const keeperOfShare = new Map<number, Holder>();
  for (const holder of holders) {
    for (const share of holder.shares) {
      const keeper = keeperOfShare.get(share);
      if (!keeper || holder.failureProbability < keeper.failureProbability) keeperOfShare.set(share, holder);
    }
  }
  return holders.map((holder) => ({ ...holder, shares: holder.shares.filter((share) => keeperOfShare.get(share) === holder) }));
}

export function bitCount(mask: number): number {
  let count = 0;
  for (let rest = mask >>> 0; rest !== 0; rest &= rest - 1) count++;
  return count;
}
