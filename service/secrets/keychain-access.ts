/**
 * The low-level keychain calls shared by the store and the probe: one entry
 * per (service, account) through @napi-rs/keyring, pinned to the Secret
 * Service on Linux, each call with a deadline and a failure message that
 * says what to do.
 */
import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { explainKeychainError, keychainTimeoutExplanation } from './keychain-errors';
import { SecretStoreError } from './secret-store';

export const DEFAULT_SERVICE_NAME = 'RAIC';
/** A keychain call that takes longer is waiting on something (an invisible unlock prompt); fail instead of hanging the service. */
export const KEYCHAIN_TIMEOUT_MS = 15_000;

/**
 * On Linux the library silently falls back to the kernel keyring (keyutils),
 * which forgets everything at reboot: pin the Secret Service so a missing one
 * is an error the user sees. Ignored on macOS and Windows.
 */
const ENTRY_OPTIONS: EntryOptions = { linux: { store: 'secret-service' } };

export class KeychainError extends SecretStoreError {
  constructor(message: string) {
    super(message);
    this.name = 'KeychainError';
  }
}

export function validateServiceName(serviceName: string): void {
  if (typeof serviceName !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(serviceName)) {
    throw new SecretStoreError('The keychain service name must be 1 to 64 letters, digits, spaces or . _ - (e.g. "RAIC").');
  }
}

/** Where the keychain lives on this OS, in the user's words. */
export function keychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'the Windows Credential Manager';
  return 'the Secret Service keyring (GNOME Keyring or KWallet)';
}

/**
 * Runs one keychain call with a deadline and turns its failure into a
 * KeychainError that says what to do. `secret` is removed from any message,
 * in case a platform ever echoes what it was given.
 */
export async function keychainCall<T>(what: string, call: (signal: AbortSignal) => Promise<T>, secret?: string): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new KeychainError(`${what}: ${keychainTimeoutExplanation(KEYCHAIN_TIMEOUT_MS / 1000)}`));
    }, KEYCHAIN_TIMEOUT_MS);
  });
  try {
    // The constructor can throw synchronously too (a pinned store that is unavailable), hence inside the try.
    return await Promise.race([Promise.resolve().then(() => call(controller.signal)), deadline]);
  } catch (error) {
    if (error instanceof KeychainError) throw error;
    let message = `${what}: ${explainKeychainError(error)}`;
    if (secret) message = message.split(secret).join('[secret]');
    throw new KeychainError(message);
  } finally {
    clearTimeout(timer);
  }
}

export function keychainEntry(serviceName: string, account: string): AsyncEntry {
  return new AsyncEntry(serviceName, account, ENTRY_OPTIONS);
}
