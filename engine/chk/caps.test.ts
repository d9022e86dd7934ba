import { describe, expect, it } from 'vitest';
import { CapError, formatCap, literalCap, parseCap, storageIndexOf, toVerifyCap, LITERAL_THRESHOLD } from './index';
import { base32Decode, base32Encode } from './base32';

// A cap Tahoe-LAFS produced (from the published vectors).
const CHK = 'URI:CHK:yzxcoagbetwet65ltjpbqyli3m:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56';

describe('base32', () => {
  it('matches RFC 4648 test vectors in lower case without padding', () => {
    const cases: [string, string][] = [['', ''], ['f', 'my'], ['fo', 'mzxq'], ['foo', 'mzxw6'], ['foob', 'mzxw6yq'], ['fooba', 'mzxw6ytb'], ['foobar', 'mzxw6ytboi']];
    for (const [plain, encoded] of cases) {
      expect(base32Encode(new TextEncoder().encode(plain))).toBe(encoded);
      expect(new TextDecoder().decode(base32Decode(encoded))).toBe(plain);
    }
  });

  it('round-trips every length up to 40 bytes', () => {
    for (let length = 0; length <= 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + length) & 0xff);
      expect(base32Decode(base32Encode(bytes))).toEqual(bytes);
    }
  });

  it('rejects characters outside the alphabet, impossible lengths and non-canonical endings', () => {
    expect(() => base32Decode('MY')).toThrow(/invalid base32 character "M"/);
    expect(() => base32Decode('m1')).toThrow(/invalid base32 character "1"/);
    expect(() => base32Decode('mzx')).toThrow(/length 3/);
    expect(() => base32Decode('mz')).toThrow(/not canonical/);
  });
});

describe('parseCap / formatCap', () => {
  it('round-trips a Tahoe-LAFS CHK read cap', () => {
    const cap = parseCap(CHK);
    expect(cap).toMatchObject({ kind: 'CHK', needed: 1, total: 1, size: 56 });
    if (cap.kind !== 'CHK') throw new Error('unreachable');
    expect(cap.key).toHaveLength(16);
    expect(cap.uebHash).toHaveLength(32);
    expect(formatCap(cap)).toBe(CHK);
  });

  it('derives the verify cap and storage index, and round-trips the verify cap', () => {
    const cap = parseCap(CHK);
    if (cap.kind !== 'CHK') throw new Error('unreachable');
    const verify = toVerifyCap(cap);
    expect(verify.storageIndex).toEqual(storageIndexOf(cap));
    expect(storageIndexOf(verify)).toEqual(verify.storageIndex);
    const text = formatCap(verify);
    expect(text).toMatch(/^URI:CHK-Verifier:[a-z2-7]{26}:6b7inuiha2xdtgqzd55i6aeggutnxzr6qfwpv2ep5xlln6pgef7a:1:1:56$/);
    expect(parseCap(text)).toEqual(verify);
  });

  it('round-trips literal caps, including the empty file', () => {
    for (const text of ['', 'hello', 'x'.repeat(LITERAL_THRESHOLD)]) {
      const cap = literalCap(new TextEncoder().encode(text));
      const formatted = formatCap(cap);
      expect(formatted.startsWith('URI:LIT:')).toBe(true);
      expect(parseCap(formatted)).toEqual(cap);
    }
    expect(formatCap(literalCap(new TextEncoder().encode('hello')))).toBe('URI:LIT:nbswy3dp');
  });

  it('refuses literal caps over 55 bytes', () => {
    expect(() => literalCap(new Uint8Array(56))).toThrow(/at most 55 bytes/);
  });

  it('ignores surrounding whitespace', () => {
    expect(formatCap(parseCap(`  ${CHK}\n`))).toBe(CHK);
  });

  const [, , key, ueb] = CHK.split(':');
  const malformed: [string, string][] = [
    ['', 'not a Tahoe-LAFS capability: expected it to start with URI:'],
    ['http://example.com/', 'not a Tahoe-LAFS capability: expected it to start with URI:'],
    ['uri:CHK:' + CHK.slice(8), 'not a Tahoe-LAFS capability: expected it to start with URI:'],
    [`URI:CHK:${key}:${ueb}:1:1`, 'URI:CHK cap has 4 fields, expected 5 after URI:CHK:'],
    [`URI:CHK:${key}:${ueb}:1:1:56:9`, 'URI:CHK cap has 6 fields, expected 5 after URI:CHK:'],
    [`URI:CHK:${key}:${ueb}:0:1:56`, 'needed shares 0 must be between 1 and 256'],
    [`URI:CHK:${key}:${ueb}:257:300:56`, 'needed shares 257 must be between 1 and 256'],
    [`URI:CHK:${key}:${ueb}:3:2:56`, 'total shares 2 must be between needed shares 3 and 256'],
    [`URI:CHK:${key}:${ueb}:3:257:56`, 'total shares 257 must be between needed shares 3 and 256'],
    [`URI:CHK:${key}:${ueb}:1:1:-5`, 'URI:CHK size "-5" is not a decimal number'],
    [`URI:CHK:${key}:${ueb}:x:1:56`, 'URI:CHK needed shares "x" is not a decimal number'],
    [`URI:CHK:${key.slice(1)}:${ueb}:1:1:56`, 'URI:CHK key must be 26 base32 characters (16 bytes), got 25'],
    [`URI:CHK:${key}:${ueb}a:1:1:56`, 'URI:CHK URI extension hash must be 52 base32 characters (32 bytes), got 53'],
    [`URI:CHK:${key.slice(0, -1)}1:${ueb}:1:1:56`, 'URI:CHK key: invalid base32 character "1" at position 25 (allowed: a-z, 2-7)'],
    [`URI:CHK:${key.slice(0, -1)}n:${ueb}:1:1:56`, 'URI:CHK key: base32 text is not canonical: the unused bits of its last character are not zero'],
    [`URI:CHK-Verifier:${key}:${ueb}:1:1`, 'URI:CHK-Verifier cap has 4 fields, expected 5 after URI:CHK-Verifier:'],
    ['URI:LIT:nbswy3d', 'URI:LIT data: base32 text is not canonical: the unused bits of its last character are not zero'],
    ['URI:LIT:nbs', 'URI:LIT data: base32 text of length 3 is not the encoding of any byte string'],
    ['URI:LIT:NBSWY3DP', 'URI:LIT data: invalid base32 character "N" at position 0 (allowed: a-z, 2-7)'],
    ['URI:SSK:aaaa:bbbb', 'URI:SSK is a mutable-file capability; only immutable caps (URI:CHK, URI:CHK-Verifier, URI:LIT) are supported'],
    ['URI:DIR2:aaaa:bbbb', 'URI:DIR2 is a directory capability; only file caps (URI:CHK, URI:CHK-Verifier, URI:LIT) are supported'],
    ['URI:FOO:bar', 'unknown capability kind URI:FOO: expected URI:CHK, URI:CHK-Verifier or URI:LIT'],
    ['URI:CHK', 'URI:CHK is incomplete: expected URI:<kind>:<fields>'],
  ];
  it.each(malformed)('rejects %j', (text, message) => {
    let caught: unknown;
    try {
      parseCap(text);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CapError);
    expect((caught as Error).message).toBe(message);
  });
});
