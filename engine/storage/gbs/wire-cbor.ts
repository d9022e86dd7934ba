/**
 * CBOR as GBS needs it (spec: "Message Encoding"): plain maps, sets as tag
 * 258, byte strings where the CDDL says bytes, integers never as floats. The
 * codec is RAIC's own (cbor/): a general-purpose encoder's defaults (tag 259
 * for maps, float64 for integers past 32 bits) are what Tahoe-LAFS refused.
 */
export { encodeCbor } from './cbor/encode';
export { decodeCbor, CborFloat } from './cbor/decode';
export { MalformedCborError } from './cbor/items';

export const CBOR_MEDIA_TYPE = 'application/cbor';
