/**
 * What the encoding chart colours and prints in each square: the durability
 * in nines (a log scale of the loss probability, so 1e-3 and 1e-9 are far
 * apart rather than both "almost 0") or the cost of a terabyte.
 */
import type { EncodingOption } from './types';
import { MAX_NINES } from '../../../../shared/nines';

export type ChartMetric = 'nines' | 'cost';

export interface MetricScale {
  /** 0 (least) to 1 (most) for the colour intensity. */
  level(option: EncodingOption): number;
  /** The short figure printed in a square. */
  short(option: EncodingOption): string;
  /** What the colour means, for the legend and the chart's description. */
  meaning: string;
}

export function metricScale(metric: ChartMetric, options: readonly EncodingOption[], currency: string): MetricScale {
  const usable = options.filter((o) => o.acceptable);
  if (metric === 'nines') {
    const top = Math.max(1, ...usable.map((o) => Math.min(o.nines, MAX_NINES)));
    return {
      level: (o) => Math.min(o.nines, MAX_NINES) / top,
      short: (o) => (o.nines >= MAX_NINES ? `${MAX_NINES}+` : o.nines.toFixed(1)),
      meaning: 'Durability in nines: each nine makes losing a file ten times less likely. Darker is safer.',
    };
  }
  const top = Math.max(0, ...usable.map((o) => o.monthlyCostPerTB));
  return {
    level: (o) => (top > 0 ? o.monthlyCostPerTB / top : 0),
    short: (o) => (o.monthlyCostPerTB < 10 ? o.monthlyCostPerTB.toFixed(1) : String(Math.round(o.monthlyCostPerTB))),
    meaning:
      top > 0
        ? `Monthly cost of storing 1 TB of files, in ${currency}. Darker costs more.`
        : 'Monthly cost of storing 1 TB of files: your accounts cost nothing, so every choice is free.',
  };
}

/** Fill opacity for a level: never fully clear (the square must show) nor fully solid (the figure must stay readable). */
export function levelOpacity(level: number): number {
  return 0.08 + 0.72 * Math.max(0, Math.min(1, level));
}
