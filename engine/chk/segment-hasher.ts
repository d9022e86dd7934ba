/**
 * Hashing of one encoded segment: its crypttext segment hash and its n block
 * hashes, about 3.4 MB of SHA-256 per MB of plaintext at 3-of-10 and the
 * encoder's largest cost. On big files this runs on a worker thread while the
 * main thread encrypts and erasure-codes the next segment. Both
 * implementations produce identical hashes.
 */
import { Worker } from 'node:worker_threads';
import { netstring } from './netstring';
import { blockHash, crypttextSegmentHasher, TAGS } from './tagged-hash';

export interface SegmentHashes {
  segmentHash: Uint8Array;
  /** One per share, share 0 first. */
  blockHashes: Uint8Array[];
}

/** One encoded segment: the zero-padded crypttext is also the k primary blocks, back to back. */
export interface EncodedSegment {
  padded: Uint8Array;
  /** Crypttext bytes before padding (the segment hash covers these only). */
  crypttextLength: number;
  blockSize: number;
  needed: number;
  /** Blocks of shares k..n-1. */
  parity: readonly Uint8Array[];
}

export function primaryBlocks(segment: Pick<EncodedSegment, 'padded' | 'blockSize' | 'needed'>): Uint8Array[] {
  const { padded, blockSize, needed } = segment;
  return Array.from({ length: needed }, (_, i) => padded.subarray(i * blockSize, (i + 1) * blockSize));
}

export interface SegmentHasher {
  hashSegment(segment: EncodedSegment): Promise<SegmentHashes>;
}

export class InlineSegmentHasher implements SegmentHasher {
  async hashSegment(segment: EncodedSegment): Promise<SegmentHashes> {
    return {
      segmentHash: crypttextSegmentHasher().update(segment.padded.subarray(0, segment.crypttextLength)).digest(),
      blockHashes: [...primaryBlocks(segment), ...segment.parity].map(blockHash),
    };
  }
}

// Plain JavaScript evaluated from a string, so the worker needs no build step or TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData: prefixes } = require('node:worker_threads');
const { createHash } = require('node:crypto');
function taggedHash(prefix, data) {
  const inner = createHash('sha256').update(prefix).update(data).digest();
  return new Uint8Array(createHash('sha256').update(inner).digest());
}
parentPort.on('message', (job) => {
  try {
    const segmentHash = taggedHash(prefixes.crypttextSegment, job.padded.subarray(0, job.crypttextLength));
    const blockHashes = [];
    for (let i = 0; i < job.needed; i++) {
      blockHashes.push(taggedHash(prefixes.block, job.padded.subarray(i * job.blockSize, (i + 1) * job.blockSize)));
    }
    for (const block of job.parity) blockHashes.push(taggedHash(prefixes.block, block));
    parentPort.postMessage({ id: job.id, segmentHash, blockHashes });
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.stack) || error) });
  }
});
`;

interface Pending {
  resolve: (hashes: SegmentHashes) => void;
  reject: (error: Error) => void;
}

/** One worker thread shared by all encodes in this process; it keeps the process alive only while busy. */
class HashWorkerThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  failed: Error | null = null;

  constructor() {
    const prefixes = { crypttextSegment: netstring(TAGS.crypttextSegment), block: netstring(TAGS.block) };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: prefixes });
    this.worker.unref();
    this.worker.on('message', (reply: { id: number; error?: string } & SegmentHashes) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.error) waiter.reject(new Error(`hash worker: ${reply.error}`));
      else waiter.resolve({ segmentHash: reply.segmentHash, blockHashes: reply.blockHashes });
    });
    const failAll = (error: Error) => {
      this.failed = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`hash worker exited with code ${code}`)));
  }

  submit(segment: EncodedSegment): Promise<SegmentHashes> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<SegmentHashes>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...segment });
    });
  }
}

let sharedThread: HashWorkerThread | null = null;

function hashThread(): HashWorkerThread {
  if (!sharedThread || sharedThread.failed) sharedThread = new HashWorkerThread();
  return sharedThread;
}

/**
 * Hands each segment to the worker through shared memory (one copy of the
 * segment's blocks) instead of hashing it on this thread.
 */
export class WorkerSegmentHasher implements SegmentHasher {
  private readonly thread = hashThread();
  // Fresh shared memory costs a page fault per 4 KiB on first touch (more than the copy itself), so buffers are reused.
  private readonly spare: SharedArrayBuffer[] = [];

  private acquire(size: number): SharedArrayBuffer {
    const index = this.spare.findIndex((buffer) => buffer.byteLength >= size);
    return index >= 0 ? this.spare.splice(index, 1)[0] : new SharedArrayBuffer(size);
  }

  async hashSegment(segment: EncodedSegment): Promise<SegmentHashes> {
    let total = segment.padded.length;
    for (const block of segment.parity) total += block.length;
    const buffer = this.acquire(total);
    const shared = new Uint8Array(buffer, 0, total);
    shared.set(segment.padded, 0);
    let offset = segment.padded.length;
    const parity = segment.parity.map((block) => {
      shared.set(block, offset);
      offset += block.length;
      return shared.subarray(offset - block.length, offset);
    });
    try {
      return await this.thread.submit({ ...segment, padded: shared.subarray(0, segment.padded.length), parity });
    } finally {
      this.spare.push(buffer);
    }
  }
}

/** Worker hashing pays off once a file has a few segments; small files hash inline. */
export function segmentHasherFor(fileSize: number, preferWorker?: boolean): SegmentHasher {
  if (preferWorker ?? fileSize >= 4 * 1024 * 1024) {
    try {
      return new WorkerSegmentHasher();
    } catch {
      // worker_threads unavailable (an unusual embedder): hash on this thread.
    }
  }
  return new InlineSegmentHasher();
}
