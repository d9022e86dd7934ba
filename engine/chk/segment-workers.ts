/**
 * Threads that take a whole segment off the main thread when a download has
 * its k primary blocks (the usual case): they hash each block, hash the
 * segment's ciphertext (the blocks back to back) and decrypt it, and hand
 * the plaintext back without a copy. The caller still compares every hash
 * with the hash trees before it uses the plaintext. Two threads on a
 * machine with two cores or more, so the SHA-256 and AES-CTR of
 * consecutive segments run side by side while the main thread only moves
 * bytes between the disk and the threads. Shared by every download in the
 * process; the code is plain JavaScript evaluated from a string (no build
 * step), like ./hash-worker.ts. A thread keeps the process alive only
 * while it has work.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SharedScratch } from './hash-worker';
import { netstring } from './netstring';
import { TAGS } from './tagged-hash';

const WORKER_SOURCE = `
const { parentPort, workerData: prefixes } = require('node:worker_threads');
const { createHash, createDecipheriv } = require('node:crypto');
const tagged = (prefix, parts) => {
  const inner = createHash('sha256').update(prefix);
  for (const part of parts) inner.update(part);
  return new Uint8Array(createHash('sha256').update(inner.digest()).digest());
};
parentPort.on('message', (job) => {
  try {
    // The blocks lie back to back in one shared buffer: the segment's ciphertext is its first job.length bytes.
    const crypttext = new Uint8Array(job.blocks[0].buffer, job.blocks[0].byteOffset, job.length);
    const hashes = job.blocks.map((block) => tagged(prefixes.block, [block]));
    hashes.push(tagged(prefixes.crypttextSegment, [crypttext]));
    // AES-128-CTR with the file-wide counter at this segment's byte offset (offset / 16, big-endian).
    const blockIndex = Math.floor(job.offset / 16);
    const iv = Buffer.alloc(16);
    iv.writeUInt32BE(Math.floor(blockIndex / 2 ** 32), 8);
    iv.writeUInt32BE(blockIndex % 2 ** 32, 12);
    const decipher = createDecipheriv('aes-128-ctr', job.key, iv);
    const skip = job.offset % 16;
    if (skip > 0) decipher.update(Buffer.alloc(skip));
    const plain = decipher.update(crypttext);
    // The cipher's output owns its memory: moved to the caller, not copied, when it is the whole buffer.
    const whole = plain.byteOffset === 0 && plain.buffer.byteLength === plain.length;
    parentPort.postMessage({ id: job.id, hashes, plain }, whole ? [plain.buffer] : []);
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.stack) || error) });
  }
});
`;

export interface SegmentResult {
  /** The k block hashes in the order given, then the crypttext segment hash. */
  hashes: Uint8Array[];
  /** The decrypted segment (unchecked until the caller compares the hashes). */
  plain: Uint8Array;
}

interface Reply {
  id: number;
  hashes: Uint8Array[];
  plain: Uint8Array;
  error?: string;
}

class SegmentThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>();
  private nextId = 0;
  failed: Error | null = null;

  constructor() {
    const prefixes = { block: netstring(TAGS.block), crypttextSegment: netstring(TAGS.crypttextSegment) };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: prefixes });
    // An unref() taken before the thread is online does not hold: let go of the process only once it is, if idle by then.
    this.worker.once('online', () => {
      if (this.pending.size === 0) this.worker.unref();
    });
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.error) waiter.reject(new Error(`segment worker: ${reply.error}`));
      else waiter.resolve(reply);
    });
    const failAll = (error: Error) => {
      this.failed = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`segment worker exited with code ${code}`)));
  }

  get load(): number {
    return this.pending.size;
  }

  run(job: { blocks: Uint8Array[]; length: number; key: Uint8Array; offset: number }): Promise<Reply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...job });
    });
  }
}

const threads: SegmentThread[] = [];

/** Threads in the pool: two where there are two cores or more. */
const POOL_SIZE = Math.max(1, Math.min(2, availableParallelism()));

/** The thread with the least work queued; a new thread is started only when every one has work (throws if worker threads are unavailable). */
function leastBusyThread(): SegmentThread {
  for (let i = threads.length - 1; i >= 0; i--) if (threads[i].failed) threads.splice(i, 1);
  const best = threads.reduce<SegmentThread | undefined>((chosen, thread) => (!chosen || thread.load < chosen.load ? thread : chosen), undefined);
  if (best && (best.load === 0 || threads.length >= POOL_SIZE)) return best;
  const started = new SegmentThread();
  threads.push(started);
  return started;
}

/**
 * Processes segments on the pool: `blocks` are the k primary blocks in share
 * order, copied into reused shared memory (fresh memory would cost a page
 * fault per 4 KiB; the caller's arrays stay untouched), `length` the
 * segment's ciphertext bytes (the tail segment's blocks are padded) and
 * `offset` its first byte in the file.
 */
export function segmentProcessor(key: Uint8Array): (blocks: Uint8Array[], length: number, offset: number) => Promise<SegmentResult> {
  const scratch = new SharedScratch();
  return (blocks, length, offset) =>
    scratch.with(blocks, async (shared) => {
      const reply = await leastBusyThread().run({ blocks: shared, length, key, offset });
      return { hashes: reply.hashes, plain: reply.plain };
    });
}
