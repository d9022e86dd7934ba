/**
 * The model with shared failure domains: a domain failure takes every account
 * in it, and each account can also fail on its own. Domains are independent
 * of each other, and within a surviving domain the accounts are independent,
 * so the same exact recurrences as for independent accounts apply one level
 * up: each domain contributes a distribution of surviving shares (its own
 * recurrence over its accounts, times "the domain survives"), and domains
 * are combined like accounts. A domain is thus a super-account holding the
 * union of its accounts' shares (docs/robustness.md).
 */
import { bitCount, DEFAULT_STATE_BUDGET, type Shortfall } from './shortfall';
import { sharesAreDisjoint, type Holder } from './holdings';
import { DEFAULT_SEARCH_BUDGET, forEachSubset, type Tolerance } from './tolerance';

/** The accounts of one domain that hold shares of the file, with the domain's shared failure probability. */
export interface DomainGroup {
  /** Null for an account in no shared domain: a group of one that cannot fail as a whole. */
  domainId: string | null;
  failureProbability: number;
  members: Holder[];
}

export interface CorrelatedTolerance extends Tolerance {
  weakestDomains: string[];
}

export function correlatedShortfall(groups: readonly DomainGroup[], needed: number, stateBudget = DEFAULT_STATE_BUDGET): Shortfall {
  const holders = groups.flatMap((group) => group.members);
  if (sharesAreDisjoint(holders)) return { probability: countShortfall(groups, needed), method: 'disjoint-dp' };
  const exact = shareSetShortfall(groups, needed, stateBudget);
  if (exact !== null) return { probability: exact, method: 'share-set-dp' };
  return { probability: countShortfall(keepSafestCopyOnly(groups), needed), method: 'upper-bound' };
}

/**
 * Disjoint shares: per domain, the distribution of how many of its shares
 * survive (the weighted Poisson-binomial recurrence over its accounts, scaled
 * by the domain surviving, plus the domain failing with none); then the
 * domains' distributions are convolved. Counts at or above `needed` merge.
 */
function countShortfall(groups: readonly DomainGroup[], needed: number): number {
  let mass = new Float64Array(needed + 1);
  mass[0] = 1;
  for (const group of groups) {
    const survivors = memberCountDistribution(group.members, needed);
    const domainSurvives = 1 - group.failureProbability;
    const next = new Float64Array(needed + 1);
    for (let held = 0; held <= needed; held++) {
      if (mass[held] === 0) continue;
      next[held] += mass[held] * group.failureProbability;
      for (let added = 0; added <= needed; added++) {
        if (survivors[added] === 0) continue;
        next[Math.min(held + added, needed)] += mass[held] * domainSurvives * survivors[added];
      }
    }
    mass = next;
  }
  let shortfall = 0;
  for (let held = 0; held < needed; held++) shortfall += mass[held];
  return shortfall;
}

function memberCountDistribution(members: readonly Holder[], needed: number): Float64Array {
  let mass = new Float64Array(needed + 1);
  mass[0] = 1;
  for (const member of members) {
    const next = new Float64Array(needed + 1);
    for (let held = 0; held <= needed; held++) {
      if (mass[held] === 0) continue;
      next[held] += mass[held] * member.failureProbability;
      next[Math.min(held + member.shares.length, needed)] += mass[held] * (1 - member.failureProbability);
    }
    mass = next;
  }
  return mass;
}

const MAX_MASK_SHARES = 30;

/**
 * Overlapping shares: the state is the set of distinct shares the survivors
 * hold (a bit mask). Each domain's surviving set has its own distribution,
 * built by the same recurrence over its accounts; the global state grows by
 * union. Null when the masks or the states do not fit.
 */
function shareSetShortfall(groups: readonly DomainGroup[], needed: number, stateBudget: number): number | null {
  const bitOfShare = new Map<number, number>();
  for (const group of groups) for (const member of group.members) for (const share of member.shares) if (!bitOfShare.has(share)) bitOfShare.set(share, bitOfShare.size);
  if (bitOfShare.size > MAX_MASK_SHARES) return null;
  const maskOf = (shares: readonly number[]) => shares.reduce((mask, share) => mask | (1 << bitOfShare.get(share)!), 0);
  const add = (into: Map<number, number>, state: number, probability: number) => into.set(state, (into.get(state) ?? 0) + probability);

  const ENOUGH = -1;
  let states = new Map<number, number>([[0, 1]]);
  for (const group of groups) {
    let inner = new Map<number, number>([[0, 1]]);
    for (const member of group.members) {
      const memberMask = maskOf(member.shares);
      const next = new Map<number, number>();
      for (const [state, probability] of inner) {
        add(next, state, probability * member.failureProbability);
        add(next, state | memberMask, probability * (1 - member.failureProbability));
      }
      if (next.size > stateBudget) return null;
      inner = next;
    }
    const outcomes: [number, number][] = [[0, group.failureProbability]];
    for (const [mask, probability] of inner) outcomes.push([mask, probability * (1 - group.failureProbability)]);

    const next = new Map<number, number>();
    for (const [state, probability] of states) {
      if (state === ENOUGH) {
        add(next, ENOUGH, probability);
        continue;
      }
      for (const [mask, outcome] of outcomes) {
        if (outcome === 0) continue;
        const grown = state | mask;
        add(next, bitCount(grown) >= needed ? ENOUGH : grown, probability * outcome);
      }
    }
    if (next.size > stateBudget) return null;
    states = next;
  }
  let shortfall = 0;
  for (const [state, probability] of states) if (state !== ENOUGH) shortfall += probability;
  return shortfall;
}

