/**
 * From a saved account (settings + secrets) back to what the user entered,
 * and the per-provider words and keys the service shows, all read from the
 * provider's descriptor (shared/providers.ts): no provider is named here.
 */
import { AccountInputSchema, type AccountInput } from '../../shared/accounts';
import { findProvider, priceKeyOf as priceKeyFor } from '../../shared/providers';
import type { AccountConfig } from '../grid-config';

/** No byte moving for this long abandons a request (then bounded retries): a stalled provider must not hold a job for minutes. */
export const REQUEST_IDLE_TIMEOUT_MS = 30_000;

/** The account as the user entered it, secrets included (never logged, never saved as a whole). */
export function accountInputOf(account: AccountConfig, secrets: Record<string, string>): AccountInput {
  return AccountInputSchema.parse({
    provider: account.provider,
    name: account.name,
    ...account.settings,
    ...secrets,
  });
}

/** Where an account keeps its data, in words for the UI (never a secret). */
export function describeLocation(account: Pick<AccountConfig, 'provider' | 'settings'>): string {
  const provider = findProvider(account.provider);
  return provider ? provider.describeLocation(account.settings) : account.provider;
}

/** The price-table key of an account: its provider, and for a provider with presets its preset ("s3:wasabi"). */
export function priceKeyOf(account: Pick<AccountConfig, 'provider' | 'settings'>): string {
  return priceKeyFor(account.provider, account.settings);
}
