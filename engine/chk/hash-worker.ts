/**
 * One worker thread, shared by every encode and download in the process, that
 * computes Tahoe-LAFS tagged hashes (SHA-256d over netstring(tag) + data) off
 * the main thread. Its code is plain JavaScript evaluated from a string, so it
 * needs no build step or TypeScript loader. It keeps the process alive only
 * while it has work.
 */
import { Worker } from 'node:worker_threads';
import { netstring } from './netstring';
import { TaggedHasher, TAGS } from './tagged-hash';

/** Bytes to hash with a tag: the parts back to back, cut after `limit` bytes if given. */
export interface HashItem {
  tag: HashTag;
  parts: Uint8Array[];
  limit?: number;
}

export interface HashJob {
  items: HashItem[];
  /**
   * Feeds a long-lived tagged hash kept on the worker (created on first use,
   * keyed by `id`), after the items: `parts` are appended, and with `finish`
   * its digest comes back as the job's last hash and the stream is dropped
   * (`discard` drops it without a digest). Jobs run in the order they were
   * posted, so a stream sees its parts in order.
   */
  stream?: { id: number; tag: HashTag; parts: Uint8Array[]; finish?: boolean; discard?: boolean };
}

export type HashTag = 'block' | 'crypttextSegment' | 'crypttext';

const WORKER_SOURCE = `
const { parentPort, workerData: prefixes } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const streams = new Map();
parentPort.on('message', (job) => {
  try {
    const hashes = job.items.map((item) => {
      const inner = createHash('sha256').update(prefixes[item.tag]);
      let left = item.limit === undefined ? Infinity : item.limit;
      for (const part of item.parts) {
        if (left <= 0) break;
        inner.update(part.length <= left ? part : part.subarray(0, left));
        left -= part.length;
      }
      return new Uint8Array(createHash('sha256').update(inner.digest()).digest());
    });
    const stream = job.stream;
    if (stream) {
      let inner = streams.get(stream.id);
      if (!inner) {
        inner = createHash('sha256').update(prefixes[stream.tag]);
        streams.set(stream.id, inner);
      }
      for (const part of stream.parts) inner.update(part);
      if (stream.finish || stream.discard) streams.delete(stream.id);
      if (stream.finish) hashes.push(new Uint8Array(createHash('sha256').update(inner.digest()).digest()));
    }
    // Buffers moved here with the job go back with the reply.
    parentPort.postMessage({ id: job.id, hashes, buffers: job.buffers }, job.buffers || []);
  } catch (error) {
    parentPort.postMessage({ id: job.id, error: String((error && error.stack) || error), buffers: job.buffers }, job.buffers || []);
  }
});
`;

interface Reply {
  id: number;
  hashes: Uint8Array[];
  buffers?: ArrayBuffer[];
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
  private nextStreamId = 0;
  failed: Error | null = null;
  /** True once the thread runs its code: until then (~50-150 ms of booting) a job only waits in its queue. */
  online = false;

  constructor() {
    const prefixes: Record<HashTag, Uint8Array> = {
      crypttextSegment: netstring(TAGS.crypttextSegment),
      block: netstring(TAGS.block),
      crypttext: netstring(TAGS.crypttext),
    };
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: prefixes });
    this.worker.unref();
    this.worker.once('online', () => {
      this.online = true;
    });
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

  /** Hashes the job's items (and stream parts); their bytes should live in shared memory (anything else is copied by postMessage). */
  run(job: HashJob): Promise<Uint8Array[]> {
    return this.post(job, []).then((reply) => reply.hashes);
  }

  /**
   * Like run, but the bytes live in `buffers` (ordinary ArrayBuffers), which
   * are moved to the worker, not copied, and moved back with the hashes: the
   * caller's views of them are detached until then, and it gets the buffers
   * back as new objects over the same memory.
   */
  runMoving(job: HashJob, buffers: ArrayBuffer[]): Promise<{ hashes: Uint8Array[]; buffers: ArrayBuffer[] }> {
    return this.post(job, buffers).then((reply) => ({ hashes: reply.hashes, buffers: reply.buffers ?? [] }));
  }

  private post(job: HashJob, buffers: ArrayBuffer[]): Promise<Reply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, items: job.items, stream: job.stream, buffers }, buffers);
    });
  }

  /** A fresh id for a HashJob stream. */
  newStreamId(): number {
    return this.nextStreamId++;
  }
}

