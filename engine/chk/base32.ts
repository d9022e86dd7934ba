/**
 * Tahoe-LAFS's base32: RFC 4648's alphabet in lower case, no '=' padding, bits
 * taken most significant first, and the unused low bits of the last character
 * always zero. Caps only round-trip if encoding is canonical, so decoding
 * rejects any text a Tahoe-LAFS encoder could not have produced.
 */

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

const VALUE_OF = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE_OF[ALPHABET.charCodeAt(i)] = i;

export class Base32Error extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Base32Error';
  }
}

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bitCount = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = ((buffer << 8) | bytes[i]) & 0xffff;
    bitCount += 8;
    while (bitCount >= 5) {
      bitCount -= 5;
      out += ALPHABET[(buffer >> bitCount) & 31];
    }
  }
  if (bitCount > 0) out += ALPHABET[(buffer << (5 - bitCount)) & 31];
  return out;
}

export function base32Decode(text: string): Uint8Array {
  // Lengths 1, 3 and 6 (mod 8) leave at least 5 spare bits: no byte string encodes to them.
  const remainder = text.length % 8;
  if (remainder === 1 || remainder === 3 || remainder === 6) {
    throw new Base32Error(`base32 text of length ${text.length} is not the encoding of any byte string`);
  }
  const out = new Uint8Array(Math.floor((text.length * 5) / 8));
  let buffer = 0;
  let bitCount = 0;
  let written = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const value = code < 128 ? VALUE_OF[code] : -1;
    if (value < 0) {
      throw new Base32Error(`invalid base32 character ${JSON.stringify(text[i])} at position ${i} (allowed: a-z, 2-7)`);
    }
    buffer = ((buffer << 5) | value) & 0xffff;
    bitCount += 5;
    if (bitCount >= 8) {
      bitCount -= 8;
      out[written++] = (buffer >> bitCount) & 0xff;
    }
  }
  if (bitCount > 0 && (buffer & ((1 << bitCount) - 1)) !== 0) {
    throw new Base32Error('base32 text is not canonical: the unused bits of its last character are not zero');
  }
  return out;
}
