/**
 * A StorageServer conformance suite: registers Vitest tests of Tahoe-LAFS
 * storage semantics for any implementation, given a factory. Groups an
 * implementation does not offer (leases, mutable slots, refusal of
 * conflicting rewrites) are switched off by its feature flags.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BadWriteEnablerError,
  ConflictingWriteError,
  LeaseNotFoundError,
  StorageIndexNotFoundError,
  type AllocateRequest,
  type BucketWriter,
  type SlotSecrets,
  type StorageServer,
  type TestAndWriteVectors,
} from '../types';

export interface ConformanceServer {
  server: StorageServer;
  /** Corruption reports as the implementation lists them. */
  listAdvisories(): Promise<{ storageIndex: string; shareNumber: number; reason: string }[]>;
  cleanup(): Promise<void>;
}

export interface ConformanceFactoryOptions {
  nickname?: string;
  sizeLimitBytes?: number;
  /** A hint: chunked implementations use it, others ignore it. */
  chunkSize?: number;
}

export interface ConformanceFeatures {
  /** Overlapping writes with different bytes fail with ConflictingWriteError (Tahoe-LAFS >= 1.17, HTTP 409). */
  refusesConflictingWrites: boolean;
  leases: boolean;
  mutableSlots: boolean;
}

const CHUNK = 1024;

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

