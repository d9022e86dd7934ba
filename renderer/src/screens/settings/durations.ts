/**
 * Intervals as a number and a unit a person would say ("every 6 hours"),
 * converted to and from the milliseconds the service stores.
 */
export const UNITS = [
  { id: 'seconds', ms: 1_000 },
  { id: 'minutes', ms: 60_000 },
  { id: 'hours', ms: 3_600_000 },
  { id: 'days', ms: 86_400_000 },
] as const;
export type Unit = (typeof UNITS)[number]['id'];

export interface Duration {
  amount: string;
  unit: Unit;
}

/** The largest unit that writes the interval as a whole number: 21600000 ms -> 6 hours. */
export function durationOf(ms: number): Duration {
  for (const unit of [...UNITS].reverse()) {
    if (ms >= unit.ms && ms % unit.ms === 0) return { amount: String(ms / unit.ms), unit: unit.id };
  }
  return { amount: String(ms / 1000), unit: 'seconds' };
}

export function msOf(duration: Duration): number | undefined {
  const amount = Number(duration.amount.trim());
  if (duration.amount.trim() === '' || !Number.isFinite(amount) || amount <= 0) return undefined;
  return Math.round(amount * UNITS.find((u) => u.id === duration.unit)!.ms);
}

/** 5000 -> "5 seconds", 21600000 -> "6 hours": for the limits in error messages. */
export function spokenDuration(ms: number): string {
  const { amount, unit } = durationOf(ms);
  return `${amount} ${amount === '1' ? unit.slice(0, -1) : unit}`;
}
