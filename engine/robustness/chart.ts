/**
 * Loss probability, tolerance and cost for every encoding the user could pick
 * with their current accounts, each placed as uploads place shares (failure
 * domains taking turns, upload-placement.ts) and judged with the accounts'
 * failure domains: the data behind the "what if I chose k and n differently"
 * chart and the recommendations.
 */
import { monthlyCostPerTB } from './cost';
import { fileRobustness } from './file-robustness';
import { uploadPlacement } from './upload-placement';
import type { AccountRisk, DomainRisk, EncodingOption, PriceEntry } from './types';

/** Enough encodings to show the trade-off; past 30 shares the chart stops being readable. */
const CHART_TOTAL_CAP = 30;
const CHART_TOTAL_FLOOR = 10;

export function defaultMaxTotal(accountCount: number): number {
  return Math.min(Math.max(accountCount * 2, CHART_TOTAL_FLOOR), CHART_TOTAL_CAP);
}

/**
 * The "happy" an option proposes: one account fewer than a file can reach,
 * so an upload still succeeds with one account away, never below `needed`;
 * equal to n only when n = k leaves no choice. Below `needed` when too few
 * accounts can be reached: the option is then not acceptable.
 */
export function proposedHappy(needed: number, total: number, accountCount: number): number {
  const reachable = Math.max(1, Math.min(total, accountCount));
  if (reachable <= needed) return reachable;
  return Math.max(needed, reachable - 1);
}

export function evaluateEncoding(
  accounts: readonly AccountRisk[],
  prices: Readonly<Record<string, PriceEntry>>,
  needed: number,
  total: number,
  domains: readonly DomainRisk[] = [],
): EncodingOption {
  const happy = proposedHappy(needed, total, accounts.length);
  const placement = uploadPlacement(accounts, total);
  const figures = fileRobustness(accounts, { needed, happy, total }, placement, domains);
  return {
    needed,
    happy,
    total,
    tolerance: figures.tolerance,
    annualLossProbability: figures.annualLossProbability,
    nines: figures.nines,
    availability: figures.availability,
    overhead: figures.overhead,
    monthlyCostPerTB: monthlyCostPerTB(placement, needed, prices),
    acceptable: needed <= happy,
    countsDomains: domains.length > 0,
  };
}

/** Every (needed, total) with 1 <= needed <= total <= maxTotal, ordered by total then needed; empty without accounts. */
export function robustnessChart(
  accounts: readonly AccountRisk[],
  prices: Readonly<Record<string, PriceEntry>>,
  options?: { maxTotal?: number; domains?: readonly DomainRisk[] },
): EncodingOption[] {
  if (accounts.length === 0) return [];
  const maxTotal = options?.maxTotal ?? defaultMaxTotal(accounts.length);
  if (!Number.isInteger(maxTotal) || maxTotal < 1) throw new RangeError(`maxTotal must be a positive integer, got ${maxTotal}`);
  const chart: EncodingOption[] = [];
  for (let total = 1; total <= maxTotal; total++) {
    for (let needed = 1; needed <= total; needed++) chart.push(evaluateEncoding(accounts, prices, needed, total, options?.domains ?? []));
  }
  return chart;
}
