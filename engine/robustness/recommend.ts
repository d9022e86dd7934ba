/**
 * Which encodings meet a robustness target with the user's accounts, cheapest
 * in overhead first, and whether one more account would serve better than
 * any change of k and n.
 */
import { defaultMaxTotal, evaluateEncoding, robustnessChart } from './chart';
import { defaultRisk } from './defaults';
import type { AccountRisk, EncodingOption, EncodingShape, PriceEntry, Recommendation, RobustnessTarget } from './types';

export const HYPOTHETICAL_ACCOUNT_ID = 'hypothetical-extra-account';

/** Overheads are ratios of small integers; equal ones may differ in the last bit. */
const OVERHEAD_EPSILON = 1e-9;

export function recommendEncodings(
  accounts: readonly AccountRisk[],
  prices: Readonly<Record<string, PriceEntry>>,
  target: RobustnessTarget,
  current: EncodingShape,
  options?: { hypotheticalAccount?: AccountRisk },
): Recommendation {
  checkTarget(target);
  const meets = (option: EncodingOption) => meetsTarget(option, target);
  // One chart size for both grids, so the comparison is like for like.
  const maxTotal = defaultMaxTotal(accounts.length + 1);
  const ranked = rankedMeeting(robustnessChart(accounts, prices, { maxTotal }), meets);

  const extra = options?.hypotheticalAccount ?? typicalExtraAccount(accounts);
  const pricesWithExtra = prices[extra.id] ? prices : { ...prices, [extra.id]: medianPrice(accounts, prices) };
  const rankedWithExtra = rankedMeeting(robustnessChart([...accounts, extra], pricesWithExtra, { maxTotal }), meets);

  const best = ranked[0] ?? null;
  const bestWithExtra = rankedWithExtra[0] ?? null;
  const helps = bestWithExtra !== null && (best === null || bestWithExtra.overhead < best.overhead - OVERHEAD_EPSILON);
  const meetsWithCurrent = accounts.length > 0 && meets(evaluateEncoding(accounts, prices, current.needed, current.total));

  return {
    options: ranked,
    meetsWithCurrent,
    addAccountHelps: {
      wouldMeet: bestWithExtra !== null,
      helps,
      bestOption: bestWithExtra,
      explanation: explainExtraAccount(best, bestWithExtra, helps),
    },
    explanation: explainOptions(accounts.length, target, ranked, current, meetsWithCurrent, maxTotal),
  };
}

export function meetsTarget(option: EncodingOption, target: RobustnessTarget): boolean {
  if (target.kind === 'survive-accounts') return option.tolerance >= target.accounts;
  // Compared as probabilities: the nines figure is capped, the probability is not.
  return option.annualLossProbability <= 10 ** -target.nines;
}

function checkTarget(target: RobustnessTarget): void {
  const value = target.kind === 'survive-accounts' ? target.accounts : target.nines;
  if (!(value >= 0) || (target.kind === 'survive-accounts' && !Number.isInteger(value))) throw new RangeError(`target ${target.kind} must be a non-negative ${target.kind === 'survive-accounts' ? 'integer' : 'number'}, got ${value}`);
}

/** Acceptable options meeting the target: least overhead, then cheapest, then least likely to lose data, then fewest shares. */
function rankedMeeting(chart: readonly EncodingOption[], meets: (option: EncodingOption) => boolean): EncodingOption[] {
  return chart
    .filter((option) => option.acceptable && meets(option))
    .sort(
      (a, b) =>
        (Math.abs(a.overhead - b.overhead) > OVERHEAD_EPSILON ? a.overhead - b.overhead : 0) ||
        a.monthlyCostPerTB - b.monthlyCostPerTB ||
        a.annualLossProbability - b.annualLossProbability ||
        a.total - b.total,
    );
}

/** Without a named candidate, the extra account is like the user's median account (by loss probability). */
function typicalExtraAccount(accounts: readonly AccountRisk[]): AccountRisk {
  const byRisk = [...accounts].sort((a, b) => a.lossProbability - b.lossProbability);
  const median = byRisk[Math.floor((byRisk.length - 1) / 2)];
  const risk = median ? { lossProbability: median.lossProbability, availability: median.availability, kind: median.kind } : { ...defaultRisk('s3'), kind: 's3' };
  return { id: HYPOTHETICAL_ACCOUNT_ID, name: 'one more account', ...risk };
}

function medianPrice(accounts: readonly AccountRisk[], prices: Readonly<Record<string, PriceEntry>>): PriceEntry {
  const known = accounts
    .map((account) => prices[account.id])
    .filter((price): price is PriceEntry => price !== undefined)
    .sort((a, b) => a.storagePerGBMonth - b.storagePerGBMonth);
  return known[Math.floor((known.length - 1) / 2)] ?? { storagePerGBMonth: 0, currency: 'USD' };
}

function describeTarget(target: RobustnessTarget): string {
  return target.kind === 'survive-accounts'
    ? `survive the loss of any ${target.accounts} account${target.accounts === 1 ? '' : 's'}`
    : `reach ${target.nines} nines of yearly durability`;
}

function describeOption(option: EncodingOption): string {
  return `${option.needed}-of-${option.total} (stores ${formatOverhead(option.overhead)} the data)`;
}

function formatOverhead(overhead: number): string {
  return `${Number(overhead.toFixed(2))}×`;
}

function explainOptions(
  accountCount: number,
  target: RobustnessTarget,
  ranked: readonly EncodingOption[],
  current: EncodingShape,
  meetsWithCurrent: boolean,
  maxTotal: number,
): string {
  const goal = describeTarget(target);
  const currentVerdict = `Your current ${current.needed}-of-${current.total} ${meetsWithCurrent ? 'meets it' : 'does not meet it'}.`;
  if (ranked.length === 0) {
    const why = target.kind === 'survive-accounts' && target.accounts >= accountCount ? ` Surviving the loss of ${target.accounts} accounts needs at least ${target.accounts + 1}.` : '';
    return `No encoding of up to ${maxTotal} shares can ${goal} with your ${accountCount} account${accountCount === 1 ? '' : 's'}.${why}`;
  }
  const count = ranked.length === 1 ? '1 encoding meets' : `${ranked.length} encodings meet`;
  return `With your ${accountCount} account${accountCount === 1 ? '' : 's'}, ${count} the target (${goal}); the leanest is ${describeOption(ranked[0])}. ${currentVerdict}`;
}

function explainExtraAccount(best: EncodingOption | null, bestWithExtra: EncodingOption | null, helps: boolean): string {
  if (bestWithExtra === null) return 'Even with one more account no encoding would meet the target.';
  if (best === null) return `With one more account the target is met: ${describeOption(bestWithExtra)}.`;
  if (helps) {
    return `One more account would help more than changing k and n: ${describeOption(bestWithExtra)} instead of ${formatOverhead(best.overhead)} with ${best.needed}-of-${best.total}.`;
  }
  return `One more account would not lower the overhead: ${describeOption(best)} already meets the target with your accounts.`;
}
