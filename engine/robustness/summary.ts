/**
 * The grid's robustness in plain words, for the dashboard and the CLI.
 */
import { formatNines } from '../../shared/nines';
import type { AccountRisk, EncodingShape } from './types';

export interface SummaryFacts {
  accounts: readonly AccountRisk[];
  encoding: EncodingShape;
  tolerance: number;
  weakestAccounts: readonly string[];
  annualLossProbability: number;
  /** No file exists yet and the figures describe the ideal placement. */
  preview: boolean;
}

export function describeGrid(facts: SummaryFacts): string {
  const { accounts, encoding, tolerance, preview } = facts;
  if (accounts.length === 0) return 'No storage accounts yet: add one to see how well your files would be protected.';
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
