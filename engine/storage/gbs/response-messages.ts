/**
 * Response bodies of the GBS endpoints: what the server sends and how the
 * client checks them. The version message uses byte-string keys (the spec's
 * CDDL quotes them with single quotes, which in CDDL means bstr).
 */
import type { ServerVersion } from '../types';
import { array, bool, byteString, closedMap, MessageShapeError, openMap, shareNumber, shareNumberSet, uint, wideUint } from './message-checks';

export const STORAGE_PROTOCOL_V1 = 'http://allmydata.org/tahoe/protocols/storage/v1';

/** The largest uint CBOR carries (2^64 - 1): what an unlimited size is advertised as. */
const UINT64_MAX = (1n << 64n) - 1n;

function bstr(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

/**
 * A size as the CDDL's uint: a number while it is exact, a bigint past 2^53
 * (the encoder writes either as an integer of the right width, never a float),
 * 2^64 - 1 for "unlimited".
 */
function advertised(value: number): number | bigint {
  if (!Number.isFinite(value)) return value > 0 ? UINT64_MAX : 0;
  const whole = Math.max(0, Math.floor(value));
  if (Number.isSafeInteger(whole)) return whole;
  const big = BigInt(whole);
  return big > UINT64_MAX ? UINT64_MAX : big;
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
      new Map<Buffer, number | bigint>([
        [bstr('maximum-immutable-share-size'), advertised(version.maximumImmutableShareSize)],
        // A server without mutable slots accepts no mutable share at all.
        [bstr('maximum-mutable-share-size'), advertised(version.maximumMutableShareSize ?? 0)],
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
  // Past 2^53 a size is beyond anything a disk holds: read it as unlimited (older RAIC servers sent 2^53 - 1 for that).
  const size = (key: string): number => {
    const n = wideUint(v1.get(key), key);
    return n >= Number.MAX_SAFE_INTEGER ? Infinity : n;
  };
  const rawVersion = top.get('application-version');
  const applicationVersion = rawVersion instanceof Uint8Array ? Buffer.from(rawVersion).toString('utf8') : String(rawVersion);
  const version: DecodedVersion = {
    maximumImmutableShareSize: size('maximum-immutable-share-size'),
    availableSpace: size('available-space'),
    applicationVersion,
  };
  if (v1.has('maximum-mutable-share-size')) version.maximumMutableShareSize = size('maximum-mutable-share-size');
  return version;
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
