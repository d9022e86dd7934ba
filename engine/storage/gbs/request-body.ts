/**
 * Reading request bodies with a size limit (413 past it, spec: refuse
 * oversized bodies), and the CBOR media-type rules of "Message Encoding":
 * no Content-Type means CBOR, any other type is 415, and an Accept header that
 * rules CBOR out is 406.
 */
import type { IncomingMessage } from 'node:http';
import { GbsHttpError, STATUS } from './http-status';
import { CBOR_MEDIA_TYPE, decodeCbor } from './wire-cbor';

export async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array> {
  const declared = request.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    throw new GbsHttpError(STATUS.payloadTooLarge, `the body of ${declared} bytes is larger than this endpoint's limit of ${limit}`);
  }
  const parts: Buffer[] = [];
  let received = 0;
  for await (const part of request as AsyncIterable<Buffer>) {
    received += part.length;
    if (received > limit) throw new GbsHttpError(STATUS.payloadTooLarge, `the body is larger than this endpoint's limit of ${limit} bytes`);
    parts.push(part);
  }
  return new Uint8Array(Buffer.concat(parts));
}

function mediaTypeOf(value: string): string {
  return value.split(';')[0]!.trim().toLowerCase();
}

export async function readCborBody(request: IncomingMessage, limit: number): Promise<unknown> {
  const contentType = request.headers['content-type'];
  if (contentType !== undefined && mediaTypeOf(contentType) !== CBOR_MEDIA_TYPE) {
    throw new GbsHttpError(STATUS.unsupportedMediaType, `request bodies must be ${CBOR_MEDIA_TYPE}, not ${mediaTypeOf(contentType)}`);
  }
  return decodeCbor(await readBody(request, limit));
}

/** True when the Accept header (absent means CBOR) allows a CBOR response. */
export function acceptsCbor(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [type, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const refused = params.some((p) => /^q=0(\.0*)?$/.test(p));
    return !refused && (type === CBOR_MEDIA_TYPE || type === 'application/*' || type === '*/*');
  });
}

export function requireCborAcceptable(request: IncomingMessage): void {
  if (!acceptsCbor(request.headers.accept)) throw new GbsHttpError(STATUS.notAcceptable, `this server answers in ${CBOR_MEDIA_TYPE} only`);
}
