/**
 * "Nines" of durability: -log10 of the loss probability, so 1e-11 is 11 nines
 * (99.999999999%). Capped because past a point the figure reflects the
 * independence assumption rather than anything real.
 *
 * In shared/ because the robustness model (engine/robustness), the CLI and the
 * UI all write durability this way.
 */

export const MAX_NINES = 30;

/** Whole-nines counts land a hair below the integer in floating point (log10(1e-11) may be -10.999...). */
const WHOLE_NINES_SLACK = 1e-9;

export function ninesOf(lossProbability: number): number {
  if (!(lossProbability > 0)) return MAX_NINES;
  if (lossProbability >= 1) return 0;
  return Math.min(MAX_NINES, -Math.log10(lossProbability));
}

/** e.g. 1e-11 -> "11 nines (99.999999999%)". */
export function formatNines(p: number): string {
  if (p >= 1) return '0 nines (loss is certain)';
  const nines = ninesOf(p);
  if (nines >= MAX_NINES) return `more than ${MAX_NINES} nines`;
  const whole = Math.floor(nines + WHOLE_NINES_SLACK);
  if (whole === 0) return `0 nines (${(Math.floor((1 - p) * 1000) / 10).toString()}%)`;
  return `${whole} ${whole === 1 ? 'nine' : 'nines'} (${ninesPercent(whole)})`;
}

/** The percentage written digit by digit, so 15 nines do not print as "100%". */
function ninesPercent(whole: number): string {
  if (whole === 1) return '90%';
  const integerPart = '99';
  const fraction = '9'.repeat(whole - 2);
  return fraction ? `${integerPart}.${fraction}%` : `${integerPart}%`;
}
