/** Fractions (probabilities, availability) as percentages. */

/** A fraction (0..1) as a percentage with just enough digits: 0.99 -> "99%", 0.0001 -> "0.01%". */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (percent === 0 || percent >= 10) return `${Math.round(percent * 10) / 10}%`;
  return `${Number(percent.toPrecision(2))}%`;
}
