/**
 * The conformance suite every BlobStore must pass, registered as vitest tests
 * for one backend by its test file (which starts the real server). The same
 * tests run unchanged for local, S3, Swift, WebDAV and SFTP.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackendConfigError, BlobNotFoundError, type BlobStore } from './types';
import type { RetryPolicy } from './common/retry';
import { patternBody, patternBytes, patternSha256 } from './test-data';

export interface ConformanceTarget {
  /** A store on good settings whose namespace is empty (a fresh prefix or folder). */
  open(): Promise<BlobStore>;
  /** A store on the same server with a wrong secret; omitted where there are no credentials. */
  openWithWrongCredentials?(): Promise<BlobStore>;
  /** A store whose settings cannot work (missing bucket, container or folder). */
  openMisconfigured(): Promise<BlobStore>;
  /** Strings that must never appear in an error message or check detail. */
  secrets(): string[];
  /** Abrupt server failure and recovery; omitted for backends without a server. */
  server?: { kill(): Promise<void>; restart(): Promise<void> };
  /**
   * A store as the registry opens it (behind its retries) that retries with
   * `policy`: patient enough to outlast a server restart. Omitted for stores
   * that do not retry (no network).
   */
  openRetrying?(policy: RetryPolicy): Promise<BlobStore>;
  /** Size of the big streamed blob; over 100 MB unless a test says otherwise. */
  largeBlobBytes?: number;
  /**
   * Blobs in the listing case: 1,005 (past S3's 1,000-key page) unless the
   * store lists a folder in one answer whatever its size (rclone's WebDAV
   * server over a remote that does not page), where a smaller folder proves
   * the same and each put costs two process hops.
   */
  listingBlobs?: number;
}

const MiB = 1 << 20;

/**
 * Retries spread over 20 to 40 seconds: longer than any test server takes to
 * restart, the Swift proxy included, on a machine busy with other test runs.
 */
export const PATIENT_RETRY: RetryPolicy = { maxAttempts: 20, baseDelayMs: 400, maxDelayMs: 2_000 };

/** A way to force garbage collection, so memory samples count live buffers, not garbage. */
function collectGarbage(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
const encoder = new TextEncoder();

async function collect(store: BlobStore, prefix: string) {
  const found = [];
  for await (const info of store.list(prefix)) found.push(info);
  return found;
}

async function inBatches<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the operation to fail, but it succeeded');
}

function expectNoSecrets(text: string, secrets: string[]) {
  for (const secret of secrets) expect(text).not.toContain(secret);
}

