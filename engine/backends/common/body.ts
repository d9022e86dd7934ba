import type { BlobBody } from '../types';

/** The stream of a put body delivered more or fewer bytes than it announced. */
export class BodySizeMismatchError extends Error {
  constructor(expected: number, actual: number) {
    super(`blob body announced ${expected} bytes but delivered ${actual === -1 ? 'more' : actual}`);
    this.name = 'BodySizeMismatchError';
  }
}

export function bodySize(body: BlobBody): number {
  return body instanceof Uint8Array ? body.byteLength : body.size;
}

/**
 * The body's bytes as chunks, checked against the announced size so that a
 * short or long stream fails the put instead of storing a truncated blob.
 */
export async function* bodyChunks(body: BlobBody): AsyncGenerator<Uint8Array> {
  if (body instanceof Uint8Array) {
    yield body;
    return;
  }
  let delivered = 0;
  for await (const chunk of body.chunks) {
    delivered += chunk.byteLength;
    if (delivered > body.size) throw new BodySizeMismatchError(body.size, -1);
    if (chunk.byteLength > 0) yield chunk;
  }
  if (delivered !== body.size) throw new BodySizeMismatchError(body.size, delivered);
}

/**
 * Regroups chunks into buffers of exactly pieceSize bytes (the last one may be
 * shorter), so a backend can hold one request's worth of data and retry it.
 * Each yielded buffer is fresh: the caller may keep it while the next is filled.
 */
export async function* fixedSizePieces(chunks: AsyncIterable<Uint8Array>, pieceSize: number): AsyncGenerator<Uint8Array> {
  let piece = new Uint8Array(pieceSize);
  let filled = 0;
  for await (const chunk of chunks) {
    let offset = 0;
    while (offset < chunk.byteLength) {
      const take = Math.min(pieceSize - filled, chunk.byteLength - offset);
      piece.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === pieceSize) {
        yield piece;
        piece = new Uint8Array(pieceSize);
        filled = 0;
      }
    }
  }
  if (filled > 0) yield piece.subarray(0, filled);
}

/** Reads a whole body into one buffer; only for bodies already known to be small. */
export async function collectBody(body: BlobBody): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const whole = new Uint8Array(body.size);
  let filled = 0;
  for await (const chunk of bodyChunks(body)) {
    whole.set(chunk, filled);
    filled += chunk.byteLength;
  }
  return whole;
}

/**
 * Reads a response stream into one buffer allocated once from the known
 * length, so a large blob is held in memory exactly once.
 */
export async function readStreamExactly(stream: AsyncIterable<Uint8Array>, length: number): Promise<Uint8Array> {
  const whole = new Uint8Array(length);
  let filled = 0;
  for await (const chunk of stream) {
    if (filled + chunk.byteLength > length) throw new Error(`response longer than the expected ${length} bytes`);
    whole.set(chunk, filled);
    filled += chunk.byteLength;
  }
  if (filled !== length) throw new Error(`response ended after ${filled} of ${length} bytes`);
  return whole;
}
