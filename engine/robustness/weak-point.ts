/**
 * The weak point: of all the sets of failures (accounts, or whole disks and
 * logins) that lose a file, the one most likely to happen within a year, i.e.
 * with the largest product of its members' yearly failure probabilities.
 * Not the smallest set: one disk failing with a 2% chance is a weaker point
 * than two accounts that each fail with 0.1%, but neither is weaker than a
 * pair at 10% each. Only minimal sets can be likeliest (adding a member
 * multiplies by a probability below 1), so a depth-first walk over the units,
 * likeliest first, stops a branch once it loses the file or its product
 * falls to the best found.
 */
import { failureUnits, type DomainGroup, type Unit } from './correlated';
import { domainGroups } from './file-robustness';
import type { Holder } from './holdings';
import type { AccountRisk, DomainRisk } from './types';

export interface LosingSet {
  accountIds: string[];
  domainIds: string[];
  /** Probability that every member fails within a year. */
  probability: number;
  /** False when the walk ran out of budget: the set loses the file but a likelier one may exist. */
  exact: boolean;
}

export const DEFAULT_WEAK_POINT_BUDGET = 200_000;

export function likeliestLosingSet(
  holders: readonly Holder[],
  accounts: readonly AccountRisk[],
  domains: readonly DomainRisk[],
  needed: number,
  budget = DEFAULT_WEAK_POINT_BUDGET,
): LosingSet | null {
  const groups: DomainGroup[] = domainGroups(holders, accounts, domains, (domain) => domain.lossProbability) ?? holders.map((holder) => ({ domainId: null, failureProbability: 0, members: [holder] }));
  const { units, losesFile, describe, distinctShares } = failureUnits(groups, needed);
  if (distinctShares < needed) return { accountIds: [], domainIds: [], probability: 1, exact: true };
  const ordered = [...units].sort((a, b) => b.failureProbability - a.failureProbability || b.distinctShares - a.distinctShares);
  if (!losesFile(ordered)) return null;

  let best: { set: Unit[]; probability: number } | null = null;
  let steps = budget;
  const chosen: Unit[] = [];
  const walk = (from: number, probability: number): void => {
    for (let index = from; index < ordered.length && steps > 0; index++) {
      const next = probability * ordered[index].failureProbability;
      // Ordered likeliest first: every later unit gives a product no larger.
      if (best && next <= best.probability) return;
      steps--;
      chosen.push(ordered[index]);
      if (losesFile(chosen)) best = { set: [...chosen], probability: next };
      else walk(index + 1, next);
      chosen.pop();
    }
  };
  walk(0, 1);
  const found = best as { set: Unit[]; probability: number } | null;
  if (!found) {
    // Out of budget before any losing set: all of them together lose the file.
    const named = describe(ordered);
    return { accountIds: named.weakestAccounts, domainIds: named.weakestDomains, probability: ordered.reduce((product, unit) => product * unit.failureProbability, 1), exact: false };
  }
  const named = describe(found.set);
  return { accountIds: named.weakestAccounts, domainIds: named.weakestDomains, probability: found.probability, exact: steps > 0 };
}
