/**
 * The minimum a passphrase must have to protect the secrets file: the file can
 * be copied and attacked offline, so scrypt only slows guessing; a short
 * passphrase would still fall. Length is what counts; no composition rules.
 */
import { SecretStoreError } from './secret-store';

export const MIN_PASSPHRASE_LENGTH = 12;

/** Throws a message the UI can show as is when the passphrase is too weak to create a secrets file with. */
export function checkNewPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string' || passphrase.trim() === '') {
    throw new SecretStoreError('The passphrase for the secrets file is empty; choose one of at least 12 characters (several random words work well).');
  }
  // Count characters as the user typed them, not UTF-16 units.
  const length = [...passphrase].length;
  if (length < MIN_PASSPHRASE_LENGTH) {
    throw new SecretStoreError(
      `The passphrase for the secrets file is too short (${length} characters); use at least ${MIN_PASSPHRASE_LENGTH} (several random words work well).`,
    );
  }
  if (new Set(passphrase).size < 4) {
    throw new SecretStoreError('The passphrase for the secrets file repeats too few different characters; choose a less predictable one (several random words work well).');
  }
}
