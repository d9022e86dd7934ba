/**
 * Tahoe-LAFS immutable capability strings (uri.py, docs/specifications/uri.rst):
 *   URI:CHK:<base32 key>:<base32 UEB hash>:<k>:<n>:<size>
 *   URI:CHK-Verifier:<base32 storage index>:<base32 UEB hash>:<k>:<n>:<size>
 *   URI:LIT:<base32 data>
 */
import { LITERAL_THRESHOLD, type ChkReadCap, type ChkVerifyCap, type ImmutableCap, type LiteralCap } from './api';
import { Base32Error, base32Decode, base32Encode } from './base32';
import { CapError } from './errors';
import { storageIndexHash } from './tagged-hash';

const MAX_SHARES = 256;

function decodeField(kind: string, name: string, text: string, byteLength: number): Uint8Array {
  const expectedChars = Math.ceil((byteLength * 8) / 5);
  if (text.length !== expectedChars) {
    throw new CapError(`URI:${kind} ${name} must be ${expectedChars} base32 characters (${byteLength} bytes), got ${text.length}`);
  }
  try {
    return base32Decode(text);
  } catch (error) {
    if (error instanceof Base32Error) throw new CapError(`URI:${kind} ${name}: ${error.message}`);
    throw error;
  }
}

function decodeNumber(kind: string, name: string, text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new CapError(`URI:${kind} ${name} ${JSON.stringify(text)} is not a decimal number`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new CapError(`URI:${kind} ${name} ${text} is too large`);
  return value;
}

function checkShareCounts(needed: number, total: number): void {
  if (needed < 1 || needed > MAX_SHARES) throw new CapError(`needed shares ${needed} must be between 1 and ${MAX_SHARES}`);
  if (total < needed || total > MAX_SHARES) {
    throw new CapError(`total shares ${total} must be between needed shares ${needed} and ${MAX_SHARES}`);
  }
}

function parseChkFields(kind: 'CHK' | 'CHK-Verifier', rest: string) {
  const fields = rest.split(':');
  if (fields.length !== 5) throw new CapError(`URI:${kind} cap has ${fields.length} fields, expected 5 after URI:${kind}:`);
  const [first, uebText, neededText, totalText, sizeText] = fields;
  const firstBytes = decodeField(kind, kind === 'CHK' ? 'key' : 'storage index', first, 16);
  const uebHash = decodeField(kind, 'URI extension hash', uebText, 32);
  const needed = decodeNumber(kind, 'needed shares', neededText);
  const total = decodeNumber(kind, 'total shares', totalText);
  const size = decodeNumber(kind, 'size', sizeText);
  checkShareCounts(needed, total);
  return { firstBytes, uebHash, needed, total, size };
}

export function parseCap(text: string): ImmutableCap {
  if (typeof text !== 'string') throw new CapError('a capability must be a string');
  const cap = text.trim();
  if (!cap.startsWith('URI:')) throw new CapError('not a Tahoe-LAFS capability: expected it to start with URI:');
  const kindEnd = cap.indexOf(':', 4);
  const kind = kindEnd < 0 ? cap.slice(4) : cap.slice(4, kindEnd);
  const rest = kindEnd < 0 ? '' : cap.slice(kindEnd + 1);
  if (kindEnd < 0) throw new CapError(`URI:${kind} is incomplete: expected URI:<kind>:<fields>`);
  switch (kind) {
    case 'CHK': {
      const f = parseChkFields('CHK', rest);
      return { kind: 'CHK', key: f.firstBytes, uebHash: f.uebHash, needed: f.needed, total: f.total, size: f.size };
    }
    case 'CHK-Verifier': {
      const f = parseChkFields('CHK-Verifier', rest);
      return { kind: 'CHK-Verifier', storageIndex: f.firstBytes, uebHash: f.uebHash, needed: f.needed, total: f.total, size: f.size };
    }
    case 'LIT': {
      try {
        return { kind: 'LIT', data: base32Decode(rest) };
      } catch (error) {
        if (error instanceof Base32Error) throw new CapError(`URI:LIT data: ${error.message}`);
        throw error;
      }
    }
    case 'SSK':
    case 'SSK-RO':
    case 'SSK-Verifier':
    case 'MDMF':
    case 'MDMF-RO':
    case 'MDMF-Verifier':
      throw new CapError(`URI:${kind} is a mutable-file capability; only immutable caps (URI:CHK, URI:CHK-Verifier, URI:LIT) are supported`);
    default:
      if (kind.startsWith('DIR2')) {
        throw new CapError(`URI:${kind} is a directory capability; only file caps (URI:CHK, URI:CHK-Verifier, URI:LIT) are supported`);
      }
      throw new CapError(`unknown capability kind URI:${kind}: expected URI:CHK, URI:CHK-Verifier or URI:LIT`);
  }
}

export function formatCap(cap: ImmutableCap): string {
  switch (cap.kind) {
    case 'CHK':
      return `URI:CHK:${base32Encode(cap.key)}:${base32Encode(cap.uebHash)}:${cap.needed}:${cap.total}:${cap.size}`;
    case 'CHK-Verifier':
      return `URI:CHK-Verifier:${base32Encode(cap.storageIndex)}:${base32Encode(cap.uebHash)}:${cap.needed}:${cap.total}:${cap.size}`;
    case 'LIT':
      return `URI:LIT:${base32Encode(cap.data)}`;
  }
}

export function literalCap(data: Uint8Array): LiteralCap {
  if (data.length > LITERAL_THRESHOLD) {
    throw new RangeError(`a literal cap holds at most ${LITERAL_THRESHOLD} bytes; this file has ${data.length}`);
  }
  return { kind: 'LIT', data: Uint8Array.from(data) };
}

export function storageIndexOf(cap: ChkReadCap | ChkVerifyCap): Uint8Array {
  return cap.kind === 'CHK' ? storageIndexHash(cap.key) : cap.storageIndex;
}

export function toVerifyCap(cap: ChkReadCap): ChkVerifyCap {
  return {
    kind: 'CHK-Verifier',
    storageIndex: storageIndexHash(cap.key),
    uebHash: cap.uebHash,
    needed: cap.needed,
    total: cap.total,
    size: cap.size,
  };
}
