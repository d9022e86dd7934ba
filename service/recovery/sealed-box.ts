/**
 * Encrypts the small objects the recovery key protects (the catalog and the
 * pointers to it) with AES-256-GCM under a key derived per purpose, so a
 * pointer can never be passed off as a catalog or the other way round.
 *
 *   'RAICSEAL' (8) | version (1) | purpose (1) | nonce (12) | ciphertext | tag (16)
 *
 * The first 10 bytes are authenticated as associated data: changing the
 * version or purpose makes the box fail to open, like changing the ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { RecoveryFormatError } from './format-error';
import { deriveFromRecoveryKey } from './key-derivation';
import { RecoveryKeyError, type RecoveryKey } from './recovery-key';

export type SealPurpose = 'catalog' | 'pointer';

const MAGIC = new TextEncoder().encode('RAICSEAL');
const FORMAT_VERSION = 1;
const PURPOSE_CODES: Record<SealPurpose, number> = { catalog: 1, pointer: 2 };
const HEADER_BYTES = MAGIC.length + 2;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const AES_KEY_BYTES = 32;

function headerFor(purpose: SealPurpose): Uint8Array {
  const header = new Uint8Array(HEADER_BYTES);
  header.set(MAGIC);
  header[MAGIC.length] = FORMAT_VERSION;
  header[MAGIC.length + 1] = PURPOSE_CODES[purpose];
  return header;
}

function aesKeyFor(key: RecoveryKey, purpose: SealPurpose): Uint8Array {
  return deriveFromRecoveryKey(key.bytes, `raic sealed box: ${purpose}`, AES_KEY_BYTES);
}

export function seal(key: RecoveryKey, purpose: SealPurpose, plaintext: Uint8Array): Uint8Array {
  const header = headerFor(purpose);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', aesKeyFor(key, purpose), nonce);
  cipher.setAAD(header);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return new Uint8Array(Buffer.concat([header, nonce, ciphertext, cipher.getAuthTag()]));
}

function checkHeader(sealed: Uint8Array, purpose: SealPurpose): void {
  if (sealed.length < HEADER_BYTES + NONCE_BYTES + TAG_BYTES || !MAGIC.every((byte, i) => sealed[i] === byte)) {
    throw new RecoveryFormatError(`this ${purpose} is not a RAIC sealed object (it is damaged or was written by another program)`);
  }
  const version = sealed[MAGIC.length];
  if (version !== FORMAT_VERSION) {
    throw new RecoveryFormatError(`this ${purpose} uses sealed-object format ${version}, which this RAIC does not know; update RAIC`, version > FORMAT_VERSION);
  }
  if (sealed[MAGIC.length + 1] !== PURPOSE_CODES[purpose]) {
    throw new RecoveryFormatError(`this object is not a sealed ${purpose}`);
  }
}

/** Decrypts and authenticates; a wrong key and altered bytes give the same error on purpose. */
export function open(key: RecoveryKey, purpose: SealPurpose, sealed: Uint8Array): Uint8Array {
  checkHeader(sealed, purpose);
  const header = sealed.subarray(0, HEADER_BYTES);
  const nonce = sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES);
  const ciphertext = sealed.subarray(HEADER_BYTES + NONCE_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', aesKeyFor(key, purpose), nonce);
  decipher.setAAD(header);
  decipher.setAuthTag(tag);
  try {
    return new Uint8Array(Buffer.concat([decipher.update(ciphertext), decipher.final()]));
  } catch {
    throw new RecoveryKeyError(`This ${purpose} was sealed with a different key or has been altered: the recovery key does not open it.`);
  }
}