/** Each share kept only on the copy least likely to be gone (its account and domain together): an upper bound on loss. */
function keepSafestCopyOnly(groups: readonly DomainGroup[]): DomainGroup[] {
  const goneProbability = (group: DomainGroup, member: Holder) => 1 - (1 - group.failureProbability) * (1 - member.failureProbability);
  const keeper = new Map<number, { member: Holder; gone: number }>();
  for (const group of groups) {
    for (const member of group.members) {
      const gone = goneProbability(group, member);
      for (const share of member.shares) {
        const current = keeper.get(share);
        if (!current || gone < current.gone) keeper.set(share, { member, gone });
      }
    }
  }
  return groups.map((group) => ({
    ...group,
    members: group.members.map((member) => ({ ...member, shares: member.shares.filter((share) => keeper.get(share)?.member === member) })),
  }));
}

export interface Unit {
  id: string;
  isDomain: boolean;
  failureProbability: number;
  /** Indexes into the member list of the accounts this unit takes down. */
  takes: number[];
  distinctShares: number;
}

/**
 * What can fail, for one file: each holding account (with its domain's risk
 * when it is the domain's only holder here), and each domain of which two or
 * more accounts hold shares; with a test of whether a set of them loses the
 * file and the names of a set's accounts and domains.
 */
export function failureUnits(groups: readonly DomainGroup[], needed: number) {
  const members = groups.flatMap((group) => group.members);
  const distinct = new Set(members.flatMap((member) => member.shares));
  const sharesToLose = distinct.size - needed + 1;
  const units: Unit[] = [];
  let index = 0;
  for (const group of groups) {
    const first = index;
    index += group.members.length;
    const shared = group.domainId !== null && group.members.length >= 2;
    for (const [offset, member] of group.members.entries()) {
      const alone = !shared && group.members.length === 1;
      // An account alone in its domain here fails with its domain too.
      const probability = alone ? 1 - (1 - group.failureProbability) * (1 - member.failureProbability) : member.failureProbability;
      units.push({ id: member.accountId, isDomain: false, failureProbability: probability, takes: [first + offset], distinctShares: member.shares.length });
    }
    if (shared) {
      const takes = group.members.map((_, offset) => first + offset);
      const union = new Set(group.members.flatMap((member) => member.shares));
      units.push({ id: group.domainId!, isDomain: true, failureProbability: group.failureProbability, takes, distinctShares: union.size });
    }
  }

  const holdersOfShare = new Map<number, number[]>();
  members.forEach((member, memberIndex) => {
    for (const share of member.shares) holdersOfShare.set(share, [...(holdersOfShare.get(share) ?? []), memberIndex]);
  });
  const losesFile = (chosen: readonly Unit[]): boolean => {
    const down = new Set(chosen.flatMap((unit) => unit.takes));
    let lost = 0;
    for (const holders of holdersOfShare.values()) if (holders.every((holder) => down.has(holder))) lost++;
    return lost >= sharesToLose;
  };
  const describe = (set: readonly Unit[]) => {
    const weakestDomains = set.filter((unit) => unit.isDomain).map((unit) => unit.id);
    const accounts = new Set(set.flatMap((unit) => unit.takes.map((memberIndex) => members[memberIndex].accountId)));
    return { weakestDomains, weakestAccounts: [...accounts] };
  };
  return { units, losesFile, describe, sharesToLose, distinctShares: distinct.size };
}

/**
 * Tolerance counted over failures of accounts and of whole domains: the
 * largest t such that any t of them (each an account, or a domain with all
 * its accounts) leave at least `needed` distinct shares. Found as for
 * independent accounts: from a lower bound, every set of that many units is
 * checked, then one more; the likeliest losing set of the smallest size is
 * named. A domain of which only one account holds shares is that account.
 */
export function correlatedTolerance(groups: readonly DomainGroup[], needed: number, searchBudget = DEFAULT_SEARCH_BUDGET): CorrelatedTolerance {
  const { units, losesFile, describe, sharesToLose, distinctShares } = failureUnits(groups, needed);
  if (distinctShares < needed) return { tolerance: -1, weakestAccounts: [], weakestDomains: [], exact: true };

  const largestFirst = [...units].sort((a, b) => b.distinctShares - a.distinctShares || Number(b.isDomain) - Number(a.isDomain) || b.failureProbability - a.failureProbability);
  let smallestPossible = units.length;
  for (let count = 0, sum = 0; count < largestFirst.length; count++) {
    sum += largestFirst[count].distinctShares;
    if (sum >= sharesToLose) {
      smallestPossible = count + 1;
      break;
    }
  }

  let budget = searchBudget;
  for (let size = smallestPossible; size <= units.length; size++) {
    let likeliest: { set: Unit[]; probability: number } | null = null;
    const finished = forEachSubset(units, size, (set) => {
      if (--budget < 0) return false;
      if (losesFile(set)) {
        const probability = set.reduce((product, unit) => product * unit.failureProbability, 1);
        if (!likeliest || probability > likeliest.probability) likeliest = { set: [...set], probability };
      }
      return true;
    });
    if (!finished) break;
    const found = likeliest as { set: Unit[]; probability: number } | null;
    if (found) return { tolerance: size - 1, ...describe(found.set), exact: true };
  }
  const greedy: Unit[] = [];
  for (const unit of largestFirst) {
    greedy.push(unit);
    if (losesFile(greedy)) break;
  }
  return { tolerance: smallestPossible - 1, ...describe(greedy), exact: false };
}
