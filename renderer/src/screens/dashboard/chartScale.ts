/**
 * Axis arithmetic for the usage chart: round tick values people can read
 * ("0, 256 MiB, 512 MiB") and one date tick a week. Pure, so it can be
 * reasoned about apart from the drawing.
 */

const DAY_MS = 86_400_000;

/** A step of 1, 2, 2.5 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 2.5, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

/**
 * Byte ticks from 0 past `max`, stepping in the binary unit the labels use
 * (KiB, MiB…), so the labels come out as round numbers.
 */
export function byteTicks(max: number, count = 4): number[] {
  if (!(max > 0)) return [0, 1024];
  let unit = 1;
  while (max / unit >= 1024 && unit < 1024 ** 5) unit *= 1024;
  const step = niceStep(max / unit / count) * unit;
  const ticks: number[] = [];
  for (let value = 0; value < max + step; value += step) ticks.push(value);
  return ticks;
}

/** One tick a week, counted back from the end so the latest day is labelled. */
export function weekTicks(from: number, to: number): number[] {
  const ticks: number[] = [];
  for (let at = to; at >= from; at -= 7 * DAY_MS) ticks.unshift(at);
  return ticks;
}

export function shortDate(ms: number): string {
  return new Date(ms).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export interface Sample {
  at: number;
  fileBytes: number;
  storedBytes: number;
}

/**
 * The samples as a step line: usage only changes when files are stored or
 * removed, so between samples it stays level, and the last level lasts
 * until now.
 */
export function stepPoints(samples: readonly Sample[], value: (s: Sample) => number, until: number): [number, number][] {
  const points: [number, number][] = [];
  samples.forEach((sample, i) => {
    if (i > 0) points.push([sample.at, value(samples[i - 1]!)]);
    points.push([sample.at, value(sample)]);
  });
  const last = samples[samples.length - 1];
  if (last) points.push([until, value(last)]);
  return points;
}

/** The last sample of each day, newest first: the table fallback's rows. */
export function dailyRows<T extends { at: number }>(samples: readonly T[]): T[] {
  const byDay = new Map<string, T>();
  for (const sample of samples) byDay.set(new Date(sample.at).toDateString(), sample);
  return [...byDay.values()].reverse();
}
