import type { BlobRange } from '../types';

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