export function registerBlobStoreConformance(name: string, target: ConformanceTarget): void {
  describe(`${name} BlobStore conformance`, () => {
    let store: BlobStore;
    beforeAll(async () => {
      store = await target.open();
    });
    afterAll(async () => {
      await store?.close();
    });

    it('round-trips small blobs, including an empty one', async () => {
      const hello = encoder.encode('hello, clouds');
      await store.put('small/hello', hello);
      expect(Buffer.from(await store.get('small/hello'))).toEqual(Buffer.from(hello));
      await store.put('small/empty', new Uint8Array(0));
      expect((await store.get('small/empty')).byteLength).toBe(0);
      expect((await store.stat('small/empty'))?.size).toBe(0);
      const streamed = patternBytes('streamed-small', 300_001);
      await store.put('small/streamed', patternBody('streamed-small', 300_001));
      expect(Buffer.from(await store.get('small/streamed')).equals(Buffer.from(streamed))).toBe(true);
    });

    it('round-trips a large streamed blob with bounded memory', async () => {
      const size = target.largeBlobBytes ?? 100 * MiB + 12_345;
      const expected = await patternSha256('large', size);
      const gc = collectGarbage();
      gc();
      const baseline = process.memoryUsage().arrayBuffers;
      let peak = baseline;
      const sampler = setInterval(() => {
        gc();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      }, 100);
      try {
        await store.put('large/blob', patternBody('large', size));
      } finally {
        clearInterval(sampler);
      }
      // Live buffers during the upload: a few parts or segments, never the whole body.
      console.info(`${name}: live buffers grew by at most ${((peak - baseline) / MiB).toFixed(1)} MiB while putting ${(size / MiB).toFixed(0)} MiB`);
      expect(peak - baseline).toBeLessThan(80 * MiB);
      expect((await store.stat('large/blob'))?.size).toBe(size);

      const rangedHash = createHash('sha256');
      const piece = 32 * MiB;
      for (let offset = 0; offset < size; offset += piece) {
        const part = await store.get('large/blob', { offset, length: piece });
        expect(part.byteLength).toBe(Math.min(piece, size - offset));
        rangedHash.update(part);
      }
      expect(rangedHash.digest('hex')).toBe(expected);

      const whole = await store.get('large/blob');
      expect(whole.byteLength).toBe(size);
      expect(createHash('sha256').update(whole).digest('hex')).toBe(expected);
    });

    it('reads ranges: start, middle, end, clipped and past the end', async () => {
      const bytes = patternBytes('ranges', 1000);
      await store.put('ranges/blob', bytes);
      const read = async (offset: number, length?: number) => Buffer.from(await store.get('ranges/blob', { offset, length }));
      expect(await read(0, 10)).toEqual(Buffer.from(bytes.subarray(0, 10)));
      expect(await read(500, 100)).toEqual(Buffer.from(bytes.subarray(500, 600)));
      expect(await read(990)).toEqual(Buffer.from(bytes.subarray(990)));
      expect(await read(990, 100)).toEqual(Buffer.from(bytes.subarray(990)));
      expect(await read(999, 1)).toEqual(Buffer.from(bytes.subarray(999)));
      expect((await read(1000)).byteLength).toBe(0);
      expect((await read(5000, 10)).byteLength).toBe(0);
      expect((await read(10, 0)).byteLength).toBe(0);
      expect(await rejection(store.get('ranges/missing', { offset: 0, length: 10 }))).toBeInstanceOf(BlobNotFoundError);
      expect(await rejection(store.get('ranges/missing'))).toBeInstanceOf(BlobNotFoundError);
    });

    it('stats existing and missing blobs', async () => {
      const before = Date.now();
      await store.put('stat/blob', patternBytes('stat', 4321));
      const info = await store.stat('stat/blob');
      expect(info?.key).toBe('stat/blob');
      expect(info?.size).toBe(4321);
      if (info?.modified) expect(Math.abs(info.modified.getTime() - before)).toBeLessThan(5 * 60_000);
      expect(await store.stat('stat/missing')).toBeUndefined();
      expect(await store.stat('stat')).toBeUndefined(); // a folder-like prefix is no blob
    });

    const listingBlobs = target.listingBlobs ?? 1005;
    it(`lists ${listingBlobs} blobs by prefix${listingBlobs > 1000 ? ', paginated,' : ''} without duplicates`, async () => {
      const keys = Array.from({ length: listingBlobs }, (_, i) => `list/many/${String(i).padStart(4, '0')}`);
      await inBatches(keys, 16, (key) => store.put(key, encoder.encode(key)));
      await store.put('list/manyx', encoder.encode('sibling'));
      await store.put('list/other/one', encoder.encode('other'));

      const listed = await collect(store, 'list/many/');
      expect(listed.map((info) => info.key).sort()).toEqual(keys);
      expect(listed.find((info) => info.key === 'list/many/0042')?.size).toBe('list/many/0042'.length);
      expect((await collect(store, 'list/many')).length).toBe(listingBlobs + 1);
      const tail = keys.filter((key) => key.startsWith('list/many/010'));
      expect((await collect(store, 'list/many/010')).map((info) => info.key).sort()).toEqual(tail);
      expect((await collect(store, 'list/')).length).toBe(listingBlobs + 2);
      expect(await collect(store, 'list/nothing/')).toEqual([]);
    });

    it('overwrites a blob', async () => {
      await store.put('overwrite/blob', patternBytes('first', 5000));
      await store.put('overwrite/blob', patternBytes('second', 1234));
      expect(Buffer.from(await store.get('overwrite/blob')).equals(Buffer.from(patternBytes('second', 1234)))).toBe(true);
      expect((await store.stat('overwrite/blob'))?.size).toBe(1234);
      expect((await collect(store, 'overwrite/')).length).toBe(1);
    });

    it('deletes blobs, and deleting a missing blob is not an error', async () => {
      await store.put('delete/blob', encoder.encode('bye'));
      await store.delete('delete/blob');
      expect(await store.stat('delete/blob')).toBeUndefined();
      expect(await rejection(store.get('delete/blob'))).toBeInstanceOf(BlobNotFoundError);
      expect(await collect(store, 'delete/')).toEqual([]);
      await store.delete('delete/blob');
      await store.delete('delete/never-existed');
    });

    it('serves concurrent writers to different keys', async () => {
      const writers = Array.from({ length: 8 }, (_, i) => ({ key: `concurrent/${i}`, seed: `concurrent-${i}`, size: 3 * MiB + i * 1001 }));
      await Promise.all(writers.map((w) => store.put(w.key, patternBody(w.seed, w.size))));
      for (const w of writers) {
        const back = await store.get(w.key);
        expect(createHash('sha256').update(back).digest('hex')).toBe(await patternSha256(w.seed, w.size));
      }
    });

    it('leaves nothing visible when a put body fails midway, and keeps the old blob', async () => {
      expect(await rejection(store.put('atomic/new', patternBody('atomic', 2 * MiB, { failAfter: MiB })))).toBeInstanceOf(Error);
      expect(await store.stat('atomic/new')).toBeUndefined();

      // Large enough for multipart / segmented uploads to have started.
      expect(await rejection(store.put('atomic/big', patternBody('atomic-big', 40 * MiB, { failAfter: 20 * MiB })))).toBeInstanceOf(Error);
      expect(await store.stat('atomic/big')).toBeUndefined();

      const short = { size: 1000, chunks: (async function* () { yield new Uint8Array(10); })() };
      expect(await rejection(store.put('atomic/short', short))).toBeInstanceOf(Error);
      expect(await store.stat('atomic/short')).toBeUndefined();

      const old = patternBytes('atomic-old', 777);
      await store.put('atomic/old', old);
      expect(await rejection(store.put('atomic/old', patternBody('atomic-replacement', 3 * MiB, { failAfter: 2 * MiB })))).toBeInstanceOf(Error);
      expect(Buffer.from(await store.get('atomic/old')).equals(Buffer.from(old))).toBe(true);
      expect((await collect(store, 'atomic/')).map((info) => info.key)).toEqual(['atomic/old']);
    });

    it('rejects keys that are not valid blob keys', async () => {
      for (const key of ['../escape', '/absolute', 'a//b', 'a/../b', 'a/./b', 'white space', '']) {
        await expect(store.put(key, encoder.encode('x'))).rejects.toThrow();
        await expect(store.get(key)).rejects.toThrow();
      }
    });

    it('reports capacity: RAIC bytes and objects, and the provider figures it gives', async () => {
      const before = await store.capacity();
      await store.put('capacity/a', new Uint8Array(1000));
      await store.put('capacity/b', new Uint8Array(2000));
      const after = await store.capacity();
      expect(after.usedBytes - before.usedBytes).toBe(3000);
      expect(after.objectCount - before.objectCount).toBe(2);
      for (const figure of [after.freeBytes, after.quotaBytes]) {
        if (figure !== undefined) expect(figure).toBeGreaterThanOrEqual(0);
      }
    });

    it('passes testConnection on good settings', async () => {
      const result = await store.testConnection();
      expect(result.checks.filter((check) => !check.ok)).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.checks.map((check) => check.name)).toEqual(expect.arrayContaining(['write', 'read', 'list', 'delete']));
      expect(result.latencyMs).toBeGreaterThanOrEqual(0);
      expect((await collect(store, 'raic-probe/')).length).toBe(0);
    });

    it('fails testConnection on settings that cannot work, saying why', async () => {
      const broken = await target.openMisconfigured();
      try {
        const result = await broken.testConnection();
        expect(result.ok).toBe(false);
        const failed = result.checks.find((check) => !check.ok);
        expect(failed?.detail.length).toBeGreaterThan(10);
        expectNoSecrets(JSON.stringify(result), target.secrets());
      } finally {
        await broken.close();
      }
    });

    if (target.openWithWrongCredentials) {
      const openWrong = target.openWithWrongCredentials.bind(target);
      it('turns wrong credentials into BackendConfigError("credentials") without the secret', async () => {
        const wrong = await openWrong();
        try {
          for (const attempt of [() => wrong.put('creds/x', encoder.encode('x')), () => wrong.get('creds/x'), () => collect(wrong, '')]) {
            const error = await rejection(attempt());
            expect(error).toBeInstanceOf(BackendConfigError);
            expect((error as BackendConfigError).reason).toBe('credentials');
            expectNoSecrets(`${(error as Error).message} ${(error as Error).stack}`, target.secrets());
          }
          const result = await wrong.testConnection();
          expect(result.ok).toBe(false);
          expect(result.checks[0]).toMatchObject({ name: 'credentials', ok: false });
          expectNoSecrets(JSON.stringify(result), target.secrets());
        } finally {
          await wrong.close();
        }
      });
    }

    if (target.server) {
      const server = target.server;
      it('fails cleanly when the server dies mid-upload, with nothing half-written visible', async () => {
        let killed = false;
        const body = patternBody('interrupted', 64 * MiB, {
          beforeChunk: async (offset) => {
            if (!killed && offset >= 12 * MiB) {
              killed = true;
              await server.kill();
            }
          },
        });
        const started = Date.now();
        const error = await rejection(store.put('interrupted/blob', body));
        expect(killed).toBe(true);
        expect(error).toBeInstanceOf(Error);
        expect(Date.now() - started).toBeLessThan(90_000);
        await server.restart();
        expect(await store.stat('interrupted/blob')).toBeUndefined();
        expect(await collect(store, 'interrupted/')).toEqual([]);
        // The same store recovers once the server is back.
        await store.put('interrupted/after', encoder.encode('back'));
        expect(new TextDecoder().decode(await store.get('interrupted/after'))).toBe('back');
      });

      if (target.openRetrying) {
        const openRetrying = target.openRetrying.bind(target);
        it('retries with backoff while the server is briefly down', async () => {
          const patient = await openRetrying(PATIENT_RETRY);
          try {
            await patient.put('retry/blob', encoder.encode('still here'));
            await server.kill();
            const reading = patient.get('retry/blob');
            reading.catch(() => undefined); // awaited below; no unhandled rejection while the server restarts
            await new Promise((resolve) => setTimeout(resolve, 300));
            await server.restart();
            expect(new TextDecoder().decode(await reading)).toBe('still here');
          } finally {
            await patient.close();
          }
        });
      }
    }
  });
}
