import { describe, expect, it } from 'vitest';
import { RECOVERY_WORDS, WORD_PREFIX_LENGTH, wordIndex } from './word-list';

describe('recovery word list', () => {
  it('has 256 distinct lowercase words of 4 to 8 letters', () => {
    expect(RECOVERY_WORDS).toHaveLength(256);
    expect(new Set(RECOVERY_WORDS).size).toBe(256);
    for (const word of RECOVERY_WORDS) expect(word).toMatch(/^[a-z]{4,8}$/);
  });

  it('tells every word apart by its first four letters', () => {
    expect(new Set(RECOVERY_WORDS.map((word) => word.slice(0, WORD_PREFIX_LENGTH))).size).toBe(256);
  });

  it('finds a word by itself or by any start of it of four letters or more', () => {
    RECOVERY_WORDS.forEach((word, index) => {
      for (let length = WORD_PREFIX_LENGTH; length <= word.length; length++) expect(wordIndex(word.slice(0, length))).toBe(index);
    });
  });

  it('refuses typos, extra letters and starts shorter than four letters', () => {
    expect(wordIndex('tabel')).toBeUndefined();
    expect(wordIndex('tables')).toBeUndefined();
    expect(wordIndex('tab')).toBeUndefined();
    expect(wordIndex('')).toBeUndefined();
  });
});
