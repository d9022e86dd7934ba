/**
 * A minimal DER (ASN.1 Distinguished Encoding Rules) writer: just the types a
 * self-signed X.509 certificate needs. Writing, never parsing: certificates
 * are read back with node:crypto's X509Certificate, which does the checking.
 */

const TAG = {
  integer: 0x02,
  bitString: 0x03,
  objectIdentifier: 0x06,
  utf8String: 0x0c,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

function encodeLength(length: number): Uint8Array {
  if (length < 0x80) return Uint8Array.of(length);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts));
}

/** One tag-length-value element. */
export function derElement(tag: number, content: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(tag), encodeLength(content.length), content]);
}

export function derSequence(...items: Uint8Array[]): Uint8Array {
  return derElement(TAG.sequence, concat(items));
}

export function derSet(...items: Uint8Array[]): Uint8Array {
  return derElement(TAG.set, concat(items));
}

/** A non-negative INTEGER from its big-endian magnitude (leading zeros trimmed, a zero byte added when the top bit would read as a sign). */
export function derUnsignedInteger(magnitude: Uint8Array): Uint8Array {
  let start = 0;
  while (start < magnitude.length - 1 && magnitude[start] === 0) start++;
  const trimmed = magnitude.subarray(start);
  const content = trimmed.length === 0 ? Uint8Array.of(0) : trimmed[0]! & 0x80 ? concat([Uint8Array.of(0), trimmed]) : trimmed;
  return derElement(TAG.integer, content);
}

export function derSmallInteger(value: number): Uint8Array {
  if (!Number.isInteger(value) || value < 0 || value > 0x7fffffff) throw new RangeError(`DER small integer out of range: ${value}`);
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return derUnsignedInteger(Uint8Array.from(bytes));
}

export function derObjectIdentifier(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  if (arcs.length < 2 || arcs.some((arc) => !Number.isInteger(arc) || arc < 0)) throw new RangeError(`not an object identifier: ${dotted}`);
  const bytes: number[] = [40 * arcs[0]! + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const base128: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) base128.unshift(0x80 | (rest & 0x7f));
    bytes.push(...base128);
  }
  return derElement(TAG.objectIdentifier, Uint8Array.from(bytes));
}

export function derUtf8String(text: string): Uint8Array {
  return derElement(TAG.utf8String, new Uint8Array(Buffer.from(text, 'utf8')));
}

/** A BIT STRING of whole bytes (no unused bits). */
export function derBitString(bytes: Uint8Array): Uint8Array {
  return derElement(TAG.bitString, concat([Uint8Array.of(0), bytes]));
}

/** An explicitly tagged, constructed, context-specific element ([n] EXPLICIT). */
export function derExplicit(tagNumber: number, inner: Uint8Array): Uint8Array {
  return derElement(0xa0 | tagNumber, inner);
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050, always in UTC to the second. */
export function derTime(date: Date): Uint8Array {
  const iso = date.toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const digits = iso.slice(0, 19).replace(/[-:T]/g, '') + 'Z';
  const year = date.getUTCFullYear();
  if (year >= 1950 && year < 2050) return derElement(TAG.utcTime, new Uint8Array(Buffer.from(digits.slice(2), 'ascii')));
  return derElement(TAG.generalizedTime, new Uint8Array(Buffer.from(digits, 'ascii')));
}
