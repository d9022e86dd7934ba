/**
 * The encrypted secrets file's format and crypto, without any file I/O:
 * scrypt turns the passphrase into a key, AES-256-GCM encrypts the whole
 * secrets map (one JSON object) with a fresh random nonce every time.
 *
 * scrypt yields 64 bytes: the first 32 are the AES key, the last 32 key an
 * HMAC "check" value stored in the file. The check tells a wrong passphrase
 * (check differs) from a damaged or altered file (check matches, GCM
 * authentication fails); GCM alone cannot tell the two apart. It gives an
 * attacker nothing the ciphertext does not: both only allow guessing offline
 * at scrypt's cost.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SecretStoreError } from './secret-store';

export const SECRETS_FILE_FORMAT = 'raic-secrets';
export const SECRETS_FILE_VERSION = 1;

/** OWASP's scrypt recommendation (N=2^17, r=8, p=1): 128 MiB and a fraction of a second per unlock. */
export const DEFAULT_SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;
const DERIVED_BYTES = 64;
const SALT_BYTES = 16;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Refuse headers asking for more scrypt memory than this: a tampered file must not exhaust memory. */
const MAX_SCRYPT_MEMORY = 1024 * 1024 * 1024;
const CHECK_LABEL = 'raic-secrets/v1 passphrase check';

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'not base64');

const KdfSchema = z.object({
  name: z.literal('scrypt'),
  salt: base64,
  N: z.number().int().min(2 ** 14).max(2 ** 20).refine((n) => (n & (n - 1)) === 0, 'N must be a power of two'),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
  keyLength: z.literal(DERIVED_BYTES),
});
export type KdfParams = z.infer<typeof KdfSchema>;

const SecretsFileSchema = z.object({
  format: z.literal(SECRETS_FILE_FORMAT),
  version: z.literal(SECRETS_FILE_VERSION),
  kdf: KdfSchema,
  check: base64,
  cipher: z.object({
    name: z.literal('aes-256-gcm'),
    nonce: base64,
    tag: base64,
    ciphertext: base64,
  }),
});
export type SecretsFile = z.infer<typeof SecretsFileSchema>;

const SecretsMapSchema = z.record(z.string(), z.string());
export type SecretsMap = Record<string, string>;

/** The passphrase-derived keys, kept in memory only (never the passphrase itself). */
export interface FileKeys {
  readonly kdf: KdfParams;
  readonly encryptionKey: Buffer;
  readonly check: Buffer;
}

export class WrongPassphraseError extends SecretStoreError {
  constructor(file: string) {
    super(`wrong passphrase for the secrets file ${file}`);
    this.name = 'WrongPassphraseError';
  }
}

export class DamagedSecretsFileError extends SecretStoreError {
  constructor(file: string, what: string) {
    super(`The secrets file ${file} ${what}; restore it from a backup (the secrets in it cannot be read).`);
    this.name = 'DamagedSecretsFileError';
  }
}

export function newKdfParams(): KdfParams {
  return { name: 'scrypt', salt: randomBytes(SALT_BYTES).toString('base64'), ...DEFAULT_SCRYPT, keyLength: DERIVED_BYTES };
}

export async function deriveKeys(passphrase: string, kdf: KdfParams): Promise<FileKeys> {
  const memory = 128 * kdf.N * kdf.r;
  if (memory > MAX_SCRYPT_MEMORY) throw new SecretStoreError('The secrets file asks for more scrypt memory than RAIC allows (1 GiB).');
  const derived = await new Promise<Buffer>((resolve, reject) => {
    // maxmem: Node refuses above 32 MiB by default; allow what these parameters need plus headroom.
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), kdf.keyLength, { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 2 * memory }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
  const encryptionKey = Buffer.from(derived.subarray(0, 32));
  const check = createHmac('sha256', derived.subarray(32)).update(CHECK_LABEL).digest();
  derived.fill(0);
  return { kdf, encryptionKey, check };
}

/** Binds the header to the ciphertext: changing salt, parameters or check breaks authentication. */
function associatedData(kdf: KdfParams, check: string): Buffer {
  return Buffer.from(JSON.stringify([SECRETS_FILE_FORMAT, SECRETS_FILE_VERSION, kdf.name, kdf.salt, kdf.N, kdf.r, kdf.p, kdf.keyLength, check]));
}

/** Encrypts the whole map with a fresh random nonce; returns the file's text. */
export function sealSecrets(secrets: SecretsMap, keys: FileKeys): string {
  const nonce = randomBytes(NONCE_BYTES);
  const check = keys.check.toString('base64');
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(keys.kdf, check));
  const plaintext = Buffer.from(JSON.stringify(secrets), 'utf8');
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  plaintext.fill(0);
  const file: SecretsFile = {
    format: SECRETS_FILE_FORMAT,
    version: SECRETS_FILE_VERSION,
    kdf: keys.kdf,
    check,
    cipher: {
      name: 'aes-256-gcm',
      nonce: nonce.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    },
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Parses and validates the file's text; damage is reported without quoting the content. */
export function parseSecretsFile(text: string, file: string): SecretsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new DamagedSecretsFileError(file, 'is truncated or is not a RAIC secrets file (not valid JSON)');
  }
  if (typeof raw === 'object' && raw !== null && 'version' in raw && (raw as { version: unknown }).version !== SECRETS_FILE_VERSION && (raw as { format?: unknown }).format === SECRETS_FILE_FORMAT) {
    throw new SecretStoreError(`The secrets file ${file} has format version ${String((raw as { version: unknown }).version)}, which this RAIC does not know; update RAIC.`);
  }
  const result = SecretsFileSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new DamagedSecretsFileError(file, `is damaged or is not a RAIC secrets file (${issue?.path.join('.') || 'top level'}: ${issue?.message})`);
  }
  const { nonce, tag } = result.data.cipher;
  if (Buffer.from(nonce, 'base64').length !== NONCE_BYTES || Buffer.from(tag, 'base64').length !== TAG_BYTES) {
    throw new DamagedSecretsFileError(file, 'is damaged (nonce or tag of the wrong length)');
  }
  return result.data;
}

/** True when the keys were derived from the passphrase this file was written with. */
export function passphraseMatches(parsed: SecretsFile, keys: FileKeys): boolean {
  const stored = Buffer.from(parsed.check, 'base64');
  return stored.length === keys.check.length && timingSafeEqual(stored, keys.check);
}

/** Decrypts the map; the caller has checked the passphrase, so any failure here is damage or tampering. */
export function openSecrets(parsed: SecretsFile, keys: FileKeys, file: string): SecretsMap {
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keys.encryptionKey, Buffer.from(parsed.cipher.nonce, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(parsed.kdf, parsed.check));
    decipher.setAuthTag(Buffer.from(parsed.cipher.tag, 'base64'));
    plaintext = Buffer.concat([decipher.update(Buffer.from(parsed.cipher.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new DamagedSecretsFileError(file, 'was altered or damaged (its encrypted content fails authentication)');
  }
  try {
    const result = SecretsMapSchema.safeParse(JSON.parse(plaintext.toString('utf8')));
    if (result.success) return result.data;
  } catch {
    // reported below
  } finally {
    plaintext.fill(0);
  }
  throw new DamagedSecretsFileError(file, 'decrypts to something that is not a secrets map');
}
