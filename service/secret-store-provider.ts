/**
 * Opens the secret store the first time an account needs it, not at start:
 * the built-in grid of local folders has no secrets, so a machine without a
 * keychain still runs RAIC, and a keychain problem is reported where the user
 * meets it (adding a cloud account) rather than blocking everything.
 */
import { NoSecretStoreError, openSecretStore, type SecretStore } from './secrets';
import { ApiError } from '../shared/api';

export interface SecretStoreStatus {
  kind: 'keychain' | 'encrypted-file' | 'none' | 'not-opened';
  description: string;
}

export class SecretStoreProvider {
  private store: SecretStore | undefined;
  private opening: Promise<SecretStore> | undefined;
  private problem: string | undefined;

  constructor(private readonly options: { dataDir: string; serviceName?: string; passphrase?: () => Promise<string>; preferEncryptedFile?: boolean }) {}

  /** The store, opened on first use; an ApiError('unavailable') saying what to do when there is none. */
  async get(): Promise<SecretStore> {
    if (this.store) return this.store;
    this.opening ??= openSecretStore(this.options);
    try {
      this.store = await this.opening;
      this.problem = undefined;
      return this.store;
    } catch (error) {
      this.opening = undefined;
      this.problem = error instanceof Error ? error.message : String(error);
      if (error instanceof NoSecretStoreError || (error instanceof Error && /secret/i.test(error.name))) {
        throw new ApiError('unavailable', this.problem);
      }
      throw error;
    }
  }

  status(): SecretStoreStatus {
    if (this.store) return { kind: this.store.kind, description: this.store.describe() };
    if (this.problem) return { kind: 'none', description: this.problem };
    return { kind: 'not-opened', description: 'Not needed yet: no account with a password or key has been added.' };
  }
}
