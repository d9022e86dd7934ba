/**
 * From accounts with their whole risk (what the user sees and edits per
 * account) to the correlated model's inputs: a shared part per failure domain
 * and each account's own part on top of it. Only domains holding two or more
 * accounts get a shared part; an account alone in its domain keeps its
 * figures unchanged, so a grid of independent accounts is judged exactly as
 * before.
 */
import type { AccountRisk, DomainRisk } from './types';

/**
 * Share of an account's risk that its domain carries when several accounts
 * share one: for folders on one disk the disk failing, theft, fire or a
 * dropped laptop dominate a folder being damaged alone; for buckets of one
 * login, closure and lost credentials dominate one bucket being deleted. An
 * estimate, stated in docs/robustness.md.
 */
export const SHARED_FRACTION_OF_RISK = 0.8;

export interface DomainAssignment {
  id: string;
  name: string;
  kind: string;
}

export function correlatedRisks(
  accounts: readonly AccountRisk[],
  domainOf: (accountId: string) => DomainAssignment | undefined,
): { accounts: AccountRisk[]; domains: DomainRisk[] } {
  const members = new Map<string, { domain: DomainAssignment; accounts: AccountRisk[] }>();
  for (const account of accounts) {
    const domain = domainOf(account.id);
    if (!domain) continue;
    const group = members.get(domain.id) ?? { domain, accounts: [] };
    group.accounts.push(account);
    members.set(domain.id, group);
  }
  const domains: DomainRisk[] = [];
  const ownParts = new Map<string, AccountRisk>();
  for (const { domain, accounts: inDomain } of members.values()) {
    if (inDomain.length < 2) continue;
    // The shared part can be no larger than the safest member's whole risk.
    const sharedLoss = SHARED_FRACTION_OF_RISK * Math.min(...inDomain.map((a) => a.lossProbability));
    const sharedOutage = SHARED_FRACTION_OF_RISK * Math.min(...inDomain.map((a) => 1 - a.availability));
    domains.push({ id: domain.id, name: domain.name, kind: domain.kind, lossProbability: sharedLoss, availability: 1 - sharedOutage });
    for (const account of inDomain) {
      ownParts.set(account.id, {
        ...account,
        domainId: domain.id,
        lossProbability: ownPart(account.lossProbability, sharedLoss),
        availability: 1 - ownPart(1 - account.availability, sharedOutage),
      });
    }
  }
  return { accounts: accounts.map((account) => ownParts.get(account.id) ?? account), domains };
}

/** The own part `q` with 1 - (1 - shared)(1 - q) = whole, i.e. the account's whole risk is kept exactly. */
export function ownPart(whole: number, shared: number): number {
  if (shared >= 1) return 0;
  return Math.min(1, Math.max(0, (whole - shared) / (1 - shared)));
}
