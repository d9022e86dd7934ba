import { formatMonthly } from '../../../../shared/money-words';

/**
 * Robustness figures in plain words, for people who have never heard of
 * erasure coding: "any 2 accounts", "about 1 in 4,000 a year", "1.67 times
 * the space". The accounts screen and the setup wizard say them the same way.
 */

export function accountsCount(n: number): string {
  return `${n} account${n === 1 ? '' : 's'}`;
}

/**
 * What the grid survives, as the end of a sentence ("…survive the loss of any
 * 2 accounts"); when accounts share a disk or login, failures are counted,
 * a whole disk or login being one.
 */
export function survivalWords(tolerance: number, countsDomains = false): string {
  if (tolerance < 0) return 'could not all be read back right now';
  if (countsDomains) {
    if (tolerance === 0) return 'would not survive one disk or login failing';
    return `would survive any ${tolerance} failure${tolerance === 1 ? '' : 's'} at once (an account, or a whole disk or login)`;
  }
  if (tolerance === 0) return 'would not survive the loss of any account';
  return `would survive the loss of any ${accountsCount(tolerance)}`;
}

/** The headline of a proposed encoding: "Your files survive losing any 2 of your 5 accounts", in failures when accounts share a disk or login; never "any 0". */
export function optionSurvivalWords(option: { tolerance: number; countsDomains: boolean }, accountCount: number): string {
  if (option.tolerance <= 0) return option.countsDomains ? 'Your files do not survive one disk or login failing' : 'Your files do not survive losing an account';
  if (option.countsDomains) return `Your files survive any ${option.tolerance} failure${option.tolerance === 1 ? '' : 's'} at once (an account, or a whole disk or login)`;
  return `Your files survive losing any ${option.tolerance} of your ${accountsCount(accountCount)}`;
}

/** True when some accounts share a disk or login, so the report's tolerance counts failures rather than accounts. */
export function hasSharedDomains(report: { failureDomains?: readonly { accountIds: readonly string[] }[] }): boolean {
  return (report.failureDomains ?? []).some((domain) => domain.accountIds.length > 1);
}

/** A yearly probability as odds: 0.00025 -> "about 1 in 3,900 a year". */
export function chanceWords(probability: number): string {
  if (!(probability > 0)) return 'practically none';
  if (probability >= 0.5) return `about ${Math.round(probability * 100)} % a year`;
  const odds = 1 / probability;
  if (odds >= 1e12) return 'less than 1 in a trillion a year';
  const rounded = Number(odds.toPrecision(2));
  return `about 1 in ${rounded.toLocaleString('en')} a year`;
}

/** n/k as the space a terabyte of files takes. */
export function overheadWords(overhead: number): string {
  return `stores ${Number(overhead.toFixed(2))} times the size of your files`;
}

/** A monthly cost in the one money format (shared/money-words.ts): "Free", "$4.50/month", "$4.50/month per TB of files". */
export function moneyWords(amount: number, currency: string, per = ''): string {
  return formatMonthly(amount, currency, per);
}
