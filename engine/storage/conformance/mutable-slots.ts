/** Conformance group: mutable slots (Tahoe-LAFS slot_readv and slot_testv_and_readv_and_writev). */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { BadWriteEnablerError } from '../types';
import { CHUNK, digest } from './fixtures';
import { describeWhenSupported, type ConformanceHarness } from './harness';
import { bytes, slotSecrets as secrets, text, vectors } from './slot-fixtures';

export function mutableSlotTests(harness: ConformanceHarness): void {
  const { open } = harness;
  describeWhenSupported(harness, 'mutable slots', ['mutableSlots'], () => {
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
  });
}
