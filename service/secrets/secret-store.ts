/**
 * What the rest of RAIC sees of its secrets (cloud account keys and
 * passwords): one interface, whether they live in the OS keychain or in the
 * passphrase-encrypted secrets file. Refs name a secret, never contain one.
 */
export interface SecretStore {
  readonly kind: 'keychain' | 'encrypted-file';
  /** Where the secrets live, in words for the UI (never a secret). */
  describe(): string;
  set(ref: string, value: string): Promise<void>;
  /** undefined when no secret is stored under ref. */
  get(ref: string): Promise<string | undefined>;
  /** Deleting a ref that holds nothing is not an error. */
  delete(ref: string): Promise<void>;
}

/** A secret store failure; its message never contains a secret value or a passphrase. */
export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

// Account ids are config ids (UUIDs, slugs); a ref is shown in keychain apps, so keep it plain printable ASCII.
const ACCOUNT_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}$/;
const FIELD = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** Throws unless ref is "<accountId>/<field>", e.g. "3f2a…/secretAccessKey". */
export function validateSecretRef(ref: string): void {
  if (typeof ref !== 'string') throw new SecretStoreError('A secret reference must be a string like "<accountId>/<field>".');
  const parts = ref.split('/');
  // The invalid ref is not quoted: a caller that swapped (ref, value) would otherwise print the secret.
  if (parts.length !== 2 || !ACCOUNT_ID.test(parts[0]!) || !FIELD.test(parts[1]!)) {
    throw new SecretStoreError(
      'Invalid secret reference: expected "<accountId>/<field>" ' +
        '(account id: letters, digits and . _ : @ -, up to 128 characters; field: a letter then letters, digits, _ . -, up to 64).',
    );
  }
}

/** Secret values are strings; refusing others early avoids storing "[object Object]" in a keychain. */
export function validateSecretValue(ref: string, value: string): void {
  if (typeof value !== 'string') throw new SecretStoreError(`The secret for ${ref} must be a string.`);
}
