/**
 * Opens the secret store the first time an account needs it, not at start:
 * the built-in grid of local folders has no secrets, so a machine without a
 * keychain still runs RAIC, and a keychain problem is reported where the user
 * meets it (adding a cloud account) rather than blocking everything.
 */
import { existsSync } from 'node:fs';
import { checkNewPassphrase, EncryptedFileSecretStore, NoSecretStoreError, openSecretStore, secretsFilePath, SecretStoreError, WrongPassphraseError, type SecretStore } from './secrets';
import { ApiError } from '../shared/api';

export interface SecretStoreStatus {
  /** 'locked': the encrypted secrets file exists and waits for its passphrase. */
  kind: 'keychain' | 'encrypted-file' | 'none' | 'not-opened' | 'locked';
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
        throw new ApiError('unavailable', this.plainProblem(error));
      }
      throw error;
    }
  }

  /**
   * The desktop app's way in, where no terminal can ask for the passphrase:
   * unlocks the existing secrets file, or creates one when the user chose it
   * over a missing keychain. A wrong passphrase is an input error, not an outage.
   */
  async unlockWithPassphrase(passphrase: string, create: boolean): Promise<SecretStoreStatus> {
    if (this.store) return this.status();
    const file = secretsFilePath(this.options.dataDir);
    try {
      if (existsSync(file)) this.store = await EncryptedFileSecretStore.unlock(file, passphrase);
      else if (create) {
        checkNewPassphrase(passphrase);
        this.store = await EncryptedFileSecretStore.create(file, passphrase);
      } else {
        throw new ApiError('invalid_input', 'create: there is no secrets file yet; choose to create one (and keep its passphrase safe).', 'create');
      }
    } catch (error) {
      if (error instanceof WrongPassphraseError) throw new ApiError('invalid_input', 'passphrase: that is not the passphrase of the secrets file; try again.', 'passphrase');
      if (error instanceof SecretStoreError) throw new ApiError('invalid_input', `passphrase: ${error.message}`, 'passphrase');
      throw error;
    }
    this.problem = undefined;
    this.opening = undefined;
    return this.status();
  }

  /**
   * Where no keychain answers or the file is locked, what to do comes first, in the words the forms use for
   * their inline choice; the technical reason (D-Bus, Secret Service…) follows as details.
   */
  private plainProblem(error: Error): string {
    if (existsSync(secretsFilePath(this.options.dataDir))) {
      return 'Your accounts’ passwords are in RAIC’s encrypted secrets file, which is locked: unlock it with its passphrase (in this form, or in Settings), then try again.';
    }
    if (error instanceof NoSecretStoreError) {
      const reason = error.keychainReason ? ` Details: ${error.keychainReason}` : '';
      return `This computer has no keychain RAIC can use to keep this account’s password. Choose “Keep secrets in an encrypted file” (in this form, or in Settings), or start a keychain and restart RAIC.${reason}`;
    }
    return error.message;
  }

  status(): SecretStoreStatus {
    if (this.store) return { kind: this.store.kind, description: this.store.describe() };
    // An existing file is offered for unlocking, never for creating again: also when a passphrase source was
    // given but could not answer (started without a terminal), which leaves `problem` set.
    if (existsSync(secretsFilePath(this.options.dataDir))) {
      return { kind: 'locked', description: 'The account keys are in the encrypted secrets file; enter its passphrase to unlock it.' };
    }
    if (this.problem) return { kind: 'none', description: this.problem };
    return { kind: 'not-opened', description: 'Not needed yet: no account with a password or key has been added.' };
  }
}
