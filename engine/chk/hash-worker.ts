/**
 * One worker thread, shared by every encode and download in the process, that
 * computes Tahoe-LAFS tagged hashes (SHA-256d over netstring(tag) + data) off
 * the main thread. Its code is plain JavaScript evaluated from a string, so it
 * needs no build step or TypeScript loader. It keeps the process alive only
 * while it has work.
 */
import { Worker } from 'node:worker_threads';
import { netstring } from './netstring';
import { TAGS } from './tagged-hash';

/** A hashing job: each item is hashed with a tag, and may be a run of bytes split over several arrays. */
export interface HashJob {
  items: { tag: HashTag; parts: Uint8Array[] }[];
}

export type HashTag = 'block' | 'crypttextSegment';

const WORKER_SOURCE = `
const { parentPort, workerData: prefixes } = require('node:worker_threads');
const { createHash } = require('node:crypto');
parentPort.on('message', (job) => {
  const transfer = job.transfer || [];
  try {
    const hashes = job.items.map((item) => {
      const inner = createHash('sha256').update(prefixes[item.tag]);
      for (const part of item.parts) inner.update(part);
      return new Uint8Array(createHash('sha256').update(inner.digest()).digest());
    });
    parentPort.postMessage({ id: job.id, hashes, transferred: job.transferred }, transfer);
  } catch (error) {
    parentPort.postMessage({ id: job.id, transferred: job.transferred, error: String((error && error.stack) || error) }, transfer);
  }
});
`;

interface Reply {
  id: number;
  hashes: Uint8Array[];
  transferred: Uint8Array[];
  error?: string;
}

interface Pending {
  resolve: (reply: Reply) => void;
  reject: (error: Error) => void;
}

class HashWorkerThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  failed: Error | null = null;

  constructor() {
    const prefixes: Record<HashTag, Uint8Array> = {
      crypttextSegment: netstring(TAGS.crypttextSegment),
      block: netstring(TAGS.block),
    };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: prefixes });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      const waiter = this.pending.get(reply.id);
      if (!waiter) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.error) waiter.reject(new Error(`hash worker: ${reply.error}`));
      else waiter.resolve(reply);
    });
    const failAll = (error: Error) => {
      this.failed = error;
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    };
    this.worker.on('error', failAll);
    this.worker.on('exit', (code) => failAll(new Error(`hash worker exited with code ${code}`)));
  }

  /**
   * Hashes the job's items. Arrays listed in `moved` have their buffers
   * transferred to the worker and back (the returned copies replace them);
   * everything else must live in shared memory or is copied by postMessage.
   */
  run(job: HashJob, moved: Uint8Array[] = []): Promise<{ hashes: Uint8Array[]; moved: Uint8Array[] }> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: (reply) => resolve({ hashes: reply.hashes, moved: reply.transferred }), reject });
      const transfer = [...new Set(moved.map((bytes) => bytes.buffer as ArrayBuffer))];
      this.worker.postMessage({ id, items: job.items, transferred: moved, transfer }, transfer);
    });
  }
}

let sharedThread: HashWorkerThread | null = null;

/** The process-wide hash worker (recreated if it died); throws if worker threads are unavailable. */
export function hashWorker(): HashWorkerThread {
  if (!sharedThread || sharedThread.failed) sharedThread = new HashWorkerThread();
  return sharedThread;
}

/** True when `bytes` spans the whole of an ordinary ArrayBuffer, so moving that buffer moves nothing else. */
export function ownsItsBuffer(bytes: Uint8Array): boolean {
  return bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
}

/** `bytes` itself if its buffer can be moved to the worker, otherwise a private copy that can. */
export function movable(bytes: Uint8Array): Uint8Array {
  return ownsItsBuffer(bytes) ? bytes : Uint8Array.from(bytes);
}
