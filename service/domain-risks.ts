/**
 * The shared part of the risk per failure domain: estimated from the domain's
 * accounts (engine/robustness/domains.ts), or as the user set it in
 * grid.json's `domainRisks` (keyed by the effective domain id, so a disk or a
 * login keeps its figures however its accounts change).
 *
 * Each account's figure stays its whole risk, as the user typed it; with a
 * shared part set by the user, its own part is what remains on top of it. A
 * shared part larger than an account's whole risk leaves that account no own
 * part (its whole risk is then the shared part).
 */
import { correlatedRisks, type AccountRisk, type DomainAssignment, type DomainRisk } from '../engine/robustness';
import type { AccountConfig, GridConfig } from './grid-config';
import { effectiveFailureDomains, type FailureDomainRef } from './failure-domains';
import { accountRiskOf } from './pricing';

export type DomainRiskOverrides = GridConfig['domainRisks'];

/** The correlated model's inputs: accounts' own parts and each shared domain's part, with the user's figures applied. */
export function modelRisks(
  accounts: readonly AccountRisk[],
  domainOf: (accountId: string) => DomainAssignment | undefined,
  overrides: DomainRiskOverrides,
): { accounts: AccountRisk[]; domains: DomainRisk[] } {
  const estimated = correlatedRisks(accounts, domainOf);
  const domains = estimated.domains.map((domain) => withOverride(domain, overrides[domain.id]));
  const byId = new Map(domains.map((domain) => [domain.id, domain]));
  const whole = new Map(accounts.map((account) => [account.id, account]));
  return {
    domains,
    accounts: estimated.accounts.map((account) => {
      const domain = account.domainId === undefined ? undefined : byId.get(account.domainId);
      if (!domain || !overrides[domain.id]) return account;
      const original = whole.get(account.id)!;
      return {
        ...account,
        lossProbability: ownPartOf(original.lossProbability, domain.lossProbability),
        availability: 1 - ownPartOf(1 - original.availability, 1 - domain.availability),
      };
    }),
  };
}

function withOverride(domain: DomainRisk, override: DomainRiskOverrides[string] | undefined): DomainRisk {
  if (!override) return domain;
  return { ...domain, lossProbability: override.lossProbability ?? domain.lossProbability, availability: override.availability ?? domain.availability };
}

/** The own part `q` with 1 - (1 - shared)(1 - q) = whole; none when the shared part alone reaches the whole. */
function ownPartOf(whole: number, shared: number): number {
  if (shared >= 1) return 0;
  return Math.min(1, Math.max(0, (whole - shared) / (1 - shared)));
}

export interface AccountDomainView {
  domain: FailureDomainRef;
  setByUser: boolean;
  /** The other enabled accounts in the same domain, by id. */
  sharedWith: string[];
  /** The domain's shared part, when the account shares its domain with another. */
  sharedRisk?: { lossProbability: number; availability: number; setByUser: boolean };
  /** The account's own part on top of the shared one (its whole risk when it shares nothing). */
  ownRisk: { lossProbability: number; availability: number };
}

/** Every account's domain, who else is in it and the split of its risk, for the account list and forms. */
export function accountDomainViews(config: GridConfig): Map<string, AccountDomainView> {
  const grouped = config.accounts.filter((a) => a.enabled);
  const effective = effectiveFailureDomains(grouped);
  // A disabled account keeps showing where it would belong (it is grouped with the enabled ones only for itself).
  for (const account of config.accounts) {
    if (!account.enabled) effective.set(account.id, effectiveFailureDomains([...grouped, account]).get(account.id)!);
  }
  const risks: AccountRisk[] = grouped.map((a) => ({ id: a.id, name: a.name, kind: a.provider, ...accountRiskOf(a) }));
  const model = modelRisks(risks, (id) => effective.get(id)?.domain, config.domainRisks);
  const domainRisk = new Map(model.domains.map((d) => [d.id, d]));
  const ownRisk = new Map(model.accounts.map((a) => [a.id, a]));
  const views = new Map<string, AccountDomainView>();
  for (const account of config.accounts) {
    const { domain, setByUser } = effective.get(account.id)!;
    const shared = domainRisk.get(domain.id);
    const own = ownRisk.get(account.id) ?? { ...accountRiskOf(account as AccountConfig) };
    views.set(account.id, {
      domain,
      setByUser,
      sharedWith: grouped.filter((other) => other.id !== account.id && effective.get(other.id)!.domain.id === domain.id).map((other) => other.id),
      ...(shared ? { sharedRisk: { lossProbability: shared.lossProbability, availability: shared.availability, setByUser: config.domainRisks[domain.id] !== undefined } } : {}),
      ownRisk: { lossProbability: own.lossProbability, availability: own.availability },
    });
  }
  return views;
}
