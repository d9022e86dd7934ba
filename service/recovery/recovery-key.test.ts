import { describe, expect, it } from 'vitest';
import {
  formatRecoveryKeyFile,
  generateRecoveryKey,
  parseRecoveryKey,
  recoveryKeyId,
  RecoveryKeyError,
  recoveryKeyToWords,
  type RecoveryKey,
} from './recovery-key';
import { RECOVERY_WORDS } from './word-list';

function keyOf(values: number[]): RecoveryKey {
  return { bytes: Uint8Array.from(values) };
}

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('recovery key words', () => {
  it('round-trips many random keys through 18 words', () => {
    for (let i = 0; i < 500; i++) {
      const key = generateRecoveryKey();
      expect(key.bytes).toHaveLength(16);
      const words = recoveryKeyToWords(key);
      expect(words).toHaveLength(18);
      expect(parseRecoveryKey(words.join(' ')).bytes).toEqual(key.bytes);
    }
  });

  it('uses one word per byte, then two checksum words', () => {
    const key = keyOf([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 255]);
    const words = recoveryKeyToWords(key);
    expect(words.slice(0, 16)).toEqual([...key.bytes].map((byte) => RECOVERY_WORDS[byte]));
  });

  it('accepts first-four-letter abbreviations, mixed case and any separators', () => {
    const key = generateRecoveryKey();
    const words = recoveryKeyToWords(key);
    const typed = words.map((word, i) => (i % 2 === 0 ? word.slice(0, 4).toUpperCase() : word[0].toUpperCase() + word.slice(1)));
    const text = `  ${typed.slice(0, 6).join(', ')}\n${typed.slice(6, 12).join(' - ')};\t${typed.slice(12).map((w, i) => `${i + 13}) ${w}`).join('  ')}.  `;
    expect(parseRecoveryKey(text).bytes).toEqual(key.bytes);
  });

  it('reads back the whole exported key file', () => {
    const key = generateRecoveryKey();
    const file = formatRecoveryKeyFile(key, { createdAt: new Date('2026-01-02T03:04:05Z'), gridName: 'Family photos' });
    expect(parseRecoveryKey(file).bytes).toEqual(key.bytes);
    expect(parseRecoveryKey(file.replace(/\n/g, '\r\n')).bytes).toEqual(key.bytes);
  });

  it('explains in the key file what it is, how to use it and to keep it secret', () => {
    const key = generateRecoveryKey();
    const file = formatRecoveryKeyFile(key, { createdAt: new Date('2026-01-02T03:04:05Z'), gridName: 'Family\nphotos' });
    expect(file).toContain('RAIC recovery key');
    expect(file).toContain('raic recovery restore --key-file FILE');
    expect(file).toContain('KEEP THIS SECRET');
    // Settings shows the key again while this computer works: the file must not say it never can (issue 20).
    expect(file).not.toContain('cannot show this key again');
    expect(file).toContain('under Settings, Recovery key');
    expect(file).toContain('2026-01-02T03:04:05.000Z');
    expect(file).toContain('# Grid: Family photos');
    expect(file).toContain(recoveryKeyId(key));
    recoveryKeyToWords(key).forEach((word, i) => expect(file).toMatch(new RegExp(`\\b${i + 1}\\. ${word}\\b`)));
  });

  it('names the word that is not in the list, by its position', () => {
    const words = recoveryKeyToWords(generateRecoveryKey());
    words[6] = 'tabel';
    const error = errorOf(() => parseRecoveryKey(words.join(' ')));
    expect(error).toBeInstanceOf(RecoveryKeyError);
    expect(error.message).toBe('Word 7 ("tabel") is not in the recovery word list; check it against your saved key.');
  });

  it('asks for four letters when a word is cut shorter', () => {
    const words = recoveryKeyToWords(generateRecoveryKey());
    words[2] = words[2].slice(0, 3);
    expect(errorOf(() => parseRecoveryKey(words.join(' '))).message).toMatch(/^Word 3 \(".{3}"\) is too short: give at least its first 4 letters\.$/);
  });

  it('counts the words when some are missing or extra', () => {
    const words = recoveryKeyToWords(generateRecoveryKey());
    expect(errorOf(() => parseRecoveryKey(words.slice(0, 15).join(' '))).message).toBe('Expected 18 words, found 15.');
    expect(errorOf(() => parseRecoveryKey([...words, 'apple'].join(' '))).message).toBe('Expected 18 words, found 19.');
    expect(errorOf(() => parseRecoveryKey('')).message).toBe('Expected 18 words, found 0.');
  });

  it('catches two swapped words and a wrong valid word with the checksum', () => {
    const key = keyOf([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160]);
    const swapped = recoveryKeyToWords(key);
    [swapped[3], swapped[4]] = [swapped[4], swapped[3]];
    const checksumMessage = 'The checksum words do not match: one of the words is wrong or two are swapped.';
    expect(errorOf(() => parseRecoveryKey(swapped.join(' '))).message).toBe(checksumMessage);
    const replaced = recoveryKeyToWords(key);
    replaced[0] = RECOVERY_WORDS[11];
    expect(errorOf(() => parseRecoveryKey(replaced.join(' '))).message).toBe(checksumMessage);
  });

  it('never puts the key words in an error message', () => {
    const words = recoveryKeyToWords(generateRecoveryKey());
    const swapped = [words[1], words[0], ...words.slice(2)];
    const messages = [
      errorOf(() => parseRecoveryKey(swapped.join(' '))).message,
      errorOf(() => parseRecoveryKey(words.slice(1).join(' '))).message,
      errorOf(() => parseRecoveryKey([...words.slice(0, 17), 'zzzzz'].join(' '))).message,
    ];
    for (const message of messages) for (const word of words) expect(message).not.toContain(word);
  });
});

describe('recoveryKeyId', () => {
  it('is 16 hex characters, stable for a key and different between keys', () => {
    const key = generateRecoveryKey();
    expect(recoveryKeyId(key)).toMatch(/^[0-9a-f]{16}$/);
    expect(recoveryKeyId({ bytes: Uint8Array.from(key.bytes) })).toBe(recoveryKeyId(key));
    expect(recoveryKeyId(generateRecoveryKey())).not.toBe(recoveryKeyId(key));
  });

  it('does not contain the key bytes', () => {
    const key = generateRecoveryKey();
    expect(Buffer.from(key.bytes).toString('hex')).not.toContain(recoveryKeyId(key).slice(0, 8));
  });

  it('refuses a key of the wrong length', () => {
    expect(() => recoveryKeyId({ bytes: new Uint8Array(15) })).toThrow(RecoveryKeyError);
  });
});
