import { describe, expect, it } from 'vitest';
import { mixedEncodingWords } from './MixedEncodingNotice';

const encoding = { needed: 2, happy: 4, total: 5 };

describe('the mixed-encoding notice', () => {
  it('says how many files still use each older encoding and what re-encoding gives', () => {
    expect(
      mixedEncodingWords({
        encoding,
        fileEncodings: [
          { needed: 3, total: 5, files: 12, bytes: 1 },
          { needed: 2, total: 5, files: 4, bytes: 1 },
        ],
      }),
    ).toBe('12 files still use 3-of-5; re-encode them to get 2-of-5 like new files. Until then each file is judged by its own encoding.');
    expect(
      mixedEncodingWords({
        encoding,
        fileEncodings: [
          { needed: 3, total: 5, files: 1, bytes: 1 },
          { needed: 3, total: 10, files: 2, bytes: 1 },
        ],
      }),
    ).toBe('1 file still uses 3-of-5 and 2 files still use 3-of-10; re-encode them to get 2-of-5 like new files. Until then each file is judged by its own encoding.');
  });

  it('says nothing when every file uses the grid encoding, or there are none', () => {
    expect(mixedEncodingWords({ encoding, fileEncodings: [{ needed: 2, total: 5, files: 3, bytes: 1 }] })).toBeNull();
    expect(mixedEncodingWords({ encoding, fileEncodings: [] })).toBeNull();
  });
});
