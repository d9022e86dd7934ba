/**
 * Secrets in the OS keychain through @napi-rs/keyring: macOS Keychain,
 * Windows Credential Manager, the Secret Service on Linux (GNOME Keyring,
 * KWallet). One entry per secret: service "RAIC" (configurable), account
 * "<accountId>/<field>", so the user sees and can remove them in their
 * keychain app.
 */
import { DEFAULT_SERVICE_NAME, keychainCall, keychainEntry, keychainName, validateServiceName } from './keychain-access';
import { validateSecretRef, validateSecretValue, type SecretStore } from './secret-store';

export { DEFAULT_SERVICE_NAME, KeychainError } from './keychain-access';

export class KeychainSecretStore implements SecretStore {
  readonly kind = 'keychain' as const;

  readonly #timeoutMs: number | undefined;

  /** options.timeoutMs: per keychain call, default KEYCHAIN_TIMEOUT_MS (60 s). */
  constructor(
    readonly serviceName: string = DEFAULT_SERVICE_NAME,
    options: { timeoutMs?: number } = {},
  ) {
    validateServiceName(serviceName);
    this.#timeoutMs = options.timeoutMs;
  }

  describe(): string {
    return `${keychainName()}, as entries of service "${this.serviceName}" named "<account id>/<field>"`;
  }

  async set(ref: string, value: string): Promise<void> {
    validateSecretRef(ref);
    validateSecretValue(ref, value);
    await keychainCall(`Could not store ${ref} in the keychain`, (signal) => keychainEntry(this.serviceName, ref).setPassword(value, signal), { secret: value, timeoutMs: this.#timeoutMs });
  }

  async get(ref: string): Promise<string | undefined> {
    validateSecretRef(ref);
    // An existing entry in a locked keyring fails here (unlock prompt dismissed), it does not read as missing: see the tests.
    const value = await keychainCall(`Could not read ${ref} from the keychain`, (signal) => keychainEntry(this.serviceName, ref).getPassword(signal), { timeoutMs: this.#timeoutMs });
    return value ?? undefined;
  }

  async delete(ref: string): Promise<void> {
    validateSecretRef(ref);
    // false means "there was nothing to delete", which is what the caller wants anyway.
    await keychainCall(`Could not delete ${ref} from the keychain`, (signal) => keychainEntry(this.serviceName, ref).deletePassword(signal), { timeoutMs: this.#timeoutMs });
  }
}
