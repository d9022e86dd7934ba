/**
 * CBOR (RFC 8949) parsed into items that keep what the protocol's CDDL cares
 * about and a JS value loses: an integer stays apart from a float of the same
 * value, a tag stays a tag, a byte string stays apart from a text string, and
 * map keys keep their CBOR types. The wire decoder (decode.ts) and the tests'
 * CDDL validator both start from these items.
 */

export type CborItem =
  | { kind: 'uint'; value: bigint }
  | { kind: 'nint'; value: bigint }
  | { kind: 'bytes'; value: Uint8Array }
  | { kind: 'text'; value: string }
  | { kind: 'array'; items: CborItem[] }
  | { kind: 'map'; entries: [CborItem, CborItem][] }
  | { kind: 'tag'; tag: bigint; item: CborItem }
  | { kind: 'float'; value: number }
  | { kind: 'simple'; value: boolean | null | undefined | number };

export class MalformedCborError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedCborError';
  }
}

/** Deeper nesting than any protocol message needs is refused rather than recursed into. */
const MAX_DEPTH = 64;
const BREAK = 0xff;

const utf8 = new TextDecoder('utf-8', { fatal: true });

class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  byte(): number {
    if (this.offset >= this.bytes.length) throw new MalformedCborError('the CBOR item ends early');
    return this.bytes[this.offset++]!;
  }

  peek(): number | undefined {
    return this.bytes[this.offset];
  }

  take(length: number): Uint8Array {
    if (length > this.remaining) throw new MalformedCborError(`the CBOR item announces ${length} bytes but only ${this.remaining} follow`);
    const out = this.bytes.subarray(this.offset, this.offset + length);
    this.offset += length;
    return out;
  }

  /** The argument of a head whose low five bits are `info` (undefined for indefinite length). */
  argument(info: number): bigint | undefined {
    if (info < 24) return BigInt(info);
    const view = (n: number): DataView => {
      const piece = this.take(n);
      return new DataView(piece.buffer, piece.byteOffset, n);
    };
    if (info === 24) return BigInt(this.byte());
    if (info === 25) return BigInt(view(2).getUint16(0));
    if (info === 26) return BigInt(view(4).getUint32(0));
    if (info === 27) return view(8).getBigUint64(0);
    if (info === 31) return undefined;
    throw new MalformedCborError(`reserved CBOR additional information ${info}`);
  }
}

function lengthOf(argument: bigint, reader: Reader, what: string): number {
  // Every element takes at least one byte, so a count past what remains is a lie.
  if (argument > BigInt(reader.remaining)) throw new MalformedCborError(`the CBOR ${what} announces ${argument} entries or bytes but only ${reader.remaining} bytes follow`);
  return Number(argument);
}

function readChunks(reader: Reader, major: number, info: number): Uint8Array {
  const argument = reader.argument(info);
  if (argument !== undefined) return reader.take(lengthOf(argument, reader, 'string'));
  const chunks: Uint8Array[] = [];
  while (reader.peek() !== BREAK) {
    const head = reader.byte();
    if (head >> 5 !== major) throw new MalformedCborError('a chunk of an indefinite-length string has another type');
    const length = reader.argument(head & 0x1f);
    if (length === undefined) throw new MalformedCborError('indefinite-length strings cannot nest');
    chunks.push(reader.take(lengthOf(length, reader, 'string')));
  }
  reader.byte();
  return new Uint8Array(Buffer.concat(chunks));
}

function readItem(reader: Reader, depth: number): CborItem {
  if (depth > MAX_DEPTH) throw new MalformedCborError(`CBOR nested deeper than ${MAX_DEPTH} levels`);
  const head = reader.byte();
  const major = head >> 5;
  const info = head & 0x1f;
  switch (major) {
    case 0:
    case 1: {
      const argument = reader.argument(info);
      if (argument === undefined) throw new MalformedCborError('an integer cannot have indefinite length');
      return major === 0 ? { kind: 'uint', value: argument } : { kind: 'nint', value: -1n - argument };
    }
    case 2:
      return { kind: 'bytes', value: readChunks(reader, 2, info) };
    case 3: {
      try {
        return { kind: 'text', value: utf8.decode(readChunks(reader, 3, info)) };
      } catch (error) {
        if (error instanceof MalformedCborError) throw error;
        throw new MalformedCborError('a CBOR text string is not valid UTF-8');
      }
    }
    case 4: {
      const argument = reader.argument(info);
      const items: CborItem[] = [];
      if (argument === undefined) {
        while (reader.peek() !== BREAK) items.push(readItem(reader, depth + 1));
        reader.byte();
      } else {
        for (let i = lengthOf(argument, reader, 'array'); i > 0; i--) items.push(readItem(reader, depth + 1));
      }
      return { kind: 'array', items };
    }
    case 5: {
      const argument = reader.argument(info);
      const entries: [CborItem, CborItem][] = [];
      if (argument === undefined) {
        while (reader.peek() !== BREAK) entries.push([readItem(reader, depth + 1), readItem(reader, depth + 1)]);
        reader.byte();
      } else {
        for (let i = lengthOf(argument, reader, 'map'); i > 0; i--) entries.push([readItem(reader, depth + 1), readItem(reader, depth + 1)]);
      }
      return { kind: 'map', entries };
    }
    case 6: {
      const tag = reader.argument(info);
      if (tag === undefined) throw new MalformedCborError('a tag cannot have indefinite length');
      return { kind: 'tag', tag, item: readItem(reader, depth + 1) };
    }
    default:
      return readSimpleOrFloat(reader, info);
  }
}

function readSimpleOrFloat(reader: Reader, info: number): CborItem {
  if (info === 20) return { kind: 'simple', value: false };
  if (info === 21) return { kind: 'simple', value: true };
  if (info === 22) return { kind: 'simple', value: null };
  if (info === 23) return { kind: 'simple', value: undefined };
  if (info < 20) return { kind: 'simple', value: info };
  if (info === 24) return { kind: 'simple', value: reader.byte() };
  const sizes: Record<number, number> = { 25: 2, 26: 4, 27: 8 };
  const size = sizes[info];
  if (size === undefined) throw new MalformedCborError(info === 31 ? 'a CBOR "break" outside an indefinite-length item' : `reserved CBOR simple value ${info}`);
  const piece = reader.take(size);
  const view = new DataView(piece.buffer, piece.byteOffset, size);
  return { kind: 'float', value: size === 2 ? halfFloat(view.getUint16(0)) : size === 4 ? view.getFloat32(0) : view.getFloat64(0) };
}

function halfFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Parses exactly one CBOR item; an empty body, trailing bytes or truncation are errors. */
export function parseCborItem(bytes: Uint8Array): CborItem {
  if (bytes.length === 0) throw new MalformedCborError('empty body where a CBOR message was expected');
  const reader = new Reader(bytes);
  const item = readItem(reader, 0);
  if (reader.remaining > 0) throw new MalformedCborError(`${reader.remaining} bytes follow the CBOR item`);
  return item;
}
