/**
 * Share reads (spec: GET immutable and mutable share): no Range gives the
 * whole share (200); one closed bytes range gives 206 with Content-Range,
 * clipped at the end of the share; a range wholly past the end gives 204,
 * since Content-Range cannot express an empty range; a Range header we do not
 * support (several ranges, open-ended, other units) gives 416.
 * Data goes out in pieces so a large share never sits in memory whole.
 */
import { formatContentRange, parseRangeHeader } from './byte-ranges';
import { GbsHttpError, STATUS } from './http-status';
import { emptyReply, type Reply } from './reply';

const PIECE = 1024 * 1024;

/** Reads [offset, offset+length), clipped at the end of the share (fewer bytes, possibly none). */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

async function* pieces(read: ReadAt, start: number, end: number): AsyncGenerator<Uint8Array> {
  for (let at = start; at < end; ) {
    const piece = await read(at, Math.min(PIECE, end - at));
    if (piece.length === 0) return;
    yield piece;
    at += piece.length;
  }
}

export const OCTET_STREAM = 'application/octet-stream';
const OCTET_STREAM_HEADER = { 'content-type': OCTET_STREAM };

/**
 * `knownSize` is the share's length when it is known up front (immutable
 * shares); for mutable shares the first piece is read to learn whether
 * anything is there.
 */
export async function shareReadReply(rangeHeader: string | undefined, read: ReadAt, knownSize?: number): Promise<Reply> {
  if (rangeHeader === undefined) {
    return { status: STATUS.ok, bytes: pieces(read, 0, knownSize ?? Number.MAX_SAFE_INTEGER), headers: { ...OCTET_STREAM_HEADER } };
  }
  const range = parseRangeHeader(rangeHeader);
  if (!range) throw new GbsHttpError(STATUS.rangeNotSatisfiable, 'only one closed range in bytes is supported, like "Range: bytes=0-99"');
  if (knownSize !== undefined) {
    const end = Math.min(range.end, knownSize);
    if (range.start >= end) return emptyReply(STATUS.noContent, OCTET_STREAM);
    return {
      status: STATUS.partialContent,
      bytes: pieces(read, range.start, end),
      headers: { ...OCTET_STREAM_HEADER, 'content-range': formatContentRange({ start: range.start, end, total: knownSize }), 'content-length': String(end - range.start) },
    };
  }
  // Unknown size: read the range (bounded by the body limit the client chose) to learn how much exists.
  const data = await read(range.start, range.end - range.start);
  if (data.length === 0) return emptyReply(STATUS.noContent, OCTET_STREAM);
  const end = range.start + data.length;
  return {
    status: STATUS.partialContent,
    bytes: (async function* () {
      yield data;
    })(),
    headers: { ...OCTET_STREAM_HEADER, 'content-range': formatContentRange({ start: range.start, end }), 'content-length': String(data.length) },
  };
}
