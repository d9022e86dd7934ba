/**
 * Prices and risk figures per account: the built-in tables of the robustness
 * model (engine/robustness), overridden by what the user set. S3 accounts are
 * keyed by their preset ("s3:wasabi"), since providers differ far more than
 * the protocol does.
 */
import { defaultPrice, defaultRisk, type PriceEntry } from '../engine/robustness';
import type { AccountConfig, GridConfig } from './grid-config';
import { priceKeyOf } from './accounts/backend-settings';

export function priceOf(account: Pick<AccountConfig, 'provider' | 'settings'>, overrides: GridConfig['prices']): PriceEntry {
  const preset = account.provider === 's3' ? String(account.settings.preset) : undefined;
  return overrides[priceKeyOf(account)] ?? defaultPrice(account.provider, preset);
}

export function accountRiskOf(account: AccountConfig): { lossProbability: number; availability: number } {
  const preset = account.provider === 's3' ? String(account.settings.preset) : undefined;
  const defaults = defaultRisk(account.provider, preset);
  return {
    lossProbability: account.lossProbability ?? defaults.lossProbability,
    availability: account.availability ?? defaults.availability,
  };
}
