/**
 * Storage cost from stored bytes and per-account prices. No currency
 * conversion: when accounts are priced in different currencies the total is
 * labelled 'mixed' and is only a rough sum.
 */
import type { FilePlacement, PriceEntry } from './types';

export const BYTES_PER_GB = 1e9;
const GB_PER_TB = 1000;
export const MIXED_CURRENCY = 'mixed';
const FALLBACK_CURRENCY = 'USD';

export interface MonthlyCost {
  byAccount: Record<string, number>;
  total: number;
  currency: string;
}

/** Accounts without a price cost nothing here: they are own hardware or not yet priced. */
export function monthlyCost(storedBytesByAccount: Readonly<Record<string, number>>, prices: Readonly<Record<string, PriceEntry>>): MonthlyCost {
  const byAccount: Record<string, number> = {};
  const currencies = new Set<string>();
  let total = 0;
  for (const [accountId, bytes] of Object.entries(storedBytesByAccount)) {
    if (!(bytes >= 0)) throw new RangeError(`stored bytes of account ${accountId} must be a non-negative number, got ${bytes}`);
    const price = prices[accountId];
    const cost = price ? (bytes / BYTES_PER_GB) * price.storagePerGBMonth : 0;
    byAccount[accountId] = cost;
    total += cost;
    if (price && bytes > 0) currencies.add(price.currency);
  }
  return { byAccount, total, currency: currencyOf(currencies, prices) };
}

function currencyOf(used: ReadonlySet<string>, prices: Readonly<Record<string, PriceEntry>>): string {
  if (used.size > 1) return MIXED_CURRENCY;
  if (used.size === 1) return [...used][0];
  const listed = new Set(Object.values(prices).map((price) => price.currency));
  return listed.size === 1 ? [...listed][0] : FALLBACK_CURRENCY;
}

/** Monthly cost of storing 1 TB of file data: each share is 1/needed of the file. */
export function monthlyCostPerTB(placement: FilePlacement, needed: number, prices: Readonly<Record<string, PriceEntry>>): number {
  let cost = 0;
  for (const [accountId, shares] of Object.entries(placement)) {
    const price = prices[accountId];
    if (price) cost += ((shares.length * GB_PER_TB) / needed) * price.storagePerGBMonth;
  }
  return cost;
}
