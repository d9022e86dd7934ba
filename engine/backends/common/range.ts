import { BlobNotFoundError, type BlobRange } from '../types';
import type { HttpResponse } from './http';

/** The byte span [start, end) a range selects from a blob of the given size, clipped at its end. */
export function clipRange(size: number, range: BlobRange | undefined): { start: number; end: number } {
  const offset = range?.offset ?? 0;
  if (!Number.isSafeInteger(offset) || offset < 0) throw new RangeError(`invalid range offset ${offset}`);
  if (range?.length !== undefined && (!Number.isSafeInteger(range.length) || range.length < 0)) {
    throw new RangeError(`invalid range length ${range.length}`);
  }
  const start = Math.min(offset, size);
  const end = range?.length === undefined ? size : Math.min(size, offset + range.length);
  return { start, end: Math.max(start, end) };
}

/** An HTTP Range header value for a range, or undefined when the whole blob is wanted. */
export function httpRangeHeader(range: BlobRange | undefined): string | undefined {
  if (!range || (range.offset === 0 && range.length === undefined)) return undefined;
  if (range.length === undefined) return `bytes=${range.offset}-`;
  return `bytes=${range.offset}-${range.offset + range.length - 1}`;
}

/**
 * What a ranged GET over HTTP that did not succeed means: 404 is a missing
 * blob; 416 is a range starting at or past the end of a blob that exists (an
 * empty read) or of none at all. Returns undefined for any other status, which
 * the caller reports as a failure.
 */
export async function rangedGetMiss(response: HttpResponse, key: string, exists: () => Promise<unknown>): Promise<Uint8Array | undefined> {
  if (response.status !== 404 && response.status !== 416) return undefined;
  await response.discard();
  if (response.status === 416 && (await exists())) return new Uint8Array(0);
  throw new BlobNotFoundError(key);
}
