/**
 * Which encodings meet a robustness target with the user's accounts, cheapest
 * in overhead first, and whether one more account would serve better than
 * any change of k and n. Options are judged as uploads would place them, over
 * the accounts' failure domains (chart.ts): five folders on one disk survive
 * no failure of that disk, whatever k and n. An option no better in risk
 * and no cheaper than another is left out, and of options that would read
 * the same (same tolerance, same odds of loss) only the leanest is kept.
 */
import { atMostProbability, yearlyOddsWords } from '../../shared/nines';
import { defaultMaxTotal, evaluateEncoding, robustnessChart } from './chart';
import { defaultRisk } from './defaults';
import type { AccountRisk, DomainRisk, EncodingOption, EncodingShape, PriceEntry, Recommendation, RobustnessTarget } from './types';

export const HYPOTHETICAL_ACCOUNT_ID = 'hypothetical-extra-account';

/** Overheads are ratios of small integers; equal ones may differ in the last bit. */
const OVERHEAD_EPSILON = 1e-9;
/** Costs per TB are sums of products; a thousandth of a cent is no difference. */
const COST_EPSILON = 1e-5;

export function recommendEncodings(
  accounts: readonly AccountRisk[],
  prices: Readonly<Record<string, PriceEntry>>,
  target: RobustnessTarget,
  current: EncodingShape,
  options?: { hypotheticalAccount?: AccountRisk; domains?: readonly DomainRisk[] },
): Recommendation {
  checkTarget(target);
  const domains = options?.domains ?? [];
  const meets = (option: EncodingOption) => meetsTarget(option, target);
  // One chart size for both grids, so the comparison is like for like.
  const maxTotal = defaultMaxTotal(accounts.length + 1);
  const ranked = rankedMeeting(robustnessChart(accounts, prices, { maxTotal, domains }), meets);

  // The extra account is a new disk or login of its own: no shared domain.
  const extra = options?.hypotheticalAccount ?? typicalExtraAccount(accounts, domains);
  const pricesWithExtra = prices[extra.id] ? prices : { ...prices, [extra.id]: medianPrice(accounts, prices) };
  const rankedWithExtra = rankedMeeting(robustnessChart([...accounts, { ...extra, domainId: undefined }], pricesWithExtra, { maxTotal, domains }), meets);

  const best = ranked[0] ?? null;
  const bestWithExtra = rankedWithExtra[0] ?? null;
  const helps = bestWithExtra !== null && (best === null || bestWithExtra.overhead < best.overhead - OVERHEAD_EPSILON);
  const meetsWithCurrent = accounts.length > 0 && meets(evaluateEncoding(accounts, prices, current.needed, current.total, domains));

  return {
    options: ranked,
    meetsWithCurrent,
    addAccountHelps: {
      wouldMeet: bestWithExtra !== null,
      helps,
      bestOption: bestWithExtra,
      explanation: explainExtraAccount(best, bestWithExtra, helps),
    },
    explanation: explainOptions(accounts, domains, target, ranked, current, meetsWithCurrent, maxTotal),
  };
}

export function meetsTarget(option: EncodingOption, target: RobustnessTarget): boolean {
  if (target.kind === 'survive-accounts') return option.tolerance >= target.accounts;
  // Compared as probabilities (the nines figure is capped), in log space with a tolerance, so exactly 1e-5 meets 5 nines.
  return atMostProbability(option.annualLossProbability, 10 ** -target.nines);
}

function checkTarget(target: RobustnessTarget): void {
  const value = target.kind === 'survive-accounts' ? target.accounts : target.nines;
  if (!(value >= 0) || (target.kind === 'survive-accounts' && !Number.isInteger(value))) throw new RangeError(`target ${target.kind} must be a non-negative ${target.kind === 'survive-accounts' ? 'integer' : 'number'}, got ${value}`);
}

/** Acceptable options meeting the target: least overhead, then cheapest, then least likely to lose data, then fewest shares; dominated and same-reading options left out. */
function rankedMeeting(chart: readonly EncodingOption[], meets: (option: EncodingOption) => boolean): EncodingOption[] {
  const sorted = chart
    .filter((option) => option.acceptable && meets(option))
    .sort(
      (a, b) =>
        (Math.abs(a.overhead - b.overhead) > OVERHEAD_EPSILON ? a.overhead - b.overhead : 0) ||
        a.monthlyCostPerTB - b.monthlyCostPerTB ||
        a.annualLossProbability - b.annualLossProbability ||
        a.total - b.total,
    );
  const undominated = sorted.filter((option, index) => !sorted.some((other, otherIndex) => otherIndex !== index && dominates(other, option, otherIndex < index)));
  const seen = new Set<string>();
  return undominated.filter((option) => {
    const headline = `${option.tolerance}|${yearlyOddsWords(option.annualLossProbability)}`;
    if (seen.has(headline)) return false;
    seen.add(headline);
    return true;
  });
}

/**
 * `better` is no worse in risk (what it survives, the odds of losing a file)
 * and no dearer, and strictly better on one count; when equal on all, the one
 * ranked first stays. "Dearer" is money a month when either option costs
 * money (space only breaks a tie of equal money), and space on free accounts.
 * Availability alone keeps no option: an option only reachable a few
 * minutes more a year, but riskier or dearer, is a trap in a short list
 * (a 5-of-9 beside a 3-of-5 that is safer and cheaper).
 */
