/**
 * The grid's robustness in plain words, for the dashboard and the CLI.
 */
import { formatNines } from '../../shared/nines';
import type { AccountRisk, DomainRisk, EncodingShape } from './types';

export interface SummaryFacts {
  accounts: readonly AccountRisk[];
  encoding: EncodingShape;
  tolerance: number;
  weakestAccounts: readonly string[];
  /** Shared failure domains in the weakest set, and all of them; empty when every account is its own. */
  weakestDomains?: readonly string[];
  domains?: readonly DomainRisk[];
  annualLossProbability: number;
  /** No file exists yet and the figures describe the ideal placement. */
  preview: boolean;
}

export function describeGrid(facts: SummaryFacts): string {
  const { accounts, encoding, tolerance, preview } = facts;
  if (accounts.length === 0) return 'No storage accounts yet: add one to see how well your files would be protected.';
  if (facts.domains && facts.domains.length > 0) return describeCorrelatedGrid(facts, facts.domains);
  const weakest = quotedNames(facts.weakestAccounts, accounts);
  const durability = `${preview ? 'Estimated yearly durability' : 'Yearly durability of the weakest file'}: ${formatNines(facts.annualLossProbability)}.`;

  if (preview) {
    const shape = `with ${plural(accounts.length, 'account')} and ${encoding.needed}-of-${encoding.total}`;
    const outcome =
      tolerance >= 1
        ? `your files would survive the loss of any ${plural(tolerance, 'account')}`
        : `losing ${weakest} would lose your files`;
    return `No files yet: ${shape}, ${outcome}. ${durability}`;
  }
  if (tolerance < 0) return `Some files cannot be recovered even with every account reachable: they have fewer than ${encoding.needed} distinct shares. Run a repair.`;
  if (tolerance === 0) return `Losing ${weakest} alone would lose files. ${durability}`;
  return `Your files survive the loss of any ${tolerance} of your ${plural(accounts.length, 'account')}. Losing ${weakest} together would lose files. ${durability}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function quotedNames(ids: readonly string[], accounts: readonly AccountRisk[]): string {
  const names = ids.map((id) => `"${accounts.find((account) => account.id === id)?.name ?? id}"`);
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * The same facts when some accounts share a failure domain: the tolerance
 * counts failures (an account, or a whole domain with its accounts), and the
 * weak point is named as the disk or login it is.
 */
function describeCorrelatedGrid(facts: SummaryFacts, domains: readonly DomainRisk[]): string {
  const { accounts, encoding, tolerance, preview } = facts;
  const durability = `${preview ? 'Estimated yearly durability' : 'Yearly durability of the weakest file'}: ${formatNines(facts.annualLossProbability)}.`;
  const domainCount = domains.length + accounts.filter((account) => !domains.some((domain) => domain.id === account.domainId)).length;
  const weakDomains = domains.filter((domain) => facts.weakestDomains?.includes(domain.id));
  const inWeakDomain = (id: string) => weakDomains.some((domain) => accounts.find((account) => account.id === id)?.domainId === domain.id);
  const parts = [
    ...weakDomains.map((domain) => `${domain.name} (holding ${quotedNames(accounts.filter((account) => account.domainId === domain.id).map((account) => account.id), accounts)})`),
    ...facts.weakestAccounts.filter((id) => !inWeakDomain(id)).map((id) => quotedNames([id], accounts)),
  ];
  const losing = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const failing = `${losing} fail${parts.length === 1 ? 's' : ''}`;
  const shape = `your ${plural(accounts.length, 'account')} are in ${plural(domainCount, 'failure domain')}`;
  const counted = `a failure is one account, or a whole disk or login with all its accounts`;

  if (preview) {
    const outcome = tolerance >= 1 ? `your files would survive any ${plural(tolerance, 'failure')} (${counted})` : `your files would be lost if ${failing}`;
    return `No files yet: with ${encoding.needed}-of-${encoding.total}, ${outcome}; ${shape}. ${durability}`;
  }
  if (tolerance < 0) return `Some files cannot be recovered even with every account reachable: they have fewer than ${encoding.needed} distinct shares. Run a repair.`;
  if (tolerance === 0) return `If ${failing}, files are lost; ${shape}. ${durability}`;
  return `Your files survive any ${plural(tolerance, 'failure')} (${counted}); ${shape}. If ${failing} together, files are lost. ${durability}`;
}
