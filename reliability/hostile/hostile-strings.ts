/**
 * Strings an attacker or a confused client would send: path traversal in
 * every spelling, NUL and control characters, right-to-left overrides, very
 * long names, prototype keys, malformed caps, SQL and shell fragments.
 */
import fc from 'fast-check';

export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '.',
  '..',
  '/',
  '//',
  '/../../etc/passwd',
  '/a/../../../b',
  '../../../../tmp/raic-escape',
  '/a/./b/../../..',
  '..\\..\\windows\\system32',
  'C:\\Windows\\System32\\drivers\\etc\\hosts',
  '\\\\server\\share\\x',
  '/a\u0000b',
  '\u0000',
  '/%2e%2e/%2e%2e/etc/passwd',
  '/\u202egnp.exe',
  '/\u200b',
  '/a\nb',
  '/a\r\nSet-Cookie: x=1',
  `/${'x'.repeat(10_000)}`,
  `/${'a/'.repeat(3000)}`,
  '__proto__',
  'constructor',
  "'; DROP TABLE files; --",
  '$(rm -rf /)',
  'URI:CHK:',
  'URI:CHK:aaaa:bbbb:3:5:100',
  'URI:CHK-Verifier:x:y:0:0:-1',
  'URI:LIT:!!!',
  'URI:SSK:abc:def',
  'URI:DIR2:abc',
  '\ud800',
  '😀'.repeat(100),
];

/** A hostile string, or an arbitrary one (fast-check's unicode strings include lone surrogates and controls). */
export const hostileString = fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 20 }));

/** Any value a JSON body or an IPC message could carry, with hostile strings mixed in. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  hostileString,
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, false, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, [], {}),
);
