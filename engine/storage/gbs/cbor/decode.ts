/**
 * The protocol's CBOR reader: turns parsed items (items.ts) into the JS
 * values the message checks read. A map becomes a Map (keys of any CBOR type
 * survive: text, byte strings, share numbers), tag 258 a Set, a byte string a
 * Uint8Array, an integer a number (a bigint past 2^53, which the checks
 * refuse as too large), and a float a CborFloat, so a float where the CDDL
 * says uint is refused even when its value is whole. Any tag but 258 is
 * refused: no protocol message uses one (tag 259 maps included).
 */
import { MalformedCborError, parseCborItem, type CborItem } from './items';
import { SET_TAG } from './encode';

/** A float read from the wire; kept apart from integers so shape checks can refuse it. */
export class CborFloat {
  constructor(readonly value: number) {}
}

function integer(value: bigint): number | bigint {
  return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(value) : value;
}

export function itemToValue(item: CborItem): unknown {
  switch (item.kind) {
    case 'uint':
    case 'nint':
      return integer(item.value);
    case 'bytes':
      return item.value;
    case 'text':
      return item.value;
    case 'array':
      return item.items.map(itemToValue);
    case 'map': {
      const map = new Map<unknown, unknown>();
      const seen = new Set<string>();
      for (const [keyItem, valueItem] of item.entries) {
        const key = itemToValue(keyItem);
        const fingerprint = keyFingerprint(key);
        if (fingerprint !== undefined) {
          if (seen.has(fingerprint)) throw new MalformedCborError('a CBOR map repeats a key');
          seen.add(fingerprint);
        }
        map.set(key, itemToValue(valueItem));
      }
      return map;
    }
    case 'tag': {
      // A positive bignum: Tahoe-LAFS's server advertises 2^64 (one past what a uint holds) where it cannot measure free space.
      if (item.tag === 2n && item.item.kind === 'bytes') return BigInt(`0x${Buffer.from(item.item.value).toString('hex') || '0'}`);
      if (item.tag !== BigInt(SET_TAG)) throw new MalformedCborError(`CBOR tag ${item.tag} is not used by the storage protocol (only tag 258, sets)`);
      if (item.item.kind !== 'array') throw new MalformedCborError('CBOR tag 258 (a set) must enclose an array');
      const values = item.item.items.map(itemToValue);
      const set = new Set(values);
      if (set.size !== values.length) throw new MalformedCborError('a CBOR set (tag 258) repeats an element');
      return set;
    }
    case 'float':
      return new CborFloat(item.value);
    case 'simple':
      if (item.value === undefined || typeof item.value === 'number') throw new MalformedCborError('CBOR simple values other than true, false and null are not used by the storage protocol');
      return item.value;
  }
}

/** A key's identity by value (byte strings compare by content); undefined for containers, which no protocol map uses as keys. */
function keyFingerprint(key: unknown): string | undefined {
  if (key instanceof Uint8Array) return `b:${Buffer.from(key).toString('hex')}`;
  if (key === null || typeof key !== 'object') return `${typeof key}:${String(key)}`;
  return undefined;
}

/** Decodes exactly one CBOR item; trailing bytes, truncation and unused tags are MalformedCborError. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return itemToValue(parseCborItem(bytes));
}
