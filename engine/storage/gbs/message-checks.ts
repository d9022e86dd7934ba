/**
 * Shape checks for decoded CBOR messages: the CDDL schemas of the spec,
 * written as small validators. Maps are closed (unknown keys are refused, as
 * CDDL maps are), numbers must be safe non-negative integers.
 */

import { CborFloat } from './cbor/decode';

export class MessageShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessageShapeError';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof CborFloat) return `a float (${value.value})`;
  if (value instanceof Uint8Array) return 'a byte string';
  if (value instanceof Set) return 'a set';
  if (value instanceof Map) return 'a map';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}

/** Key of a decoded map as text (byte-string keys, as in the version message, compare by their ASCII). */
function keyText(key: unknown): string | undefined {
  if (typeof key === 'string') return key;
  if (key instanceof Uint8Array) return Buffer.from(key).toString('latin1');
  return undefined;
}

/** A map with exactly the required keys (plus any optional ones), keyed by text. */
export function closedMap(value: unknown, where: string, required: readonly string[], optional: readonly string[] = []): Map<string, unknown> {
  if (!(value instanceof Map)) throw new MessageShapeError(`${where} must be a map, not ${describe(value)}`);
  const out = new Map<string, unknown>();
  for (const [key, entry] of value) {
    const text = keyText(key);
    if (text === undefined || (!required.includes(text) && !optional.includes(text))) {
      throw new MessageShapeError(`${where} has an unexpected key ${JSON.stringify(String(text ?? key)).slice(0, 60)}`);
    }
    out.set(text, entry);
  }
  for (const key of required) if (!out.has(key)) throw new MessageShapeError(`${where} lacks "${key}"`);
  return out;
}

/** A map that may carry more keys than we read (responses from newer servers). */
export function openMap(value: unknown, where: string, required: readonly string[]): Map<string, unknown> {
  if (!(value instanceof Map)) throw new MessageShapeError(`${where} must be a map, not ${describe(value)}`);
  const out = new Map<string, unknown>();
  for (const [key, entry] of value) {
    const text = keyText(key);
    if (text !== undefined) out.set(text, entry);
  }
  for (const key of required) if (!out.has(key)) throw new MessageShapeError(`${where} lacks "${key}"`);
  return out;
}

export function uint(value: unknown, where: string): number {
  if (typeof value === 'bigint' && value > 0n) throw new MessageShapeError(`${where} is ${value}, larger than this implementation handles (2^53 - 1)`);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new MessageShapeError(`${where} must be a non-negative integer, not ${typeof value === 'number' ? value : describe(value)}`);
  }
  return value;
}

/**
 * A uint that may exceed 2^53 (CBOR carries 64 bits; Tahoe-LAFS advertises
 * 69105 TB as its mutable share limit): read as the nearest number, so a
 * size limit that large reads as "practically unlimited" rather than failing.
 */
export function wideUint(value: unknown, where: string): number {
  if (typeof value === 'bigint' && value > 0n) return Number(value);
  return uint(value, where);
}

export function shareNumber(value: unknown, where: string): number {
  const n = uint(value, where);
  if (n > 255) throw new MessageShapeError(`${where} must be a share number from 0 to 255, not ${n}`);
  return n;
}

export function byteString(value: unknown, where: string): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new MessageShapeError(`${where} must be a byte string, not ${describe(value)}`);
  return value;
}

export function textString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new MessageShapeError(`${where} must be a text string, not ${describe(value)}`);
  return value;
}

export function bool(value: unknown, where: string): boolean {
  if (typeof value !== 'boolean') throw new MessageShapeError(`${where} must be a boolean, not ${describe(value)}`);
  return value;
}

export function array(value: unknown, where: string, maxLength = Infinity): unknown[] {
  if (!Array.isArray(value)) throw new MessageShapeError(`${where} must be an array, not ${describe(value)}`);
  if (value.length > maxLength) throw new MessageShapeError(`${where} has ${value.length} entries; at most ${maxLength} are allowed`);
  return value;
}

/** A CBOR set (tag 258) of share numbers: `#6.258([0*256 uint])`. */
export function shareNumberSet(value: unknown, where: string): number[] {
  if (!(value instanceof Set)) throw new MessageShapeError(`${where} must be a set (CBOR tag 258), not ${describe(value)}`);
  if (value.size > 256) throw new MessageShapeError(`${where} has ${value.size} entries; at most 256 are allowed`);
  return [...value].map((entry) => shareNumber(entry, `an entry of ${where}`)).sort((a, b) => a - b);
}
