/**
 * Just enough HTTP/1.1 for the fault proxy: parse a message head, work out
 * how its body is framed (Content-Length, chunked, none, until close), copy a
 * body through while letting the caller cut it short, and build the S3 error
 * answers (500 InternalError, 503 SlowDown) a real S3 sends.
 */
import type { SocketReader } from './socket-reader';

export interface MessageHead {
  raw: Buffer;
  /** "GET /bucket/key HTTP/1.1" or "HTTP/1.1 200 OK". */
  startLine: string;
  /** Lower-case names; a repeated header keeps its last value. */
  headers: Map<string, string>;
}

export type BodyFraming = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'until-close' };

export function parseHead(raw: Buffer): MessageHead {
  const lines = raw.toString('latin1').split('\r\n');
  const headers = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { raw, startLine: lines[0] ?? '', headers };
}

export function requestFraming(head: MessageHead): BodyFraming {
  if (/chunked/i.test(head.headers.get('transfer-encoding') ?? '')) return { kind: 'chunked' };
  const length = Number(head.headers.get('content-length') ?? 0);
  return length > 0 ? { kind: 'length', length } : { kind: 'none' };
}

export function statusOf(head: MessageHead): number {
  return Number(head.startLine.split(' ')[1]);
}

/** RFC 9112 section 6.3: HEAD answers, 1xx, 204 and 304 carry no body whatever their headers say. */
export function responseFraming(head: MessageHead, requestMethod: string): BodyFraming {
  const status = statusOf(head);
  if (requestMethod === 'HEAD' || status < 200 || status === 204 || status === 304) return { kind: 'none' };
  if (/chunked/i.test(head.headers.get('transfer-encoding') ?? '')) return { kind: 'chunked' };
  const length = head.headers.get('content-length');
  if (length !== undefined) return Number(length) > 0 ? { kind: 'length', length: Number(length) } : { kind: 'none' };
  return { kind: 'until-close' };
}

/**
 * Copies one body (raw bytes, chunk framing included) from `reader` to
 * `sink`. The sink may throw to cut the transfer; the reader throws if the
 * peer closes inside a framed body.
 */
export async function pumpBody(reader: SocketReader, framing: BodyFraming, sink: (bytes: Buffer) => Promise<void>): Promise<void> {
  switch (framing.kind) {
    case 'none':
      return;
    case 'length':
      return pumpBytes(reader, framing.length, sink);
    case 'until-close':
      for (let bytes = await reader.readSome(1 << 16); bytes; bytes = await reader.readSome(1 << 16)) await sink(bytes);
      return;
    case 'chunked':
      for (;;) {
        const sizeLine = await reader.readUntil('\r\n');
        if (!sizeLine) throw new Error('stream ended inside a chunked body');
        await sink(sizeLine);
        const size = parseInt(sizeLine.toString('latin1'), 16);
        if (size === 0) {
          // Trailers (usually none), up to the empty line.
          for (let line = await reader.readUntil('\r\n'); line && line.length > 2; line = await reader.readUntil('\r\n')) await sink(line);
          await sink(Buffer.from('\r\n'));
          return;
        }
        await pumpBytes(reader, size + 2, sink);
      }
  }
}

async function pumpBytes(reader: SocketReader, count: number, sink: (bytes: Buffer) => Promise<void>): Promise<void> {
  for (let left = count; left > 0; ) {
    const bytes = await reader.readSome(left);
    if (!bytes) throw new Error(`stream ended with ${left} body bytes missing`);
    left -= bytes.length;
    await sink(bytes);
  }
}

const S3_ERRORS = {
  500: { reason: 'Internal Server Error', code: 'InternalError', message: 'We encountered an internal error. Please try again.' },
  503: { reason: 'Slow Down', code: 'SlowDown', message: 'Please reduce your request rate.' },
} as const;

/** An S3 error answer; HEAD answers carry no body (the client would read it as the next response). */
export function s3ErrorResponse(status: 500 | 503, requestMethod: string, requestId: string, close: boolean): Buffer {
  const { reason, code, message } = S3_ERRORS[status];
  const body =
    requestMethod === 'HEAD'
      ? ''
      : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId></Error>`;
  const head = [
    `HTTP/1.1 ${status} ${reason}`,
    'Content-Type: application/xml',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `x-amz-request-id: ${requestId}`,
    `Connection: ${close ? 'close' : 'keep-alive'}`,
    '',
    '',
  ].join('\r\n');
  return Buffer.from(head + body, 'latin1');
}
