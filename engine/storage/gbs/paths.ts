/**
 * The GBS URL space (spec: "General", "Immutable", "Mutable"), parsed into
 * routes for the server and built for the client. Storage indexes appear in
 * Tahoe-LAFS base32 (26 characters for 16 bytes), share numbers in decimal.
 */
import { base32Decode, base32Encode } from '../../chk/base32';

export type Route =
  | { kind: 'version' }
  | { kind: 'lease'; storageIndex: Uint8Array }
  | { kind: 'immutable-bucket'; storageIndex: Uint8Array }
  | { kind: 'immutable-shares'; storageIndex: Uint8Array }
  | { kind: 'immutable-share'; storageIndex: Uint8Array; shareNumber: number }
  | { kind: 'immutable-abort'; storageIndex: Uint8Array; shareNumber: number }
  | { kind: 'immutable-corrupt'; storageIndex: Uint8Array; shareNumber: number }
  | { kind: 'mutable-read-test-write'; storageIndex: Uint8Array }
  | { kind: 'mutable-shares'; storageIndex: Uint8Array }
  | { kind: 'mutable-share'; storageIndex: Uint8Array; shareNumber: number }
  | { kind: 'mutable-corrupt'; storageIndex: Uint8Array; shareNumber: number };

export type RouteKind = Route['kind'];

/** The one method each route answers (anything else is 405). */
export const ROUTE_METHODS: Record<RouteKind, string> = {
  version: 'GET',
  lease: 'PUT',
  'immutable-bucket': 'POST',
  'immutable-shares': 'GET',
  'immutable-share': 'GET',
  'immutable-abort': 'PUT',
  'immutable-corrupt': 'POST',
  'mutable-read-test-write': 'POST',
  'mutable-shares': 'GET',
  'mutable-share': 'GET',
  'mutable-corrupt': 'POST',
};

export class BadPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadPathError';
  }
}

const STORAGE_INDEX_TEXT = /^[a-z2-7]{26}$/;
const SHARE_NUMBER_TEXT = /^(0|[1-9]\d{0,2})$/;

export function encodeStorageIndex(storageIndex: Uint8Array): string {
  return base32Encode(storageIndex);
}

function decodeStorageIndex(text: string): Uint8Array {
  if (!STORAGE_INDEX_TEXT.test(text)) throw new BadPathError(`not a storage index (26 base32 characters): ${JSON.stringify(text.slice(0, 40))}`);
  try {
    return base32Decode(text);
  } catch (error) {
    throw new BadPathError(`not a storage index: ${(error as Error).message}`);
  }
}

function decodeShareNumber(text: string): number {
  const value = SHARE_NUMBER_TEXT.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= 255)) throw new BadPathError(`not a share number (0-255): ${JSON.stringify(text.slice(0, 40))}`);
  return value;
}

/** Parses a request path (no query); undefined when no route has that shape (404). */
export function parseRoute(pathname: string): Route | undefined {
  const parts = pathname.split('/');
  if (parts[0] !== '' || parts[1] !== 'storage' || parts[2] !== 'v1') return undefined;
  const rest = parts.slice(3);
  if (rest.length === 1 && rest[0] === 'version') return { kind: 'version' };
  const [area, siText, third, fourth, ...extra] = rest;
  if (siText === undefined || extra.length > 0) return undefined;
  if (area === 'lease' && third === undefined) return { kind: 'lease', storageIndex: decodeStorageIndex(siText) };
  if (area !== 'immutable' && area !== 'mutable') return undefined;
  const storageIndex = decodeStorageIndex(siText);
  if (third === undefined) return area === 'immutable' ? { kind: 'immutable-bucket', storageIndex } : undefined;
  if (fourth === undefined) {
    if (third === 'shares') return { kind: `${area}-shares`, storageIndex };
    if (third === 'read-test-write') return area === 'mutable' ? { kind: 'mutable-read-test-write', storageIndex } : undefined;
    return { kind: `${area}-share`, storageIndex, shareNumber: decodeShareNumber(third) };
  }
  if (fourth === 'corrupt') return { kind: `${area}-corrupt`, storageIndex, shareNumber: decodeShareNumber(third) };
  if (fourth === 'abort' && area === 'immutable') return { kind: 'immutable-abort', storageIndex, shareNumber: decodeShareNumber(third) };
  return undefined;
}

/** Builds the path of a route (the client side). */
export function routePath(route: Route): string {
  if (route.kind === 'version') return '/storage/v1/version';
  const si = encodeStorageIndex(route.storageIndex);
  switch (route.kind) {
    case 'lease':
      return `/storage/v1/lease/${si}`;
    case 'immutable-bucket':
      return `/storage/v1/immutable/${si}`;
    case 'immutable-shares':
      return `/storage/v1/immutable/${si}/shares`;
    case 'mutable-shares':
      return `/storage/v1/mutable/${si}/shares`;
    case 'mutable-read-test-write':
      return `/storage/v1/mutable/${si}/read-test-write`;
    case 'immutable-share':
      return `/storage/v1/immutable/${si}/${route.shareNumber}`;
    case 'mutable-share':
      return `/storage/v1/mutable/${si}/${route.shareNumber}`;
    case 'immutable-abort':
      return `/storage/v1/immutable/${si}/${route.shareNumber}/abort`;
    case 'immutable-corrupt':
      return `/storage/v1/immutable/${si}/${route.shareNumber}/corrupt`;
    case 'mutable-corrupt':
      return `/storage/v1/mutable/${si}/${route.shareNumber}/corrupt`;
  }
}
