/** Small builders the conformance groups (and servers' own tests) share: secrets, allocations, share writes. */
import { createHash } from 'node:crypto';
import type { AllocateRequest, BucketWriter, StorageServer } from '../types';

/** The chunk size hint the suite passes; sizes around it exercise chunked servers' boundaries. */
export const CHUNK = 1024;

/** Three distinct 32-byte lease and upload secrets derived from a seed. */
export function secretsFor(seed: number): { renewSecret: Uint8Array; cancelSecret: Uint8Array; uploadSecret: Uint8Array } {
  return {
    renewSecret: new Uint8Array(32).fill(seed),
    cancelSecret: new Uint8Array(32).fill(seed + 1),
    uploadSecret: new Uint8Array(32).fill(seed + 2),
  };
}

export function allocation(storageIndex: Uint8Array, shareNumbers: number[], allocatedSize: number, seed = 1): AllocateRequest {
  return { storageIndex, ...secretsFor(seed), shareNumbers, allocatedSize };
}

export function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Writes data[from, to) for each piece, in the order given. */
export async function writeInPieces(writer: BucketWriter, data: Uint8Array, pieces: [number, number][]): Promise<void> {
  for (const [from, to] of pieces) await writer.write(from, data.subarray(from, to));
}

/** [from, to) pieces of `step` bytes covering [0, size). */
export function sequentialPieces(size: number, step: number): [number, number][] {
  const out: [number, number][] = [];
  for (let at = 0; at < size; at += step) out.push([at, Math.min(size, at + step)]);
  return out;
}

/** Uploads one complete immutable share in a single write. */
export async function storeShare(server: StorageServer, si: Uint8Array, shareNumber: number, data: Uint8Array, seed = 1): Promise<void> {
  const writer = (await server.allocateBuckets(allocation(si, [shareNumber], data.length, seed))).allocated.get(shareNumber)!;
  await writer.write(0, data);
  await writer.close();
}
