/**
 * The figures of the settings screen in plain words. People who have never
 * heard of erasure coding read "any 2 accounts" and "about 1 in 3,900 a year"
 * first; the technical figure (nines, k-of-n) comes second.
 */
import { formatNines } from '../../../../shared/nines';
import { formatMoney } from '../../../../shared/money-words';
import { providerDefaultsByKey, UNKNOWN_KIND_KEY } from '../../../../shared/providers';

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** "3-of-5": the short name for an encoding, used after the words, never instead of them. */
export function encodingName(e: { needed: number; total: number }): string {
  return `${e.needed}-of-${e.total}`;
}

/**
 * Completes "Files survive the loss of …". When accounts share a disk or a
 * login, a failure is one account or a whole disk or login, and the words say so.
 */
export function toleranceWords(tolerance: number, countsDomains = false): string {
  if (tolerance < 0) return 'nothing: some files cannot be read right now';
  if (countsDomains) {
    if (tolerance === 0) return 'no failure: one disk or login failing (or one account) may lose files';
    return `any ${plural(tolerance, 'failure')} at once (an account, or a whole disk or login)`;
  }
  if (tolerance === 0) return 'no account: losing any one may lose files';
  return `any ${plural(tolerance, 'account')}`;
}

/** The yearly chance of losing a file as odds, which read better than 0.000258. */
export function yearlyOdds(probability: number): string {
  if (!(probability > 0)) return 'practically never';
  if (probability >= 0.5) return `${Math.round(probability * 100)}% a year`;
  const oneIn = 1 / probability;
  if (oneIn >= 1e12) return 'under 1 in a trillion a year';
  return `about 1 in ${Number(oneIn.toPrecision(2)).toLocaleString('en')} a year`;
}

/** Durability as the service's nines wording, with the actual figure, e.g. "1 nine (97%: about 1 in 33 a year)". */
export const ninesWords = formatNines;

/** A share of time as a percentage with as many 9s as it has, rounded down so 99.99999% never shows as 100%. */
export function percentDown(fraction: number): string {
  if (fraction >= 1) return '100%';
  const nines = Math.max(0, Math.floor(-Math.log10(1 - fraction)));
  const decimals = Math.min(8, Math.max(0, nines - 2));
  const scale = 10 ** decimals;
  return `${(Math.floor(fraction * 100 * scale) / scale).toFixed(decimals)}%`;
}

/** n/k as the space files take: "1.67× the size of your files". */
export function spaceWords(overhead: number): string {
  return `${Number(overhead.toFixed(2))}× the size of your files`;
}

/** An amount of money, in the one format the whole UI uses (shared/money-words.ts). */
export function money(amount: number, currency: string): string {
  return formatMoney(amount, currency);
}

/** Account kinds as the price table keys them (shared/providers.ts), in words: from each provider's and preset's descriptor. */
const KIND_NAMES: Record<string, string> = {
  ...Object.fromEntries(Object.entries(providerDefaultsByKey()).map(([key, defaults]) => [key, defaults.kindName])),
  [UNKNOWN_KIND_KEY]: 'Other storage',
};

export function kindName(priceKey: string): string {
  return KIND_NAMES[priceKey] ?? priceKey;
}
