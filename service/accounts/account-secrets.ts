/**
 * Splitting what the user typed for an account into the settings the grid
 * config keeps and the secrets the secret store keeps, and putting them back
 * together when the account is opened. A secret is stored under the ref
 * "<accountId>/<field>", so deleting an account deletes exactly its entries.
 */
import { SECRET_FIELDS, type AccountInput } from '../../shared/accounts';
import { COMMON_ACCOUNT_FIELDS } from '../../shared/provider-kit';
import type { SecretStore } from '../secrets';
import { ApiError } from '../../shared/api';

/** Fields every account has, kept at the top level of its config entry rather than in `settings`. */
const COMMON_FIELDS = new Set(COMMON_ACCOUNT_FIELDS);

export type SettingValue = string | number | boolean;

export interface SplitAccountInput {
  settings: Record<string, SettingValue>;
  secrets: Record<string, string>;
}

export function splitAccountInput(input: AccountInput): SplitAccountInput {
  const secretNames = SECRET_FIELDS[input.provider];
  const settings: Record<string, SettingValue> = {};
  const secrets: Record<string, string> = {};
  for (const [field, value] of Object.entries(input)) {
    if (COMMON_FIELDS.has(field) || value === undefined || value === '') continue;
    if (secretNames.includes(field)) secrets[field] = String(value);
    else settings[field] = value as SettingValue;
  }
  return { settings, secrets };
}

export function secretRef(accountId: string, field: string): string {
  return `${accountId}/${field}`;
}

export async function saveAccountSecrets(store: SecretStore, accountId: string, secrets: Record<string, string>): Promise<void> {
  for (const [field, value] of Object.entries(secrets)) await store.set(secretRef(accountId, field), value);
}

/** Reads an account's secrets back; a missing one is an error the user can fix by re-entering it. */
export async function loadAccountSecrets(
  store: SecretStore,
  account: { id: string; name: string; secretFields: readonly string[] },
): Promise<Record<string, string>> {
  const secrets: Record<string, string> = {};
  for (const field of account.secretFields) {
    const value = await store.get(secretRef(account.id, field));
    if (value === undefined) {
      throw new ApiError(
        'unavailable',
        `The ${field} of "${account.name}" is missing from ${store.describe()}; edit the account and enter it again.`,
      );
    }
    secrets[field] = value;
  }
  return secrets;
}

export async function deleteAccountSecrets(store: SecretStore, account: { id: string; secretFields: readonly string[] }): Promise<void> {
  for (const field of account.secretFields) await store.delete(secretRef(account.id, field));
}
