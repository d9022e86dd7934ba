import type { AccountRisk, FilePlacement } from './types';

/**
 * How RAIC would spread `total` shares over these accounts when every account
 * accepts: round-robin in the order given, so counts differ by at most one.
 * Accounts that get no share (total < accounts) are listed with none.
 */
export function idealPlacement(accountIds: readonly string[], total: number): FilePlacement {
  const placement: Record<string, number[]> = {};
  for (const id of accountIds) placement[id] = [];
  if (accountIds.length === 0) return placement;
  for (let share = 0; share < total; share++) placement[accountIds[share % accountIds.length]].push(share);
  return placement;
}

/**
 * Account ids in the order uploads favour them (engine/grid/placement-plan.ts,
 * spreadOverDomains): failure domains take turns, the first account of each
 * domain, then the second of each. Accounts without a domain are their own.
 */
export function domainTurnOrder(accounts: readonly Pick<AccountRisk, 'id' | 'domainId'>[]): string[] {
  const byDomain = new Map<string, string[]>();
  for (const account of accounts) {
    const domain = account.domainId ?? `account:${account.id}`;
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), account.id]);
  }
  const queues = [...byDomain.values()];
  const ordered: string[] = [];
  for (let round = 0; ordered.length < accounts.length; round++) for (const queue of queues) if (round < queue.length) ordered.push(queue[round]);
  return ordered;
}
