/**
 * The protocol's CBOR writer. It writes only what the specification's CDDL
 * allows, and refuses anything else rather than guessing:
 * - a Map is a plain CBOR map (never tag 259), in insertion order;
 * - a Set is tag 258 around an array (the spec's sets);
 * - a Uint8Array is a byte string (never a typed-array tag), a string a text string;
 * - integers use the smallest head that holds them, up to 64 bits (a safe
 *   integer or a bigint), so a uint is never written as a float;
 * - true, false, null and arrays as themselves.
 * A non-integer number, undefined, or a plain object throws: no protocol
 * message has floats or undefined, and maps are built as Maps so their keys
 * keep their CBOR types (text, bytes, share numbers).
 */

const MAJOR = { uint: 0, nint: 1, bytes: 2, text: 3, array: 4, map: 5, tag: 6 } as const;
export const SET_TAG = 258;
const UINT64_LIMIT = 1n << 64n;

class Writer {
  private readonly parts: Uint8Array[] = [];

  head(major: number, argument: number | bigint): void {
    const n = BigInt(argument);
    if (n < 0n || n >= UINT64_LIMIT) throw new RangeError(`${n} does not fit a CBOR head`);
    const top = major << 5;
    if (n < 24n) this.parts.push(Uint8Array.of(top | Number(n)));
    else if (n < 0x100n) this.parts.push(Uint8Array.of(top | 24, Number(n)));
    else if (n < 0x10000n) {
      const out = new Uint8Array(3);
      out[0] = top | 25;
      new DataView(out.buffer).setUint16(1, Number(n));
      this.parts.push(out);
    } else if (n < 0x100000000n) {
      const out = new Uint8Array(5);
      out[0] = top | 26;
      new DataView(out.buffer).setUint32(1, Number(n));
      this.parts.push(out);
    } else {
      const out = new Uint8Array(9);
      out[0] = top | 27;
      new DataView(out.buffer).setBigUint64(1, n);
      this.parts.push(out);
    }
  }

  raw(bytes: Uint8Array): void {
    this.parts.push(bytes);
  }

  result(): Uint8Array {
    return new Uint8Array(Buffer.concat(this.parts));
  }
}

function writeInteger(writer: Writer, value: bigint): void {
  if (value >= 0n) writer.head(MAJOR.uint, value);
  else writer.head(MAJOR.nint, -1n - value);
}

function writeValue(writer: Writer, value: unknown, where: string): void {
  if (value === null) return writer.raw(Uint8Array.of(0xf6));
  if (value === true) return writer.raw(Uint8Array.of(0xf5));
  if (value === false) return writer.raw(Uint8Array.of(0xf4));
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`${where}: ${value} is not an exact integer, and protocol messages carry no floats`);
    return writeInteger(writer, BigInt(value));
  }
  if (typeof value === 'bigint') return writeInteger(writer, value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    writer.head(MAJOR.text, bytes.length);
    return writer.raw(bytes);
  }
  if (value instanceof Uint8Array) {
    writer.head(MAJOR.bytes, value.length);
    return writer.raw(value);
  }
  if (Array.isArray(value)) {
    writer.head(MAJOR.array, value.length);
    value.forEach((item, i) => writeValue(writer, item, `${where}[${i}]`));
    return;
  }
  if (value instanceof Set) {
    writer.head(MAJOR.tag, SET_TAG);
    writer.head(MAJOR.array, value.size);
    for (const item of value) writeValue(writer, item, `${where} (a set)`);
    return;
  }
  if (value instanceof Map) {
    writer.head(MAJOR.map, value.size);
    for (const [key, item] of value) {
      writeValue(writer, key, `${where} (a key)`);
      writeValue(writer, item, `${where}[${typeof key === 'string' || typeof key === 'number' ? key : '…'}]`);
    }
    return;
  }
  throw new TypeError(`${where}: ${value === undefined ? 'undefined' : typeof value === 'object' ? 'a plain object (use a Map)' : typeof value} has no place in a protocol message`);
}

export function encodeCbor(value: unknown): Uint8Array {
  const writer = new Writer();
  writeValue(writer, value, 'the message');
  return writer.result();
}
