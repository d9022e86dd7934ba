/**
 * A chunk's put runs in the background while the next chunk fills a second
 * buffer (the send-ahead budget), against a real local store whose puts can
 * be held back or refused, like a slow or dropping link.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBlobStore } from '../../backends/local';
import type { BlobBody } from '../../backends/types';
import { BlobStorageServer } from './blob-server';
import { MemoryBudget } from './buffer-gauge';
import { allocation } from '../conformance/fixtures';

/** Puts of keys matching `held` wait until release() (then fail if `failing` matches); each started put is counted. */
class LinkStore extends LocalBlobStore {
  held: RegExp | undefined;
  failing: RegExp | undefined;
  readonly started: string[] = [];
  private gate: { promise: Promise<void>; open: () => void } | undefined;

  override async put(key: string, body: BlobBody): Promise<void> {
    this.started.push(key);
    if (this.held?.test(key)) {
      this.gate ??= gateOf();
      await this.gate.promise;
    }
    if (this.failing?.test(key)) throw new Error(`connection dropped while storing ${key}`);
    return super.put(key, body);
  }

  release(): void {
    this.gate?.open();
    this.gate = undefined;
  }
}

function gateOf(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

async function keys(store: LocalBlobStore, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for await (const info of store.list(prefix)) out.push(info.key);
  return out.sort();
}

const CHUNK = 1000;
let root: string;
let store: LinkStore;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-send-ahead-'));
  store = new LinkStore({ root });
});
afterEach(async () => {
  store.release();
  await rm(root, { recursive: true, force: true });
});

function makeServer(sendAheadBudget: MemoryBudget): BlobStorageServer {
  return new BlobStorageServer({ serverId: 's1', nickname: 'one', store, chunkSize: CHUNK, sendAheadBudget });
}

/** Resolves to 'pending' when `promise` has not settled after the event loop ran a while. */
async function stateOf(promise: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> {
  let state: 'resolved' | 'rejected' | 'pending' = 'pending';
  promise.then(
    () => (state = 'resolved'),
    () => (state = 'rejected'),
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  return state;
}

describe('BlobStorageServer send-ahead', () => {
  it('fills the next chunk while the last one is still being stored, one put in flight per share', async () => {
    const budget = new MemoryBudget(CHUNK);
    const server = makeServer(budget);
    const si = randomBytes(16);
    const data = randomBytes(3500);
    const writer = (await server.allocateBuckets(allocation(si, [0], data.length))).allocated.get(0)!;
    store.held = /\.1$/;
    // Moving into chunk 2 sends chunk 1, which the link holds: the write still returns.
    await writer.write(0, data.subarray(0, 2500));
    expect(store.started.filter((key) => key.startsWith('shares/')).map((key) => key.split('/').pop())).toEqual(['0.1']);
    expect(budget.usedBytes).toBe(CHUNK);
    // Moving into chunk 3 must wait for chunk 1: one put per share at a time.
    const next = writer.write(2500, data.subarray(2500));
    expect(await stateOf(next)).toBe('pending');
    expect(store.started.filter((key) => key.endsWith('.2'))).toEqual([]);
    store.release();
    await next;
    // Nothing is visible before close, and close stores what is left, chunk 0 last.
    expect((await server.getBuckets(si)).size).toBe(0);
    await writer.close();
    const reader = (await server.getBuckets(si)).get(0)!;
    expect(Buffer.from(await reader.read(0, data.length)).equals(data)).toBe(true);
    expect(store.started.filter((key) => key.startsWith('shares/')).map((key) => key.split('/').pop())).toEqual(['0.1', '0.2', '0.3', '0']);
    expect(budget.usedBytes).toBe(0);
    expect(server.bufferedBytes).toBe(0);
  });

  it('reports a background put that failed at the next write, and leaves nothing when the upload is aborted', async () => {
    const server = makeServer(new MemoryBudget(CHUNK));
    const si = randomBytes(16);
    const writer = (await server.allocateBuckets(allocation(si, [0], 4500))).allocated.get(0)!;
    store.failing = /\.2$/;
    await writer.write(0, randomBytes(2500));
    // Chunk 2 is sent in the background when writes move past it; its failure surfaces at the next boundary.
    await writer.write(2500, randomBytes(1000));
    await expect(writer.write(3500, randomBytes(1000))).rejects.toThrow(/connection dropped while storing shares\/.*\.2/);
    await writer.abort();
    expect(await keys(store)).toEqual([]);
    expect(server.bufferedBytes).toBe(0);
  });

  it('reports a failed background put to flush, before any close', async () => {
    const server = makeServer(new MemoryBudget(CHUNK));
    const si = randomBytes(16);
    const writer = (await server.allocateBuckets(allocation(si, [0], 2500))).allocated.get(0)!;
    store.failing = /\.1$/;
    await writer.write(0, randomBytes(2500));
    await expect(writer.flush!()).rejects.toThrow(/connection dropped while storing shares\/.*\.1/);
    await writer.abort();
    expect(await keys(store)).toEqual([]);
  });

  it('fails close, showing no share, when the last background put fails', async () => {
    const server = makeServer(new MemoryBudget(CHUNK));
    const si = randomBytes(16);
    const writer = (await server.allocateBuckets(allocation(si, [0], 2500))).allocated.get(0)!;
    store.failing = /\.1$/;
    await writer.write(0, randomBytes(2500));
    await expect(writer.close()).rejects.toThrow(/connection dropped/);
    expect((await server.getBuckets(si)).size).toBe(0);
    expect(await keys(store)).toEqual([]);
  });

  it('waits for a put still in flight before an abort deletes what was stored', async () => {
    const server = makeServer(new MemoryBudget(CHUNK));
    const si = randomBytes(16);
    const writer = (await server.allocateBuckets(allocation(si, [0], 3500))).allocated.get(0)!;
    store.held = /\.1$/;
    await writer.write(0, randomBytes(2500));
    const aborted = writer.abort();
    expect(await stateOf(aborted)).toBe('pending');
    // The held put lands after the abort began: the abort still removes it.
    store.release();
    await aborted;
    expect(await keys(store)).toEqual([]);
  });

  it('shares one budget: a second upload stores each chunk before filling the next while the first holds it', async () => {
    const budget = new MemoryBudget(CHUNK);
    const server = makeServer(budget);
    const [first, second] = [randomBytes(16), randomBytes(16)];
    const a = (await server.allocateBuckets(allocation(first, [0], 3500))).allocated.get(0)!;
    const b = (await server.allocateBuckets(allocation(second, [0], 3500, 2))).allocated.get(0)!;
    await a.write(0, randomBytes(2500));
    expect(budget.usedBytes).toBe(CHUNK);
    store.held = /\.1$/;
    // b has no second buffer: its write waits for its own chunk 1, which the link holds.
    const bWrite = b.write(0, randomBytes(2500));
    expect(await stateOf(bWrite)).toBe('pending');
    store.release();
    await bWrite;
    await a.write(2500, randomBytes(1000));
    await b.write(2500, randomBytes(1000));
    await Promise.all([a.close(), b.close()]);
    expect(budget.usedBytes).toBe(0);
    expect((await server.getBuckets(first)).get(0)!.size).toBe(3500);
    expect((await server.getBuckets(second)).get(0)!.size).toBe(3500);
  });
});