function digest(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function writeInPieces(writer: BucketWriter, data: Uint8Array, pieces: [number, number][]): Promise<void> {
  for (const [from, to] of pieces) await writer.write(from, data.subarray(from, to));
}

function sequentialPieces(size: number, step: number): [number, number][] {
  const out: [number, number][] = [];
  for (let at = 0; at < size; at += step) out.push([at, Math.min(size, at + step)]);
  return out;
}

export function registerStorageServerConformance(
  label: string,
  factory: (options?: ConformanceFactoryOptions) => Promise<ConformanceServer>,
  features: ConformanceFeatures,
): void {
  describe(`StorageServer conformance: ${label}`, () => {
    const opened: ConformanceServer[] = [];
    const open = async (options?: ConformanceFactoryOptions): Promise<ConformanceServer> => {
      const made = await factory({ chunkSize: CHUNK, ...options });
      opened.push(made);
      return made;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((made) => made.cleanup()));
    });

    async function storeShare(server: StorageServer, si: Uint8Array, shareNumber: number, data: Uint8Array, seed = 1): Promise<void> {
      const writer = (await server.allocateBuckets(allocation(si, [shareNumber], data.length, seed))).allocated.get(shareNumber)!;
      await writer.write(0, data);
      await writer.close();
    }

    describe('immutable shares', () => {
      it('allocates, reports shares already held, and skips shares another upload is writing', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        const first = await server.allocateBuckets(allocation(si, [0, 3, 5], 10));
        expect(first.alreadyHave).toEqual([]);
        expect([...first.allocated.keys()]).toEqual([0, 3, 5]);
        await first.allocated.get(3)!.write(0, new Uint8Array(10).fill(3));
        await first.allocated.get(3)!.close();
        const second = await server.allocateBuckets(allocation(si, [0, 3, 7], 10, 9));
        expect(second.alreadyHave).toEqual([3]);
        // Share 0 is still being written by the first upload.
        expect([...second.allocated.keys()]).toEqual([7]);
        await Promise.all([first.allocated.get(0)!.abort(), first.allocated.get(5)!.abort(), second.allocated.get(7)!.abort()]);
        expect([...(await server.getBuckets(si)).keys()]).toEqual([3]);
      });

      it('shows a share only after close, with reads clipped at its end', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        const writer = (await server.allocateBuckets(allocation(si, [2], 10))).allocated.get(2)!;
        await writer.write(5, new Uint8Array([5, 6, 7, 8, 9]));
        await writer.write(0, new Uint8Array([0, 1, 2, 3, 4]));
        expect((await server.getBuckets(si)).size).toBe(0);
        await writer.close();
        const reader = (await server.getBuckets(si)).get(2)!;
        expect(reader.size).toBe(10);
        expect([...(await reader.read(2, 4))]).toEqual([2, 3, 4, 5]);
        expect([...(await reader.read(8, 100))]).toEqual([8, 9]);
        expect((await reader.read(20, 5)).length).toBe(0);
        await expect(writer.write(0, new Uint8Array(1))).rejects.toThrow(/closed/);
      });

      it.each([
        ['one byte', 1],
        ['just under a chunk', CHUNK - 1],
        ['exactly a chunk', CHUNK],
        ['just over a chunk', CHUNK + 1],
        ['exactly three chunks', 3 * CHUNK],
        ['several chunks and a bit', 5 * CHUNK + 17],
      ])('round-trips a share of %s, however it is written', async (_name, size) => {
        const { server } = await open();
        const data = randomBytes(size);
        const header = Math.min(40, size);
        const patterns: Record<string, [number, number][]> = {
          whole: [[0, size]],
          // Pieces of 700 straddle every chunk boundary.
          straddling: sequentialPieces(size, 700),
          // The encoder's pattern: header, then blocks in order, then hash trees and the URI extension block.
          headerFirst: [[0, header], ...sequentialPieces(size - header, 300).map(([a, b]): [number, number] => [a + header, b + header])],
          // Tail first, then the rest backwards.
          backwards: sequentialPieces(size, 500).reverse(),
        };
        for (const [shareNumber, pieces] of Object.values(patterns).entries()) {
          const si = randomBytes(16);
          const writer = (await server.allocateBuckets(allocation(si, [shareNumber], size))).allocated.get(shareNumber)!;
          await writeInPieces(writer, data, pieces);
          await writer.close();
          const reader = (await server.getBuckets(si)).get(shareNumber)!;
          expect(reader.size).toBe(size);
          expect(digest(await reader.read(0, size + 10))).toBe(digest(data));
          // Ranges that cross chunk boundaries.
          for (const [offset, length] of [[CHUNK - 3, 7], [1, 2 * CHUNK], [size - 1, 5], [Math.floor(size / 2), CHUNK + 5]]) {
            const expected = data.subarray(Math.min(offset, size), Math.min(size, offset + length));
            expect(Buffer.from(await reader.read(offset, length)).equals(expected)).toBe(true);
          }
        }
      });

      it('never shows a partial share to a concurrent reader', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        const data = randomBytes(6 * CHUNK + 100);
        const writer = (await server.allocateBuckets(allocation(si, [0], data.length))).allocated.get(0)!;
        const sizesSeen = new Set<number>();
        let done = false;
        const watcher = (async () => {
          while (!done) {
            const reader = (await server.getBuckets(si)).get(0);
            sizesSeen.add(reader?.size ?? -1);
            if (reader) expect(digest(await reader.read(0, reader.size))).toBe(digest(data));
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        for (const [a, b] of sequentialPieces(data.length, 256)) {
          await writer.write(a, data.subarray(a, b));
          await new Promise((resolve) => setImmediate(resolve));
        }
        await writer.close();
        await new Promise((resolve) => setTimeout(resolve, 20));
        done = true;
        await watcher;
        expect([...sizesSeen].every((size) => size === -1 || size === data.length)).toBe(true);
        expect(sizesSeen.has(data.length)).toBe(true);
      });

      it('aborting discards everything and is idempotent', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        const writer = (await server.allocateBuckets(allocation(si, [0], 3 * CHUNK))).allocated.get(0)!;
        await writer.write(0, randomBytes(3 * CHUNK));
        await writer.abort();
        await writer.abort();
        await expect(writer.write(0, new Uint8Array(1))).rejects.toThrow(/aborted/);
        await expect(writer.close()).rejects.toThrow(/aborted/);
        expect((await server.getBuckets(si)).size).toBe(0);
        // The share number is free again.
        expect([...(await server.allocateBuckets(allocation(si, [0], 5))).allocated.keys()]).toEqual([0]);
      });

      it('refuses writes past the allocated size and bad offsets', async () => {
        const { server } = await open();
        const writer = (await server.allocateBuckets(allocation(randomBytes(16), [0], 8))).allocated.get(0)!;
        await expect(writer.write(6, new Uint8Array(4))).rejects.toThrow(/past the allocated share size 8/);
        await expect(writer.write(-1, new Uint8Array(1))).rejects.toThrow(/non-negative/);
        await writer.write(0, new Uint8Array(8));
        await writer.abort();
      });

      it.runIf(features.refusesConflictingWrites)('accepts identical rewrites and refuses conflicting ones', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        const data = randomBytes(3 * CHUNK);
        const writer = (await server.allocateBuckets(allocation(si, [1], data.length))).allocated.get(1)!;
        await writer.write(0, data.subarray(0, 2 * CHUNK));
        // Same bytes again, across a chunk that is no longer buffered: fine.
        await writer.write(CHUNK - 10, data.subarray(CHUNK - 10, CHUNK + 500));
        const changed = Uint8Array.from(data.subarray(10, 20));
        changed[3] ^= 1;
        await expect(writer.write(10, changed)).rejects.toBeInstanceOf(ConflictingWriteError);
        await expect(writer.write(2 * CHUNK - 5, new Uint8Array(10).fill(0xee))).rejects.toThrow(/already written with different data/);
        await writer.write(2 * CHUNK, data.subarray(2 * CHUNK));
        await writer.close();
        expect(digest(await (await server.getBuckets(si)).get(1)!.read(0, data.length))).toBe(digest(data));
      });

      it('enforces its size limit, counting unfinished uploads, with a clear refusal', async () => {
        const { server } = await open({ nickname: 'tiny', sizeLimitBytes: 250 });
        const si = randomBytes(16);
        expect((await server.getVersion()).availableSpace).toBe(250);
        const first = await server.allocateBuckets(allocation(si, [0, 1, 2], 100));
        expect([...first.allocated.keys()]).toEqual([0, 1]);
        expect((await server.getVersion()).availableSpace).toBe(50);
        await expect(server.allocateBuckets(allocation(randomBytes(16), [0], 100))).rejects.toThrow(
          /storage server "tiny".* is full: .*100 B.* requested, 50 B available of its 250 B limit/,
        );
        await first.allocated.get(0)!.write(0, new Uint8Array(100));
        await first.allocated.get(0)!.close();
        await first.allocated.get(1)!.abort();
        expect((await server.getVersion()).availableSpace).toBe(150);
      });

      it('gives each share to only one of several concurrent allocations', async () => {
        const { server } = await open({ sizeLimitBytes: 1000 });
        const si = randomBytes(16);
        const results = await Promise.all(Array.from({ length: 6 }, (_, i) => server.allocateBuckets(allocation(si, [0, 1, 2], 100, 10 * i))));
        expect(results.flatMap((r) => [...r.allocated.keys()]).sort()).toEqual([0, 1, 2]);
        expect((await server.getVersion()).availableSpace).toBe(700);
        await Promise.all(results.flatMap((r) => [...r.allocated.values()].map((w) => w.abort())));
        expect((await server.getVersion()).availableSpace).toBe(1000);
      });

      it('rejects storage indexes, share numbers and secrets that are malformed', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        await expect(server.allocateBuckets(allocation(new Uint8Array(15), [0], 1))).rejects.toThrow(/16 bytes/);
        await expect(server.getBuckets('../../etc' as unknown as Uint8Array)).rejects.toThrow(/16 bytes/);
        for (const bad of [-1, 256, 1.5, NaN, '../x' as unknown as number]) {
          await expect(server.allocateBuckets(allocation(si, [bad], 1))).rejects.toThrow(/share number/);
          await expect(server.adviseCorruptShare(si, bad, 'x')).rejects.toThrow(/share number/);
        }
        await expect(server.allocateBuckets({ ...allocation(si, [0], 1), uploadSecret: new Uint8Array(3) })).rejects.toThrow(/upload secret/);
        await expect(server.allocateBuckets({ ...allocation(si, [0], 1), renewSecret: new Uint8Array(31) })).rejects.toThrow(/renew secret/);
        await expect(server.allocateBuckets(allocation(si, [0], -5))).rejects.toThrow(/allocated size/);
      });

      it('records corruption advisories that can be listed', async () => {
        const made = await open();
        const si = randomBytes(16);
        await storeShare(made.server, si, 4, randomBytes(100));
        await storeShare(made.server, si, 7, randomBytes(100));
        await made.server.adviseCorruptShare(si, 4, 'block hash mismatch in segment 2');
        await made.server.adviseCorruptShare(si, 7, 'bad UEB');
        const advisories = await made.listAdvisories();
        expect(advisories.map((a) => [a.shareNumber, a.reason])).toEqual([
          [4, 'block hash mismatch in segment 2'],
          [7, 'bad UEB'],
        ]);
      });
    });

    describe.runIf(features.leases)('leases', () => {
      it('adds and renews leases with Tahoe-LAFS semantics', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        await storeShare(server, si, 0, randomBytes(10), 1);
        const other = secretsFor(50);
        // Renewing with a secret no lease has is an error; the allocation's secret works.
        await expect(server.renewLease!(si, other.renewSecret)).rejects.toBeInstanceOf(LeaseNotFoundError);
        await expect(server.renewLease!(si, other.renewSecret)).rejects.toThrow('no lease with that renew secret');
        await server.renewLease!(si, secretsFor(1).renewSecret);
        await server.addLease!(si, other.renewSecret, other.cancelSecret);
        await server.renewLease!(si, other.renewSecret);
        await expect(server.addLease!(randomBytes(16), other.renewSecret, other.cancelSecret)).rejects.toBeInstanceOf(StorageIndexNotFoundError);
        await expect(server.renewLease!(randomBytes(16), other.renewSecret)).rejects.toBeInstanceOf(LeaseNotFoundError);
        await expect(server.addLease!(si, new Uint8Array(3), other.cancelSecret)).rejects.toThrow(/renew secret/);
      });
    });

    describe.runIf(features.mutableSlots)('mutable slots', () => {
      const secrets: SlotSecrets = { writeEnabler: new Uint8Array(32).fill(7), ...secretsFor(20) };
      const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text));
      const text = (data: Uint8Array | undefined): string => Buffer.from(data ?? []).toString();
      const vectors = (entries: [number, Partial<TestAndWriteVectors>][]): Map<number, TestAndWriteVectors> =>
        new Map(entries.map(([n, v]) => [n, { testVector: [], writeVector: [], ...v }]));

      it('creates a slot on first write, then tests, reads and writes atomically', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        expect(await server.slotReadv!(si, [], [{ offset: 0, size: 10 }])).toEqual(new Map());
        // Against an absent share only an empty specimen passes.
        const refused = await server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[0, { testVector: [{ offset: 0, specimen: bytes('x') }], writeVector: [{ offset: 0, data: bytes('nope') }] }]]), []);
        expect(refused.testsPassed).toBe(false);
        expect(await server.listMutableShares!(si)).toEqual([]);
        const created = await server.slotTestvAndReadvAndWritev!(
          si,
          secrets,
          vectors([
            [0, { testVector: [{ offset: 0, size: 5, specimen: new Uint8Array(0) }], writeVector: [{ offset: 0, data: bytes('hello world') }] }],
            [3, { writeVector: [{ offset: 0, data: bytes('share three') }] }],
          ]),
          [{ offset: 0, size: 5 }],
        );
        expect(created.testsPassed).toBe(true);
        expect(created.readData).toEqual(new Map());
        expect(await server.listMutableShares!(si)).toEqual([0, 3]);

        // A failing test (on share 3) blocks the writes to every share, and reads come back anyway.
        const failed = await server.slotTestvAndReadvAndWritev!(
          si,
          secrets,
          vectors([
            [0, { testVector: [{ offset: 0, specimen: bytes('hello') }], writeVector: [{ offset: 0, data: bytes('HELLO') }] }],
            [3, { testVector: [{ offset: 6, specimen: bytes('four') }], writeVector: [{ offset: 0, data: bytes('SHARE') }] }],
          ]),
          [{ offset: 6, size: 100 }],
        );
        expect(failed.testsPassed).toBe(false);
        expect([...failed.readData].map(([n, data]) => [n, data.map(text)])).toEqual([[0, ['world']], [3, ['three']]]);
        const unchanged = await server.slotReadv!(si, [0], [{ offset: 0, size: 11 }]);
        expect(text(unchanged.get(0)![0])).toBe('hello world');

        // Reads return the data before this call's writes.
        const passed = await server.slotTestvAndReadvAndWritev!(
          si,
          secrets,
          vectors([[0, { testVector: [{ offset: 0, specimen: bytes('hello') }], writeVector: [{ offset: 0, data: bytes('HELLO') }, { offset: 13, data: bytes('!') }] }]]),
          [{ offset: 0, size: 5 }],
        );
        expect(passed.testsPassed).toBe(true);
        expect(text(passed.readData.get(0)![0])).toBe('hello');
        const after = await server.slotReadv!(si, [], [{ offset: 0, size: 100 }, { offset: 12, size: 2 }]);
        // The gap left by writing past the end reads as zeros.
        expect(text(after.get(0)![0])).toBe('HELLO world\0\0!');
        expect(text(after.get(0)![1])).toBe('\0!');
        expect(text(after.get(3)![0])).toBe('share three');
      });

      it('refuses a wrong write enabler before testing or writing', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        await server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[1, { writeVector: [{ offset: 0, data: bytes('mine') }] }]]), []);
        const intruder = { ...secrets, writeEnabler: new Uint8Array(32).fill(8) };
        await expect(server.slotTestvAndReadvAndWritev!(si, intruder, vectors([[1, { writeVector: [{ offset: 0, data: bytes('evil') }] }]]), [])).rejects.toBeInstanceOf(
          BadWriteEnablerError,
        );
        await expect(server.slotTestvAndReadvAndWritev!(si, intruder, vectors([[2, { writeVector: [{ offset: 0, data: bytes('evil') }] }]]), [])).rejects.toThrow(
          /write enabler/,
        );
        expect(text((await server.slotReadv!(si, [1], [{ offset: 0, size: 4 }])).get(1)![0])).toBe('mine');
        expect(await server.listMutableShares!(si)).toEqual([1]);
      });

      it('truncates with newLength, deletes with newLength 0, and spans chunks', async () => {
        const { server } = await open();
        const si = randomBytes(16);
        const big = randomBytes(3 * CHUNK + 100);
        await server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[0, { writeVector: [{ offset: 0, data: big }] }], [1, { writeVector: [{ offset: 0, data: bytes('one') }] }]]), []);
        const read = async (n: number, size = 10 * CHUNK): Promise<Uint8Array> => (await server.slotReadv!(si, [n], [{ offset: 0, size }])).get(n)![0];
        expect(digest(await read(0))).toBe(digest(big));
        // Patch across a chunk boundary, then shrink to one and a half chunks.
        const patch = randomBytes(200);
        await server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[0, { writeVector: [{ offset: CHUNK - 100, data: patch }], newLength: CHUNK + CHUNK / 2 }]]), []);
        const expected = Uint8Array.from(big.subarray(0, CHUNK + CHUNK / 2));
        expected.set(patch, CHUNK - 100);
        expect(digest(await read(0))).toBe(digest(expected));
        // A newLength longer than the data leaves it alone; growing again shows zeros, never old bytes.
        await server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[0, { newLength: 10 * CHUNK }]]), []);
        expect((await read(0)).length).toBe(CHUNK + CHUNK / 2);
        await server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[0, { writeVector: [{ offset: 3 * CHUNK, data: bytes('end') }] }]]), []);
        const regrown = await read(0);
        expect(regrown.length).toBe(3 * CHUNK + 3);
        expect(regrown.subarray(CHUNK + CHUNK / 2, 3 * CHUNK).every((b) => b === 0)).toBe(true);
        // newLength 0 deletes the share; the others stay.
        await server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[0, { newLength: 0 }]]), []);
        expect(await server.listMutableShares!(si)).toEqual([1]);
        expect(text(await read(1))).toBe('one');
        // Deleting the last share frees the slot: a new write enabler may claim it.
        await server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[1, { newLength: 0 }]]), []);
        expect(await server.listMutableShares!(si)).toEqual([]);
        const newcomer = { ...secrets, writeEnabler: new Uint8Array(32).fill(9) };
        expect((await server.slotTestvAndReadvAndWritev!(si, newcomer, vectors([[5, { writeVector: [{ offset: 0, data: bytes('new') }] }]]), [])).testsPassed).toBe(true);
      });

      it('takes corruption advisories for mutable shares', async () => {
        const made = await open();
        const si = randomBytes(16);
        await made.server.slotTestvAndReadvAndWritev!(si, secrets, vectors([[2, { writeVector: [{ offset: 0, data: bytes('x') }] }]]), []);
        await made.server.adviseCorruptMutableShare!(si, 2, 'bad signature');
        // Claims about shares the server does not hold are dropped, as in Tahoe-LAFS.
        await made.server.adviseCorruptMutableShare!(si, 3, 'not here');
        expect((await made.listAdvisories()).map((a) => [a.shareNumber, a.reason])).toEqual([[2, 'bad signature']]);
      });
    });
  });
}
