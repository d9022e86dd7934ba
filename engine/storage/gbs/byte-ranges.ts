/**
 * The single-range subset of HTTP byte ranges GBS uses (spec: immutable and
 * mutable reads, immutable writes): `Range: bytes=first-last` (inclusive, one
 * range, both ends given) and `Content-Range: bytes first-last/total`.
 * Internally ranges are [start, end) like everywhere else in the engine.
 */

export interface ByteRange {
  start: number;
  /** Exclusive. */
  end: number;
}

const RANGE = /^bytes=(\d{1,15})-(\d{1,15})$/;
const CONTENT_RANGE = /^bytes (\d{1,15})-(\d{1,15})\/(\d{1,15}|\*)$/;

/** Parses a Range request header; undefined when it is not exactly one closed bytes range. */
export function parseRangeHeader(value: string): ByteRange | undefined {
  const match = RANGE.exec(value.trim());
  if (!match) return undefined;
  const first = Number(match[1]);
  const last = Number(match[2]);
  return last < first ? undefined : { start: first, end: last + 1 };
}

export function formatRangeHeader(range: ByteRange): string {
  return `bytes=${range.start}-${range.end - 1}`;
}

export interface ContentRange extends ByteRange {
  /** Total length of the resource, when the sender states it. */
  total?: number;
}

export function parseContentRange(value: string): ContentRange | undefined {
  const match = CONTENT_RANGE.exec(value.trim());
  if (!match) return undefined;
  const first = Number(match[1]);
  const last = Number(match[2]);
  if (last < first) return undefined;
  const total = match[3] === '*' ? undefined : Number(match[3]);
  if (total !== undefined && last >= total) return undefined;
  return { start: first, end: last + 1, total };
}

export function formatContentRange(range: ContentRange): string {
  return `bytes ${range.start}-${range.end - 1}/${range.total ?? '*'}`;
}

/** The parts of [0, size) not yet covered by `written` (sorted, disjoint). */
export function missingRanges(size: number, written: readonly ByteRange[]): ByteRange[] {
  const missing: ByteRange[] = [];
  let at = 0;
  for (const { start, end } of [...written].sort((a, b) => a.start - b.start)) {
    if (start > at) missing.push({ start: at, end: Math.min(start, size) });
    at = Math.max(at, end);
    if (at >= size) break;
  }
  if (at < size) missing.push({ start: at, end: size });
  return missing.filter((range) => range.end > range.start);
}