let sharedThread: HashWorkerThread | null = null;

/** The process-wide hash worker (recreated if it died); throws if worker threads are unavailable. */
export function hashWorker(): HashWorkerThread {
  if (!sharedThread || sharedThread.failed) sharedThread = new HashWorkerThread();
  return sharedThread;
}

/** Starts the first worker ahead of its first job, if worker threads are available (otherwise nothing happens). */
export function prestartHashWorker(): void {
  try {
    // An empty job rather than only creating the worker: a worker that never
    // had a job would keep the process from exiting (its unref() taken before
    // it is online does not hold), while run() refs it only until the reply.
    hashWorker()
      .run({ items: [] })
      .catch(() => undefined);
  } catch {
    // worker_threads unavailable: the hashing will run inline.
  }
}

/**
 * Reusable shared memory for handing bytes to the worker. Buffers are reused
 * because fresh memory costs a page fault per 4 KiB on first touch (more than
 * the copy itself); copying (rather than moving buffers to the worker and
 * back) leaves the caller's arrays untouched and creates no garbage.
 */
export class SharedScratch {
  private readonly spare: SharedArrayBuffer[] = [];

  /** Copies `parts` into one shared buffer and calls `use` with their shared copies; the buffer is reused afterwards. */
  async with<T>(parts: readonly Uint8Array[], use: (shared: Uint8Array[]) => Promise<T>): Promise<T> {
    let total = 0;
    for (const part of parts) total += part.length;
    const index = this.spare.findIndex((buffer) => buffer.byteLength >= total);
    const buffer = index >= 0 ? this.spare.splice(index, 1)[0] : new SharedArrayBuffer(Math.max(total, 1));
    const bytes = new Uint8Array(buffer, 0, total);
    let offset = 0;
    const shared = parts.map((part) => {
      bytes.set(part, offset);
      offset += part.length;
      return bytes.subarray(offset - part.length, offset);
    });
    try {
      return await use(shared);
    } finally {
      this.spare.push(buffer);
    }
  }
}

/** Hashes items on the worker, copying each distinct part object into shared memory once. */
export function workerItemHasher(): (items: HashItem[]) => Promise<Uint8Array[]> {
  const worker = hashWorker();
  const scratch = new SharedScratch();
  return (items) => {
    // Parts already in shared memory (blocks read straight into it) go as they are.
    if (items.every((item) => item.parts.every((part) => part.buffer instanceof SharedArrayBuffer))) return worker.run({ items });
    const distinct = [...new Set(items.flatMap((item) => item.parts))];
    return scratch.with(distinct, (shared) => {
      const copyOf = new Map(distinct.map((part, i) => [part, shared[i]]));
      return worker.run({ items: items.map((item) => ({ ...item, parts: item.parts.map((part) => copyOf.get(part)!) })) });
    });
  };
}

/**
 * Like workerItemHasher, but hashes on this thread until the worker is
 * online: a download's first segments then need not wait for the worker to
 * boot while this thread has nothing else to do.
 */
export function workerItemHasherHashingInlineUntilOnline(): (items: HashItem[]) => Promise<Uint8Array[]> {
  const thread = hashWorker();
  const onWorker = workerItemHasher();
  return (items) => (thread.online ? onWorker(items) : inlineItemHasher(items));
}

/** The same hashes computed on this thread. */
export async function inlineItemHasher(items: HashItem[]): Promise<Uint8Array[]> {
  return items.map((item) => {
    const hasher = new TaggedHasher(TAGS[item.tag]);
    let left = item.limit ?? Infinity;
    for (const part of item.parts) {
      if (left <= 0) break;
      hasher.update(part.length <= left ? part : part.subarray(0, left));
      left -= part.length;
    }
    return hasher.digest();
  });
}
