/**
 * CBOR as GBS needs it (spec: "Message Encoding"): sets travel as tag 258,
 * byte strings as plain major type 2 (no typed-array tags), no cbor-x record
 * extensions, and maps decode to Map so integer keys (share numbers) and byte
 * string keys (the version message) survive.
 */
import { Decoder, Encoder } from 'cbor-x';

export const CBOR_MEDIA_TYPE = 'application/cbor';

const encoder = new Encoder({ useRecords: false, tagUint8Array: false, variableMapSize: true, pack: false, structuredClone: false });
const decoder = new Decoder({ useRecords: false, mapsAsObjects: false, structuredClone: false });

export class MalformedCborError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedCborError';
  }
}

export function encodeCbor(value: unknown): Uint8Array {
  return encoder.encode(value);
}

/** Decodes exactly one CBOR item; trailing bytes or truncation are errors. */
export function decodeCbor(bytes: Uint8Array): unknown {
  if (bytes.length === 0) throw new MalformedCborError('empty body where a CBOR message was expected');
  let items: unknown[];
  try {
    items = decoder.decodeMultiple(bytes) as unknown[];
  } catch (error) {
    throw new MalformedCborError(`malformed CBOR: ${(error as Error).message}`);
  }
  if (!Array.isArray(items) || items.length !== 1) throw new MalformedCborError(`expected one CBOR item, found ${Array.isArray(items) ? items.length : 0}`);
  return items[0];
}
