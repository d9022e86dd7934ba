/**
 * The price table as typed: one row per kind of account in use. An empty
 * price means "use RAIC's default", so the user's table only holds what they
 * changed and new defaults still reach everything else.
 */
import type { Usage } from '../../../../shared/api';
import { DEFAULT_PRICES } from '../../../../shared/provider-defaults';

export type PriceTable = Usage['prices'];

export interface PriceRow {
  key: string;
  accounts: string[];
  monthlyCost: number;
  currency: string;
}
export interface PriceDraft {
  amount: string;
  currency: string;
}

export function defaultPriceFor(key: string): PriceTable[string] {
  return DEFAULT_PRICES[key] ?? DEFAULT_PRICES.unknown ?? { storagePerGBMonth: 0, currency: 'USD' };
}

/** The kinds in use, each with its accounts and what they cost now. */
export function priceRows(usage: Usage): PriceRow[] {
  const rows = new Map<string, PriceRow>();
  for (const account of usage.accounts) {
    const row = rows.get(account.priceKey) ?? { key: account.priceKey, accounts: [], monthlyCost: 0, currency: account.currency };
    row.accounts.push(account.name);
    row.monthlyCost += account.monthlyCost;
    rows.set(account.priceKey, row);
  }
  return [...rows.values()];
}

export function priceDraftsOf(rows: readonly PriceRow[], prices: PriceTable): Record<string, PriceDraft> {
  return Object.fromEntries(
    rows.map((row) => {
      const own = prices[row.key];
      return [row.key, own ? { amount: String(own.storagePerGBMonth), currency: own.currency } : { amount: '', currency: defaultPriceFor(row.key).currency }];
    }),
  );
}

export function priceError(draft: PriceDraft): string | undefined {
  if (draft.amount.trim() === '') return undefined;
  const amount = Number(draft.amount);
  if (!Number.isFinite(amount) || amount < 0 || amount > 1000) return 'Enter a price from 0 to 1000, or leave it empty for the default.';
  const currency = draft.currency.trim();
  if (currency.length < 1 || currency.length > 8) return 'Give the currency in 1 to 8 letters, e.g. USD or EUR.';
  return undefined;
}

/** The table to save: the user's other entries kept, the rows shown replaced (an empty row removes its entry). */
export function pricesToSave(saved: PriceTable, drafts: Record<string, PriceDraft>): PriceTable {
  const next: PriceTable = { ...saved };
  for (const [key, draft] of Object.entries(drafts)) {
    if (draft.amount.trim() === '') delete next[key];
    else next[key] = { storagePerGBMonth: Number(draft.amount), currency: draft.currency.trim().toUpperCase() };
  }
  return next;
}
