/**
 * A file's tolerance counted in failures rather than accounts: when some of
 * the accounts holding its shares sit on one disk or one login, that disk or
 * login failing takes all of them at once, so it counts as one failure
 * (docs/robustness.md, "Failure domains"). Losing a whole domain loses at
 * least what losing any one of its accounts does, so the smallest losing set
 * over domains is the smallest over accounts and domains together.
 */
import { smallestLosingSet } from './losing-set';

/**
 * shares: good share numbers per account (server) id. Returns how many
 * failures, any of them, the file survives, or undefined when no two holders
 * share a domain (the account count already says it) or no domains are known.
 */
export function failureTolerance(shares: Readonly<Record<string, readonly number[]>>, needed: number, domainOf?: (accountId: string) => string | undefined): number | undefined {
  if (!domainOf) return undefined;
  const byDomain = new Map<string, { holders: number; shares: Set<number> }>();
  for (const [accountId, numbers] of Object.entries(shares)) {
    if (numbers.length === 0) continue;
    // An account with no known domain is a domain of its own.
    const key = domainOf(accountId) ?? `account:${accountId}`;
    const domain = byDomain.get(key) ?? { holders: 0, shares: new Set<number>() };
    domain.holders += 1;
    for (const share of numbers) domain.shares.add(share);
    byDomain.set(key, domain);
  }
  if (![...byDomain.values()].some((domain) => domain.holders > 1)) return undefined;
  const distinct = new Set([...byDomain.values()].flatMap((domain) => [...domain.shares])).size;
  if (distinct < needed) return undefined;
  const holdings = new Map([...byDomain].map(([key, domain]) => [key, [...domain.shares]]));
  return smallestLosingSet(holdings, distinct - needed + 1).tolerance;
}
