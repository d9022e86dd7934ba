/**
 * Every figure for one file from its placement: tolerance, yearly loss
 * probability, availability and overhead. With shared failure domains the
 * correlated model (correlated.ts) is used; without, accounts are independent.
 */
import { happinessOf } from '../grid/happiness';
import { correlatedShortfall, correlatedTolerance, type DomainGroup } from './correlated';
import { checkEncoding, checkProbability, holdersOf, type Holder } from './holdings';
import { ninesOf } from '../../shared/nines';
import { probabilityOfTooFewShares, type Shortfall } from './shortfall';
import { toleranceOf } from './tolerance';
import type { AccountRisk, ConnectionRisk, DomainRisk, EncodingShape, FilePlacement, FileRobustness } from './types';

export function lossHolders(accounts: readonly AccountRisk[], encoding: EncodingShape, placement: FilePlacement): Holder[] {
  return holdersOf(accounts, placement, encoding.total, (account) => account.lossProbability);
}

function outageHolders(accounts: readonly AccountRisk[], encoding: EncodingShape, placement: FilePlacement): Holder[] {
  return holdersOf(accounts, placement, encoding.total, (account) => {
    checkProbability(account.availability, `availability of account ${account.id}`);
    return 1 - account.availability;
  });
}

const lossOfDomain = (domain: DomainRisk) => domain.lossProbability;
const outageOfDomain = (domain: DomainRisk) => {
  checkProbability(domain.availability, `availability of failure domain ${domain.id}`);
  return 1 - domain.availability;
};

/**
 * The holders grouped by shared failure domain; null when no holder is in a
 * shared domain, so the independent model (and its exact old figures) applies.
 */
export function domainGroups(
  holders: readonly Holder[],
  accounts: readonly AccountRisk[],
  domains: readonly DomainRisk[],
  failureOf: (domain: DomainRisk) => number,
): DomainGroup[] | null {
  if (domains.length === 0) return null;
  const domainById = new Map(domains.map((domain) => [domain.id, domain]));
  const domainOfAccount = new Map(accounts.map((account) => [account.id, account.domainId === undefined ? undefined : domainById.get(account.domainId)]));
  const groups = new Map<string, DomainGroup>();
  const alone: DomainGroup[] = [];
  for (const holder of holders) {
    const domain = domainOfAccount.get(holder.accountId);
    if (!domain) {
      alone.push({ domainId: null, failureProbability: 0, members: [holder] });
      continue;
    }
    let group = groups.get(domain.id);
    if (!group) {
      const failureProbability = failureOf(domain);
      checkProbability(failureProbability, `failure probability of failure domain ${domain.id}`);
      group = { domainId: domain.id, failureProbability, members: [] };
      groups.set(domain.id, group);
    }
    group.members.push(holder);
  }
  if (groups.size === 0) return null;
  return [...groups.values(), ...alone];
}

/** Probability that too few distinct shares survive, failures of accounts and of whole domains together. */
export function shortfallWithDomains(holders: readonly Holder[], accounts: readonly AccountRisk[], domains: readonly DomainRisk[], needed: number, failureOf: (domain: DomainRisk) => number): Shortfall {
  const groups = domainGroups(holders, accounts, domains, failureOf);
  return groups ? correlatedShortfall(groups, needed) : probabilityOfTooFewShares(holders, needed);
}

/**
 * Probability that too few shares are reachable at a random moment. The
 * user's own internet connection is one more shared part: when it is down,
 * every account but the local folders is out of reach at once.
 */
function outageProbability(accounts: readonly AccountRisk[], encoding: EncodingShape, placement: FilePlacement, domains: readonly DomainRisk[], connection?: ConnectionRisk): number {
  const holders = outageHolders(accounts, encoding, placement);
  const connected = shortfallWithDomains(holders, accounts, domains, encoding.needed, outageOfDomain).probability;
  const down = connection ? 1 - connection.availability : 0;
  if (down === 0) return connected;
  checkProbability(connection!.availability, 'availability of your internet connection');
  const remote = new Set(accounts.filter(usesConnection).map((account) => account.id));
  const offline = holders.map((holder) => (remote.has(holder.accountId) ? { ...holder, failureProbability: 1 } : holder));
  return down * shortfallWithDomains(offline, accounts, domains, encoding.needed, outageOfDomain).probability + (1 - down) * connected;
}

/** Every account but a local folder is reached over the user's internet connection. */
export function usesConnection(account: Pick<AccountRisk, 'kind'>): boolean {
  return account.kind !== 'local';
}

export function fileRobustness(
  accounts: readonly AccountRisk[],
  encoding: EncodingShape,
  placement: FilePlacement,
  domains: readonly DomainRisk[] = [],
  connection?: ConnectionRisk,
): FileRobustness {
  checkEncoding(encoding);
  const holders = lossHolders(accounts, encoding, placement);
  const loss = shortfallWithDomains(holders, accounts, domains, encoding.needed, lossOfDomain);
  const outage = { probability: outageProbability(accounts, encoding, placement, domains, connection) };
  const groups = domainGroups(holders, accounts, domains, lossOfDomain);
  const tolerance = groups ? correlatedTolerance(groups, encoding.needed) : { ...toleranceOf(holders, encoding.needed), weakestDomains: [] };
  return {
    tolerance: tolerance.tolerance,
    weakestAccounts: tolerance.weakestAccounts,
    weakestDomains: tolerance.weakestDomains,
    annualLossProbability: loss.probability,
    nines: ninesOf(loss.probability),
    availability: 1 - outage.probability,
    overhead: encoding.total / encoding.needed,
    method: loss.method,
    toleranceExact: tolerance.exact,
    happiness: happinessOf(new Map(holders.map((holder) => [holder.accountId, holder.shares]))),
  };
}
