/**
 * Chooses where RAIC's secrets live at start. In order:
 * 1. an existing encrypted secrets file: the user chose it before, and its
 *    secrets are nowhere else (switching to a keychain that appeared since
 *    would silently lose them), so it needs its passphrase;
 * 2. the OS keychain, when probeKeychain finds it usable;
 * 3. a new encrypted secrets file, only when the caller offers a passphrase
 *    source (the user's explicit choice; with preferEncryptedFile, before
 *    even trying the keychain);
 * otherwise a clear error naming both options. Never plaintext.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { EncryptedFileSecretStore } from './encrypted-file-store';
import { DEFAULT_SERVICE_NAME, KeychainSecretStore } from './keychain-store';
import { probeKeychain } from './probe-keychain';
import { SecretStoreError, type SecretStore } from './secret-store';

export interface OpenSecretStoreOptions {
  dataDir: string;
  /** Keychain service name; default "RAIC". */
  serviceName?: string;
  /** Asked only when the encrypted file is used (e.g. a prompt at start, or a file descriptor a NAS passes in). */
  passphrase?: () => Promise<string>;
  /** The user chose the encrypted file even though a keychain may be there. */
  preferEncryptedFile?: boolean;
}

export class NoSecretStoreError extends SecretStoreError {
  constructor(
    message: string,
    /** Why the keychain is unusable, for a UI that wants to show it apart. */
    readonly keychainReason?: string,
  ) {
    super(message);
    this.name = 'NoSecretStoreError';
  }
}

/** Where the encrypted secrets file lives: with the grid's other private keys. */
export function secretsFilePath(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'private', 'secrets.enc');
}

export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const file = secretsFilePath(options.dataDir);
  const serviceName = options.serviceName ?? DEFAULT_SERVICE_NAME;

  if (await fileExists(file)) {
    if (!options.passphrase) {
      throw new NoSecretStoreError(`RAIC's secrets are in the encrypted secrets file ${file}; start RAIC with its passphrase to unlock it.`);
    }
    return EncryptedFileSecretStore.unlock(file, await options.passphrase());
  }

  if (options.preferEncryptedFile && options.passphrase) return EncryptedFileSecretStore.create(file, await options.passphrase());

  const probe = await probeKeychain(serviceName);
  if (probe.available) return new KeychainSecretStore(serviceName);

  if (!options.passphrase) {
    throw new NoSecretStoreError(
      `${probe.reason} RAIC keeps cloud account keys only in the OS keychain or, if you choose it, in an encrypted secrets file (${file}) ` +
        'that you unlock with a passphrase at every start; it never stores them in plain text.',
      probe.reason,
    );
  }
  return EncryptedFileSecretStore.create(file, await options.passphrase());
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new SecretStoreError(`Cannot check the secrets file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unknown error'}).`);
  }
}
