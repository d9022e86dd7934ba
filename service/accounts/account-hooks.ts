/**
 * What an opened account gets from the service besides its settings:
 *
 * - an account key, for backends that encrypt their own working files (the
 *   rclone bridge encrypts its config with it). It is random, made once,
 *   and kept in the secret store beside the account's other secrets, so the
 *   encrypted config rclone rewrites always opens with the same password;
 * - a place for secrets the backend renewed by itself (an OAuth token rclone
 *   refreshed): they are written to the secret store at once, because a
 *   rotated refresh token is the only one that still works.
 */
import { randomBytes } from 'node:crypto';
import type { SecretStore } from '../secrets';
import type { AccountHooks } from './account-runtime';
import { saveAccountSecrets, secretRef } from './account-secrets';

/** The providers whose backend uses an account key. */
const PROVIDERS_WITH_ACCOUNT_KEY: ReadonlySet<string> = new Set(['rclone']);
/** The secret-store field of the account key (beside the account's own secret fields). */
export const ACCOUNT_KEY_FIELD = 'accountKey';

export function usesAccountKey(provider: string): boolean {
  return PROVIDERS_WITH_ACCOUNT_KEY.has(provider);
}

/** The account's key from the secret store, made and stored the first time it is asked for. */
export async function accountKeyOf(store: SecretStore, accountId: string): Promise<string> {
  const ref = secretRef(accountId, ACCOUNT_KEY_FIELD);
  const existing = await store.get(ref);
  if (existing) return existing;
  const key = randomBytes(32).toString('base64url');
  await store.set(ref, key);
  return key;
}

/** Hooks for a saved account: its key, and renewed secrets saved under its id. */
export async function savedAccountHooks(
  store: () => Promise<SecretStore>,
  account: { id: string; provider: string; secretFields: readonly string[] },
  onSaved?: (fields: Record<string, string>) => void,
): Promise<AccountHooks> {
  // An account without secrets has nothing to protect or renew: it must not need a keychain (a `local` rclone remote).
  if (!usesAccountKey(account.provider) || account.secretFields.length === 0) return {};
  const secrets = await store();
  return {
    accountKey: await accountKeyOf(secrets, account.id),
    async onSecretFieldsChanged(fields) {
      await saveAccountSecrets(secrets, account.id, fields);
      onSaved?.(fields);
    },
  };
}

/**
 * Hooks for an account being tried before it is saved: no kept key (the
 * probe's config lives for the test only), and renewed secrets collected so
 * the account is saved with them rather than with a token the provider has
 * already rotated away.
 */
export function candidateHooks(): { hooks: AccountHooks; renewed: Record<string, string> } {
  const renewed: Record<string, string> = {};
  return {
    renewed,
    hooks: {
      onSecretFieldsChanged: async (fields) => {
        Object.assign(renewed, fields);
      },
    },
  };
}
