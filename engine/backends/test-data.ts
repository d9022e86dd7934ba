/**
 * Deterministic test bodies for the backend tests: a keystream from AES-CTR
 * (fast and incompressible), produced chunk by chunk so a 100 MB body is never
 * held in memory, with its SHA-256 to compare against what comes back.
 */
import { createCipheriv, createHash } from 'node:crypto';
import type { BlobBody } from './types';

const ZEROS = new Uint8Array(1 << 20);

function keystream(seed: string) {
  const key = createHash('sha256').update(`key:${seed}`).digest().subarray(0, 16);
  const iv = createHash('sha256').update(`iv:${seed}`).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, iv);
}

/** Chunk sizes vary (and are not powers of two) so backends cannot rely on aligned input. */
export async function* patternChunks(seed: string, size: number, options: { failAfter?: number; beforeChunk?: (offset: number) => Promise<void> } = {}): AsyncGenerator<Uint8Array> {
  const cipher = keystream(seed);
  let produced = 0;
  let turn = 0;
  while (produced < size) {
    if (options.failAfter !== undefined && produced >= options.failAfter) throw new Error('test body failed on purpose');
    await options.beforeChunk?.(produced);
    const want = Math.min(size - produced, 200_000 + ((turn++ * 7919) % 900_000));
    const chunk = cipher.update(ZEROS.subarray(0, want));
    produced += chunk.byteLength;
    yield chunk;
  }
}

export function patternBody(seed: string, size: number, options: Parameters<typeof patternChunks>[2] = {}): BlobBody {
  return { size, chunks: patternChunks(seed, size, options) };
}

export function patternBytes(seed: string, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const cipher = keystream(seed);
  for (let offset = 0; offset < size; offset += ZEROS.byteLength) {
    out.set(cipher.update(ZEROS.subarray(0, Math.min(ZEROS.byteLength, size - offset))), offset);
  }
  return out;
}

export async function patternSha256(seed: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of patternChunks(seed, size)) hash.update(chunk);
  return hash.digest('hex');
}
