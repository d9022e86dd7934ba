/**
 * The client refuses malformed arguments itself, with the same wording as the
 * engine's in-process servers, rather than sending them and decoding a 400.
 */
import { checkSecretLength, describeSecretLength, SecretsHeaderError, type SecretKind } from './secrets';

export function checkStorageIndex(storageIndex: unknown): Uint8Array {
  if (!(storageIndex instanceof Uint8Array) || storageIndex.length !== 16) throw new TypeError('storage index must be 16 bytes');
  return storageIndex;
}

export function checkShareNumber(shareNumber: unknown): number {
  if (typeof shareNumber !== 'number' || !Number.isInteger(shareNumber) || shareNumber < 0 || shareNumber > 255) {
    throw new RangeError(`share number must be an integer from 0 to 255, got ${String(shareNumber)}`);
  }
  return shareNumber;
}

export function checkNonNegativeInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}

export function checkSecret(kind: SecretKind, name: string, secret: unknown): Uint8Array {
  if (!(secret instanceof Uint8Array)) throw new TypeError(`${name} must be ${describeSecretLength(kind)}`);
  try {
    checkSecretLength(kind, secret);
  } catch (error) {
    if (error instanceof SecretsHeaderError) throw new TypeError(`${name} must be ${describeSecretLength(kind)}, got ${secret.length}`);
    throw error;
  }
  return secret;
}
