/**
 * The explicit alternative to the OS keychain, for machines that have none (a
 * headless NAS): all secrets in one file encrypted with a key derived from a
 * passphrase the user gives at start (format: secrets-file-format.ts).
 * The passphrase is forgotten once the key is derived; every change
 * re-encrypts the whole map with a fresh nonce and replaces the file
 * atomically (mode 0600), so a crash leaves the old or the new file.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../atomic-file';
import { checkNewPassphrase } from './passphrase-policy';
import { SecretStoreError, validateSecretRef, validateSecretValue, type SecretStore } from './secret-store';
import {
  deriveKeys,
  newKdfParams,
  openSecrets,
  parseSecretsFile,
  passphraseMatches,
  sealSecrets,
  WrongPassphraseError,
  type FileKeys,
  type SecretsMap,
} from './secrets-file-format';

export class EncryptedFileSecretStore implements SecretStore {
  readonly kind = 'encrypted-file' as const;
  #secrets: SecretsMap;
  #keys: FileKeys;
  /** Changes run one after another so two writes never race on the file or the map. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly file: string,
    keys: FileKeys,
    secrets: SecretsMap,
  ) {
    this.#keys = keys;
    this.#secrets = secrets;
  }

  /** Creates a new, empty secrets file; refuses to overwrite an existing one or to use a weak passphrase. */
  static async create(file: string, passphrase: string): Promise<EncryptedFileSecretStore> {
    checkNewPassphrase(passphrase);
    const target = path.resolve(file);
    if (await exists(target)) {
      throw new SecretStoreError(`The secrets file ${target} already exists; unlock it with its passphrase instead of creating a new one.`);
    }
    // Only the owner may even list the folder the secrets file lives in.
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const keys = await deriveKeys(passphrase, newKdfParams());
    const store = new EncryptedFileSecretStore(target, keys, {});
    await writeFileAtomic(target, sealSecrets({}, keys), 0o600);
    return store;
  }

  /** Opens an existing secrets file; a wrong passphrase or a damaged file throws and leaves the file as it was. */
  static async unlock(file: string, passphrase: string): Promise<EncryptedFileSecretStore> {
    const target = path.resolve(file);
    let text: string;
    try {
      text = await fs.readFile(target, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new SecretStoreError(`The secrets file ${target} does not exist.`);
      throw new SecretStoreError(`The secrets file ${target} cannot be read (${code ?? 'unknown error'}).`);
    }
    const parsed = parseSecretsFile(text, target);
    const keys = await deriveKeys(typeof passphrase === 'string' ? passphrase : '', parsed.kdf);
    if (!passphraseMatches(parsed, keys)) throw new WrongPassphraseError(target);
    return new EncryptedFileSecretStore(target, keys, openSecrets(parsed, keys, target));
  }

  describe(): string {
    return `an encrypted secrets file protected by your passphrase (${this.file})`;
  }

  async get(ref: string): Promise<string | undefined> {
    validateSecretRef(ref);
    await this.#queue.catch(() => undefined);
    return Object.hasOwn(this.#secrets, ref) ? this.#secrets[ref] : undefined;
  }

  async set(ref: string, value: string): Promise<void> {
    validateSecretRef(ref);
    validateSecretValue(ref, value);
    await this.#change((secrets) => ({ ...secrets, [ref]: value }));
  }

  async delete(ref: string): Promise<void> {
    validateSecretRef(ref);
    await this.#change((secrets) => {
      if (!Object.hasOwn(secrets, ref)) return undefined;
      const { [ref]: _removed, ...rest } = secrets;
      return rest;
    });
  }

  /**
   * Re-encrypts everything under a new passphrase (and a new salt). The file
   * switches atomically: until the rename, the old passphrase still opens it.
   */
  async changePassphrase(newPassphrase: string): Promise<void> {
    checkNewPassphrase(newPassphrase);
    const keys = await deriveKeys(newPassphrase, newKdfParams());
    const next = this.#queue
      .catch(() => undefined)
      .then(async () => {
        await writeFileAtomic(this.file, sealSecrets(this.#secrets, keys), 0o600);
        this.#keys = keys;
      });
    this.#queue = next;
    return next;
  }

  /** Writes the changed map first and adopts it only once it is on disk, so memory never runs ahead of the file. */
  #change(update: (secrets: SecretsMap) => SecretsMap | undefined): Promise<void> {
    const next = this.#queue
      .catch(() => undefined)
      .then(async () => {
        const changed = update(this.#secrets);
        if (changed === undefined) return;
        await writeFileAtomic(this.file, sealSecrets(changed, this.#keys), 0o600);
        this.#secrets = changed;
      });
    this.#queue = next;
    return next;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.lstat(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
