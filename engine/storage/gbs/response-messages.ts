/**
 * Response bodies of the GBS endpoints: what the server sends and how the
 * client checks them. The version message uses byte-string keys (the spec's
 * CDDL quotes them with single quotes, which in CDDL means bstr).
 */
import type { ServerVersion } from '../types';
import { array, bool, byteString, closedMap, MessageShapeError, openMap, shareNumber, shareNumberSet, uint } from './message-checks';

export const STORAGE_PROTOCOL_V1 = 'http://allmydata.org/tahoe/protocols/storage/v1';

/** CBOR can carry larger integers, but JSON-safe numbers are what both ends handle exactly. */
const LARGEST_ADVERTISED = Number.MAX_SAFE_INTEGER;

function bstr(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function advertised(value: number): number {
  return Number.isFinite(value) ? Math.max(0, Math.min(Math.floor(value), LARGEST_ADVERTISED)) : LARGEST_ADVERTISED;
}

/**
 * Exactly the spec's schema: maximum-immutable-share-size,
 * maximum-mutable-share-size and available-space, plus application-version.
 * Tahoe-LAFS's client validates this schema (closed maps) and itself adds the
 * behaviour flags the HTTP protocol implies (tolerates-immutable-read-overrun
 * and the others), so the server must not send them.
 */
export function versionMessage(version: ServerVersion, applicationVersion: string): Map<Buffer, unknown> {
  return new Map<Buffer, unknown>([
    [
      bstr(STORAGE_PROTOCOL_V1),
      new Map<Buffer, number>([
        [bstr('maximum-immutable-share-size'), advertised(version.maximumImmutableShareSize)],
        [bstr('maximum-mutable-share-size'), advertised(version.maximumImmutableShareSize)],
        [bstr('available-space'), advertised(version.availableSpace)],
      ]),
    ],
    [bstr('application-version'), Buffer.from(applicationVersion, 'utf8')],
  ]);
}

export interface DecodedVersion extends ServerVersion {
  applicationVersion: string;
}

export function readVersionMessage(value: unknown): DecodedVersion {
  const top = openMap(value, 'the version message', [STORAGE_PROTOCOL_V1, 'application-version']);
  const v1 = openMap(top.get(STORAGE_PROTOCOL_V1), 'the storage v1 section', ['maximum-immutable-share-size', 'available-space']);
  const fromWire = (n: number): number => (n >= LARGEST_ADVERTISED ? Infinity : n);
  const rawVersion = top.get('application-version');
  const applicationVersion = rawVersion instanceof Uint8Array ? Buffer.from(rawVersion).toString('utf8') : String(rawVersion);
  return {
    maximumImmutableShareSize: fromWire(uint(v1.get('maximum-immutable-share-size'), 'maximum-immutable-share-size')),
    availableSpace: fromWire(uint(v1.get('available-space'), 'available-space')),
    applicationVersion,
  };
}

export function allocateResultMessage(alreadyHave: readonly number[], allocated: readonly number[]): Map<string, Set<number>> {
  return new Map([
    ['already-have', new Set(alreadyHave)],
    ['allocated', new Set(allocated)],
  ]);
}

export function readAllocateResult(value: unknown): { alreadyHave: number[]; allocated: number[] } {
  const map = closedMap(value, 'the allocation result', ['already-have', 'allocated']);
  return { alreadyHave: shareNumberSet(map.get('already-have'), '"already-have"'), allocated: shareNumberSet(map.get('allocated'), '"allocated"') };
}

export interface RequiredRange {
  begin: number;
  end: number;
}

export function requiredRangesMessage(required: readonly RequiredRange[]): Map<string, unknown> {
  return new Map([['required', required.map((r) => new Map([['begin', r.begin], ['end', r.end]]))]]);
}

export function readRequiredRanges(value: unknown): RequiredRange[] {
  const map = closedMap(value, 'the write progress', ['required']);
  return array(map.get('required'), '"required"').map((entry, i) => {
    const range = closedMap(entry, `"required"[${i}]`, ['begin', 'end']);
    const begin = uint(range.get('begin'), `"required"[${i}].begin`);
    const end = uint(range.get('end'), `"required"[${i}].end`);
    if (end < begin) throw new MessageShapeError(`"required"[${i}] ends before it begins`);
    return { begin, end };
  });
}

export function shareListMessage(shareNumbers: Iterable<number>): Set<number> {
  return new Set(shareNumbers);
}

export function readShareList(value: unknown): number[] {
  return shareNumberSet(value, 'the share list');
}

export function readTestWriteResultMessage(success: boolean, data: Map<number, Uint8Array[]>): Map<string, unknown> {
  return new Map<string, unknown>([
    ['success', success],
    ['data', new Map(data)],
  ]);
}

export function readReadTestWriteResult(value: unknown): { success: boolean; data: Map<number, Uint8Array[]> } {
  const map = closedMap(value, 'the read-test-write result', ['success', 'data']);
  const rawData = map.get('data');
  // An empty map may be written as an empty array by some encoders (the spec's own example does so).
  const entries = rawData instanceof Map ? [...rawData] : Array.isArray(rawData) && rawData.length === 0 ? [] : undefined;
  if (!entries) throw new MessageShapeError('"data" must be a map from share numbers to lists of byte strings');
  const data = new Map<number, Uint8Array[]>();
  for (const [key, reads] of entries) {
    const n = shareNumber(key, 'a "data" key');
    data.set(n, array(reads, `"data"[${n}]`).map((r, i) => byteString(r, `"data"[${n}][${i}]`)));
  }
  return { success: bool(map.get('success'), '"success"'), data: new Map([...data].sort(([a], [b]) => a - b)) };
}
