/**
 * "Nines" of durability: -log10 of the loss probability, so 1e-11 is 11 nines
 * (99.999999999%). Capped because past a point the figure reflects the
 * independence assumption rather than anything real.
 *
 * The count of nines alone hides a lot (97% and 90% are both "1 nine"), so
 * the words always carry the actual figure and the odds: "1 nine (97%: about
 * 1 in 33 a year)".
 *
 * In shared/ because the robustness model (engine/robustness), the CLI and the
 * UI all write durability this way.
 */

export const MAX_NINES = 30;

/** Whole-nines counts land a hair below the integer in floating point (log10(1e-11) may be -10.999...). */
const WHOLE_NINES_SLACK = 1e-9;

/** Relative slack before rounding a loss up: figures a hair above a round value are that value. */
const ROUNDING_SLACK = 1e-4;

/** Relative tolerance when comparing probabilities: figures computed two ways differ in the last bits. */
export const PROBABILITY_TOLERANCE = 1e-9;

export function ninesOf(lossProbability: number): number {
  if (!(lossProbability > 0)) return MAX_NINES;
  if (lossProbability >= 1) return 0;
  return Math.min(MAX_NINES, -Math.log10(lossProbability));
}

/**
 * Whether a loss probability is at most a target, compared in log space with
 * a relative tolerance: 1e-5 computed as 10 ** -5 or as 0.00001 must meet "5 nines".
 */
export function atMostProbability(probability: number, target: number): boolean {
  if (!(probability > 0)) return true;
  if (!(target > 0)) return false;
  return Math.log(probability) <= Math.log(target) + PROBABILITY_TOLERANCE;
}

/** e.g. 1e-11 -> "11 nines (99.999999999%: about 1 in 100 billion a year)", 0.03 -> "1 nine (97%: about 1 in 33 a year)". */
export function formatNines(p: number): string {
  if (p >= 1) return '0 nines (loss is certain)';
  const nines = ninesOf(p);
  if (nines >= MAX_NINES) return `more than ${MAX_NINES} nines`;
  const whole = Math.floor(nines + WHOLE_NINES_SLACK);
  return `${whole} ${whole === 1 ? 'nine' : 'nines'} (${durabilityPercent(p)}: ${yearlyOddsWords(p)})`;
}

/**
 * 1 - p as a percentage, written from the loss rounded up to two significant
 * digits so it never looks safer than it is: 0.0243 -> "97.5%", 2.5e-4 ->
 * "99.975%", 1e-11 -> "99.999999999%". Decimal digits are built as text so
 * 15 nines do not print as "100%".
 */
export function durabilityPercent(p: number): string {
  if (!(p > 0)) return '100%';
  if (p >= 1) return '0%';
  const lossPercent = p * 100;
  const exponent = Math.floor(Math.log10(lossPercent)) - 1;
  // Two significant digits of the loss, rounded up (past a hair of slack, so 2.4000001% stays 2.4%); `decimals` places after the point.
  let digits = Math.ceil((lossPercent / 10 ** exponent) * (1 - ROUNDING_SLACK));
  let decimals = Math.max(0, -exponent);
  if (exponent > 0) digits *= 10 ** exponent;
  while (decimals > 0 && digits % 10 === 0) {
    digits /= 10;
    decimals--;
  }
  const scale = 10n ** BigInt(decimals);
  const kept = 100n * scale - BigInt(digits);
  const text = kept.toString().padStart(decimals + 1, '0');
  return decimals === 0 ? `${text}%` : `${text.slice(0, -decimals)}.${text.slice(-decimals)}%`;
}

/** A yearly probability as odds: 0.03 -> "about 1 in 33 a year", 1e-11 -> "about 1 in 100 billion a year". */
export function yearlyOddsWords(p: number): string {
  if (!(p > 0)) return 'practically never';
  if (p >= 0.5) return `a ${Math.round(p * 100)}% chance a year`;
  const odds = Number((1 / p).toPrecision(2));
  for (const [size, word] of [
    [1e12, 'trillion'],
    [1e9, 'billion'],
    [1e6, 'million'],
  ] as const) {
    if (odds >= size) return `about 1 in ${Number((odds / size).toPrecision(2)).toLocaleString('en')} ${word} a year`;
  }
  return `about 1 in ${odds.toLocaleString('en')} a year`;
}