export function dominates(better: EncodingOption, worse: EncodingOption, rankedFirst: boolean): boolean {
  const lossNoWorse = atMostProbability(better.annualLossProbability, worse.annualLossProbability);
  const lossEqual = lossNoWorse && atMostProbability(worse.annualLossProbability, better.annualLossProbability);
  const spaceNoWorse = better.overhead <= worse.overhead + OVERHEAD_EPSILON;
  const spaceEqual = Math.abs(better.overhead - worse.overhead) <= OVERHEAD_EPSILON;
  const moneyNoWorse = better.monthlyCostPerTB <= worse.monthlyCostPerTB + COST_EPSILON;
  const moneyEqual = Math.abs(better.monthlyCostPerTB - worse.monthlyCostPerTB) <= COST_EPSILON;
  const priced = better.monthlyCostPerTB > COST_EPSILON || worse.monthlyCostPerTB > COST_EPSILON;
  const costNoWorse = priced && !moneyEqual ? moneyNoWorse : spaceNoWorse;
  const costEqual = moneyEqual && spaceEqual;
  if (!(better.tolerance >= worse.tolerance && lossNoWorse && costNoWorse)) return false;
  const allEqual = better.tolerance === worse.tolerance && lossEqual && costEqual;
  return !allEqual || rankedFirst;
}

/** Without a named candidate, the extra account is like the user's median account (by its whole loss probability, its domain's share included). */
function typicalExtraAccount(accounts: readonly AccountRisk[], domains: readonly DomainRisk[]): AccountRisk {
  const whole = accounts.map((account) => {
    const domain = domains.find((candidate) => candidate.id === account.domainId);
    if (!domain) return account;
    return { ...account, lossProbability: 1 - (1 - account.lossProbability) * (1 - domain.lossProbability), availability: account.availability * domain.availability };
  });
  const byRisk = [...whole].sort((a, b) => a.lossProbability - b.lossProbability);
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

function describeTarget(target: RobustnessTarget, shared: boolean): string {
  if (target.kind === 'nines') return `reach ${target.nines} nines of yearly durability`;
  const count = `${target.accounts} ${shared ? 'failure' : 'account'}${target.accounts === 1 ? '' : 's'}`;
  return shared ? `survive any ${count} at once (an account, or a whole disk or login)` : `survive the loss of any ${count}`;
}

/** In words first ("7 pieces, any 5 rebuild a file"), the short name after it for those who know it. */
function describeOption(option: EncodingOption): string {
  return `${option.total} pieces per file, any ${option.needed} of which ${option.needed === 1 ? 'rebuilds' : 'rebuild'} it (${option.needed}-of-${option.total}, storing ${formatOverhead(option.overhead)} the size of your files)`;
}

function formatOverhead(overhead: number): string {
  return `${Number(overhead.toFixed(2))}×`;
}

function explainOptions(
  accounts: readonly AccountRisk[],
  domains: readonly DomainRisk[],
  target: RobustnessTarget,
  ranked: readonly EncodingOption[],
  current: EncodingShape,
  meetsWithCurrent: boolean,
  maxTotal: number,
): string {
  const accountCount = accounts.length;
  const shared = domains.length > 0;
  const goal = describeTarget(target, shared);
  const currentVerdict = `The current split (${current.needed}-of-${current.total}) ${meetsWithCurrent ? 'meets it' : 'does not meet it'}.`;
  if (ranked.length === 0) {
    const domainCount = domains.length + accounts.filter((account) => !domains.some((domain) => domain.id === account.domainId)).length;
    let why = '';
    if (shared && domainCount === 1) why = ` All your accounts are on one disk or login, and losing it loses every file whatever the split: add a cloud account or a USB disk.`;
    else if (target.kind === 'survive-accounts' && shared && target.accounts >= domainCount) why = ` Your accounts are in ${domainCount} failure domains; surviving ${target.accounts} failures needs accounts in at least ${target.accounts + 1}.`;
    else if (target.kind === 'survive-accounts' && target.accounts >= accountCount) why = ` Surviving the loss of ${target.accounts} accounts needs at least ${target.accounts + 1}.`;
    return `No way of splitting files into up to ${maxTotal} pieces can ${goal} with your ${accountCount} account${accountCount === 1 ? '' : 's'}.${why}`;
  }
  const count = ranked.length === 1 ? 'one way of splitting files meets' : `${ranked.length} ways of splitting files meet`;
  return `With your ${accountCount} account${accountCount === 1 ? '' : 's'}, ${count} this goal, to ${goal}. The leanest is ${describeOption(ranked[0])}. ${currentVerdict}`;
}

function explainExtraAccount(best: EncodingOption | null, bestWithExtra: EncodingOption | null, helps: boolean): string {
  if (bestWithExtra === null) return 'Even with one more account no way of splitting files would meet this goal.';
  if (best === null) return `With one more account the goal is met: ${describeOption(bestWithExtra)}.`;
  if (helps) {
    return `One more account would help more than splitting files differently: ${describeOption(bestWithExtra)} instead of ${formatOverhead(best.overhead)} with ${best.needed}-of-${best.total}.`;
  }
  return `One more account would not save space: ${describeOption(best)} already meets this goal with your accounts.`;
}
