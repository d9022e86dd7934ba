/**
 * StorageServer.openShare, RAIC's optional lookup of one share by its number
 * (small-file downloads): the reader it gives must be the share getBuckets
 * gives, it sees only complete shares, and it answers undefined rather than
 * failing for a share that is not there.
 */
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import type { StorageServer } from '../types';
import { CHUNK, allocation, storeShare } from './fixtures';
import { describeWhenSupported, type ConformanceHarness } from './harness';

type OpeningServer = StorageServer & Required<Pick<StorageServer, 'openShare'>>;

export function openShareTests(harness: ConformanceHarness): void {
  const open = async (): Promise<OpeningServer> => (await harness.open()).server as OpeningServer;

  describeWhenSupported(harness, 'openShare', ['openShare'], () => {
    it('opens one share by its number with the size and bytes getBuckets gives, for one chunk and for several', async () => {
      const server = await open();
      const si = randomBytes(16);
      const small = randomBytes(CHUNK - 7);
      const large = randomBytes(3 * CHUNK + 11);
      await storeShare(server, si, 1, small);
      await storeShare(server, si, 4, large);
      for (const [shareNumber, data] of [[1, small], [4, large]] as const) {
        const reader = await server.openShare(si, shareNumber);
        const listed = (await server.getBuckets(si)).get(shareNumber)!;
        expect({ shareNumber: reader?.shareNumber, size: reader?.size }).toEqual({ shareNumber, size: listed.size });
        expect(reader!.size).toBe(data.length);
        expect(Buffer.from(await reader!.read(0, data.length))).toEqual(data);
        expect(Buffer.from(await reader!.read(data.length - 20, 100))).toEqual(data.subarray(data.length - 20));
      }
    });

    it('answers undefined for a share it lacks and a storage index it never saw', async () => {
      const server = await open();
      const si = randomBytes(16);
      await storeShare(server, si, 0, randomBytes(100));
      expect(await server.openShare(si, 1)).toBeUndefined();
      expect(await server.openShare(randomBytes(16), 0)).toBeUndefined();
    });

    it('does not see a share still being written, and sees it once its writer closes', async () => {
      const server = await open();
      const si = randomBytes(16);
      const data = randomBytes(2 * CHUNK + 5);
      const writer = (await server.allocateBuckets(allocation(si, [2], data.length))).allocated.get(2)!;
      await writer.write(0, data);
      expect(await server.openShare(si, 2)).toBeUndefined();
      await writer.close();
      expect(Buffer.from(await (await server.openShare(si, 2))!.read(0, data.length))).toEqual(data);
    });

    it('refuses a share number outside 0..255 and a malformed storage index', async () => {
      const server = await open();
      await expect(server.openShare(randomBytes(16), 256)).rejects.toThrow(/share number/);
      await expect(server.openShare(randomBytes(15), 0)).rejects.toThrow(/16 bytes/);
    });
  });
}
