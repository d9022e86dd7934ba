import { BLOB_KEY_PATTERN } from '../types';

/** A key that breaks BLOB_KEY_PATTERN: a programming error, never a user setting. */
export class InvalidBlobKeyError extends Error {
  constructor(readonly key: string) {
    super(`invalid blob key ${JSON.stringify(key)}: '/'-separated [A-Za-z0-9._-] segments, no '.' or '..'`);
    this.name = 'InvalidBlobKeyError';
  }
}

export function isBlobKey(key: string): boolean {
  return BLOB_KEY_PATTERN.test(key);
}

export function assertBlobKey(key: string): void {
  if (!isBlobKey(key)) throw new InvalidBlobKeyError(key);
}

/**
 * Name of the temporary object a put writes before renaming it into place.
 * The '~' cannot occur in a blob key, so listings (which keep only valid keys)
 * never show a half-written blob and a temporary name never collides with a key.
 */
export function temporaryNameFor(finalName: string): string {
  const random = Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
  return `${finalName}.~raic-${random}.tmp`;
}

/** The folder part of a list prefix: "shares/ab/xyz" -> "shares/ab", "shares/" -> "shares", "sh" -> "". */
export function folderOfPrefix(prefix: string): string {
  const slash = prefix.lastIndexOf('/');
  return slash < 0 ? '' : prefix.slice(0, slash);
}
