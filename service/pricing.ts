/**
 * Prices and risk figures per account: the built-in tables of the robustness
 * model (engine/robustness), overridden by what the user set. S3 accounts are
 * keyed by their preset ("s3:wasabi") and rclone accounts by their remote
 * type ("rclone:drive"), since providers differ far more than the protocol does.
 */
import { defaultPrice, defaultRisk, type PriceEntry } from '../engine/robustness';
import type { AccountConfig, GridConfig } from './grid-config';
import { priceKeyOf } from './accounts/backend-settings';
import { defaultsVariantOf } from '../shared/providers';

export function priceOf(account: Pick<AccountConfig, 'provider' | 'settings'>, overrides: GridConfig['prices']): PriceEntry {
  const preset = defaultsVariantOf(account.provider, account.settings);
  return overrides[priceKeyOf(account)] ?? defaultPrice(account.provider, preset);
}

export function accountRiskOf(account: AccountConfig): { lossProbability: number; availability: number } {
  const preset = defaultsVariantOf(account.provider, account.settings);
  const defaults = defaultRisk(account.provider, preset);
  return {
    lossProbability: account.lossProbability ?? defaults.lossProbability,
    availability: account.availability ?? defaults.availability,
  };
}
