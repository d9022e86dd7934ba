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

/** A hashed segment. Its blocks may be new objects (the worker path moves the bytes to the worker and back). */
export interface HashedSegment {
  segment: EncodedSegment;
  hashes: SegmentHashes;
}

export interface SegmentHasher {
  hashSegment(segment: EncodedSegment): Promise<HashedSegment>;
}

export class InlineSegmentHasher implements SegmentHasher {
  async hashSegment(segment: EncodedSegment): Promise<HashedSegment> {
    const hashes = {
      segmentHash: crypttextSegmentHasher().update(segment.padded.subarray(0, segment.crypttextLength)).digest(),
      blockHashes: [...primaryBlocks(segment), ...segment.parity].map(blockHash),
    };
    return { segment, hashes };
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
  // The block buffers were moved here; they go back with the reply, whatever happens.
  const transfer = [job.padded.buffer, ...job.parity.map((block) => block.buffer)];
  try {
    const segmentHash = taggedHash(prefixes.crypttextSegment, job.padded.subarray(0, job.crypttextLength));
    const blockHashes = [];
    for (let i = 0; i < job.needed; i++) {
      blockHashes.push(taggedHash(prefixes.block, job.padded.subarray(i * job.blockSize, (i + 1) * job.blockSize)));
    }
    for (const block of job.parity) blockHashes.push(taggedHash(prefixes.block, block));
    parentPort.postMessage({ id: job.id, padded: job.padded, parity: job.parity, segmentHash, blockHashes }, transfer);
  } catch (error) {
    parentPort.postMessage({ id: job.id, padded: job.padded, parity: job.parity, error: String((error && error.stack) || error) }, transfer);
  }
});
`;

interface Reply {
  id: number;
  padded: Uint8Array;
  parity: Uint8Array[];
  segmentHash: Uint8Array;
  blockHashes: Uint8Array[];
  error?: string;
}

interface Pending {
  segment: EncodedSegment;
  resolve: (hashed: HashedSegment) => void;
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
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.error) {
        waiter.reject(new Error(`hash worker: ${reply.error}`));
        return;
      }
      const segment = { ...waiter.segment, padded: reply.padded, parity: reply.parity };
      waiter.resolve({ segment, hashes: { segmentHash: reply.segmentHash, blockHashes: reply.blockHashes } });
    });
    const failAll = (error: Error) => {
      this.failed = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`hash worker exited with code ${code}`)));
  }

  /** Moves the segment's buffers to the worker; they come back in the result. */
  submit(segment: EncodedSegment): Promise<HashedSegment> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<HashedSegment>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { segment, resolve, reject });
      const { padded, parity, crypttextLength, blockSize, needed } = segment;
      this.worker.postMessage({ id, padded, parity, crypttextLength, blockSize, needed }, [
        padded.buffer as ArrayBuffer,
        ...parity.map((block) => block.buffer as ArrayBuffer),
      ]);
    });
  }
}

let sharedThread: HashWorkerThread | null = null;

function hashThread(): HashWorkerThread {
  if (!sharedThread || sharedThread.failed) sharedThread = new HashWorkerThread();
  return sharedThread;
}

/** True when `bytes` is the whole of an ordinary ArrayBuffer, so moving that buffer moves nothing else. */
function ownsItsBuffer(bytes: Uint8Array): boolean {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

function movable(bytes: Uint8Array): Uint8Array {
  return ownsItsBuffer(bytes) ? bytes : Uint8Array.from(bytes);
}

/**
 * Hashes on the worker thread. The segment's buffers are transferred there
 * and back rather than copied; a block that shares its buffer with anything
 * else is copied first, so nothing the caller still holds is ever detached.
 */
export class WorkerSegmentHasher implements SegmentHasher {
  private readonly thread = hashThread();

  hashSegment(segment: EncodedSegment): Promise<HashedSegment> {
    const parity = segment.parity.map(movable);
    // Distinct parity blocks never share a buffer; a shared one would be copied by movable().
    return this.thread.submit({ ...segment, padded: movable(segment.padded), parity });
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
