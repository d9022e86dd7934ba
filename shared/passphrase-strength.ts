/**
 * How strong a new passphrase for the encrypted secrets file looks, in words
 * the form shows while it is typed. The service's policy
 * (`service/secrets/passphrase-policy.ts`) stays the authority on what is
 * accepted; this only mirrors its minimum and grades what lies above it, from
 * a rough guess of the guesses an attacker needs (length times the kinds of
 * characters used; several words count as a long passphrase, which they are).
 */
export const MIN_NEW_PASSPHRASE_LENGTH = 12;

export type PassphraseStrengthLevel = 'empty' | 'too-short' | 'too-simple' | 'fair' | 'good' | 'strong';

export interface PassphraseStrength {
  level: PassphraseStrengthLevel;
  /** Whether the service will accept it. */
  acceptable: boolean;
  /** One short sentence for the form. */
  words: string;
}

/** Bits of a rough brute-force estimate: length × log2(size of the character pools used). */
export function passphraseBits(passphrase: string): number {
  const characters = [...passphrase];
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[^a-zA-Z0-9]/.test(passphrase)) pool += 33;
  // Repeated characters add little: count each distinct character fully, repeats at a quarter.
  const distinct = new Set(characters).size;
  const effectiveLength = distinct + (characters.length - distinct) / 4;
  return pool === 0 ? 0 : effectiveLength * Math.log2(pool);
}

export function passphraseStrength(passphrase: string): PassphraseStrength {
  const length = [...passphrase].length;
  if (passphrase.trim() === '') return { level: 'empty', acceptable: false, words: `Choose a passphrase of at least ${MIN_NEW_PASSPHRASE_LENGTH} characters; several random words work well.` };
  if (length < MIN_NEW_PASSPHRASE_LENGTH) {
    return { level: 'too-short', acceptable: false, words: `Too short: ${length} of at least ${MIN_NEW_PASSPHRASE_LENGTH} characters.` };
  }
  if (new Set(passphrase).size < 4) return { level: 'too-simple', acceptable: false, words: 'Too simple: it repeats the same few characters.' };
  const bits = passphraseBits(passphrase);
  const words = passphrase.trim().split(/\s+/).length;
  if (bits >= 80 || (words >= 4 && length >= 20)) return { level: 'strong', acceptable: true, words: 'Strong.' };
  if (bits >= 60) return { level: 'good', acceptable: true, words: 'Good. A few more words would make it stronger.' };
  return { level: 'fair', acceptable: true, words: 'Fair: accepted, but easy to guess for a computer. Add a word or two.' };
}
