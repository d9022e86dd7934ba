/**
 * The recovery key: 16 random bytes that, with the account credentials,
 * restore everything on a new machine. People handle it as 18 words (one per
 * byte plus two checksum words), so it can be written on paper and typed back;
 * the checksum catches a mistyped or swapped word before any account is asked.
 */
import { createHash, randomBytes } from 'node:crypto';
import { deriveFromRecoveryKey } from './key-derivation';
import { RECOVERY_WORDS, WORD_PREFIX_LENGTH, wordIndex } from './word-list';

export interface RecoveryKey {
  /** 16 bytes. */
  readonly bytes: Uint8Array;
}

export const RECOVERY_KEY_BYTES = 16;
const CHECKSUM_WORDS = 2;
export const RECOVERY_KEY_WORD_COUNT = RECOVERY_KEY_BYTES + CHECKSUM_WORDS;
const WORDS_PER_LINE = 3;
/** A typo is quoted back to the user; anything longer is cut so a pasted paragraph cannot flood the message. */
const MAX_QUOTED_LETTERS = 24;

/** A recovery key that cannot be read or used. Messages never contain the key. */
export class RecoveryKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecoveryKeyError';
  }
}

export function generateRecoveryKey(): RecoveryKey {
  return { bytes: new Uint8Array(randomBytes(RECOVERY_KEY_BYTES)) };
}

function checkKeyBytes(key: RecoveryKey): Uint8Array {
  if (!(key.bytes instanceof Uint8Array) || key.bytes.length !== RECOVERY_KEY_BYTES) {
    throw new RecoveryKeyError(`a recovery key must be ${RECOVERY_KEY_BYTES} bytes`);
  }
  return key.bytes;
}

function checksumOf(keyBytes: Uint8Array): Uint8Array {
  return createHash('sha256').update(keyBytes).digest().subarray(0, CHECKSUM_WORDS);
}

export function recoveryKeyToWords(key: RecoveryKey): string[] {
  const bytes = checkKeyBytes(key);
  return [...bytes, ...checksumOf(bytes)].map((byte) => RECOVERY_WORDS[byte]);
}

/**
 * Names this key without revealing it (HKDF is one-way): safe to store in
 * object names and to show, so several grids can keep pointers on one account.
 */
export function recoveryKeyId(key: RecoveryKey): string {
  return Buffer.from(deriveFromRecoveryKey(checkKeyBytes(key), 'raic recovery key id', 8)).toString('hex');
}

/** Keeps one line of user-supplied text from breaking out of its comment line. */
function singleLine(text: string): string {
  return text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, ' ').trim();
}

/**
 * The exported key file. Every line except the numbered words starts with
 * '#', so parseRecoveryKey can read the whole file back as it is.
 */
export function formatRecoveryKeyFile(key: RecoveryKey, info: { createdAt: Date; gridName?: string }): string {
  const words = recoveryKeyToWords(key);
  const gridName = info.gridName === undefined ? '' : singleLine(info.gridName);
  const numberWidth = String(words.length).length;
  const wordWidth = Math.max(...RECOVERY_WORDS.map((word) => word.length));
  const wordLines: string[] = [];
  for (let start = 0; start < words.length; start += WORDS_PER_LINE) {
    const cells = words.slice(start, start + WORDS_PER_LINE).map((word, i) => `${String(start + i + 1).padStart(numberWidth)}. ${word.padEnd(wordWidth)}`);
    wordLines.push(cells.join('   ').trimEnd());
  }
  return [
    '# RAIC recovery key',
    '#',
    `# Grid: ${gridName === '' ? '(unnamed)' : gridName}`,
    `# Created: ${info.createdAt.toISOString()}`,
    `# Key id: ${recoveryKeyId(key)} (not secret: it only tells which key this is)`,
    '#',
    '# With this key and the sign-in details of your cloud accounts, RAIC restores',
    '# your whole file tree on a new computer. To use it, run:',
    '#',
    '#     raic recovery restore --key-file FILE',
    '#',
    '# where FILE is this file, or type the 18 words below when RAIC asks for them',
    '# (the first 4 letters of each word are enough).',
    '#',
    '# KEEP THIS SECRET. Anyone with these words and access to your accounts can',
    '# read all your files. Keep it offline (printed, or on a drive in a drawer),',
    '# not in the cloud accounts it protects. While this computer works, RAIC',
    '# shows the key again under Settings, Recovery key; once it is lost, this',
    '# file (or the words written down) is the only copy.',
    '',
    ...wordLines,
    '',
  ].join('\n');
}

function quoteTyped(word: string): string {
  return JSON.stringify(word.length > MAX_QUOTED_LETTERS ? `${word.slice(0, MAX_QUOTED_LETTERS)}…` : word);
}

/**
 * Reads a key from its words: separated by anything that is not a letter
 * (spaces, newlines, commas, the numbers of the exported file), any case,
 * each word whole or by its first 4 letters. Lines starting with '#' are
 * skipped, so the exported file parses as it is.
 */
export function parseRecoveryKey(text: string): RecoveryKey {
  const withoutComments = text
    .split(/\r\n|\r|\n/)
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  const typed = withoutComments.toLowerCase().split(/[^a-z]+/).filter((word) => word !== '');
  if (typed.length !== RECOVERY_KEY_WORD_COUNT) {
    throw new RecoveryKeyError(`Expected ${RECOVERY_KEY_WORD_COUNT} words, found ${typed.length}.`);
  }
  const values = typed.map((word, i) => {
    if (word.length < WORD_PREFIX_LENGTH) {
      throw new RecoveryKeyError(`Word ${i + 1} (${quoteTyped(word)}) is too short: give at least its first ${WORD_PREFIX_LENGTH} letters.`);
    }
    const value = wordIndex(word);
    if (value === undefined) {
      throw new RecoveryKeyError(`Word ${i + 1} (${quoteTyped(word)}) is not in the recovery word list; check it against your saved key.`);
    }
    return value;
  });
  const bytes = Uint8Array.from(values.slice(0, RECOVERY_KEY_BYTES));
  const expected = checksumOf(bytes);
  const given = values.slice(RECOVERY_KEY_BYTES);
  if (given.some((value, i) => value !== expected[i])) {
    throw new RecoveryKeyError('The checksum words do not match: one of the words is wrong or two are swapped.');
  }
  return { bytes };
}
