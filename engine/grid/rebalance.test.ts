/**
 * Repair moving shares toward independence, on real local-folder servers:
 * five folders standing for one disk and two standing for other domains.
 * (cli/commands/failure-domains.test.ts does the same through the service
 * with folders on a real second file system.)
 */
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EncodingParams } from '../chk/api';
import { base32Decode } from '../chk/base32';
import type { StorageServer } from '../storage/types';
import { bytesByteSource } from './byte-sources';
import { checkFile } from './check';
import { downloadToBytes } from './download';
import { uploadFile, type UploadReport } from './upload';
import { makeTestGrid, type TestGrid } from '../test-support/test-grid';

const encoding: EncodingParams = { needed: 3, happy: 5, total: 5, maxSegmentSize: 64 * 1024 };
const leaseSecret = new Uint8Array(32).fill(7);
const domainOf = (serverId: string) => (['server-5', 'server-6'].includes(serverId) ? `login:${serverId}` : 'disk:sda');
const checkOptions = { happy: 5, maxSegmentSize: encoding.maxSegmentSize, leaseSecret, domainOf, repair: true };

let grid: TestGrid;
let data: Buffer;
let upload: UploadReport;
beforeEach(async () => {
  grid = await makeTestGrid(7);
  data = randomBytes(300_000);
  // Stored while only the five folders of one disk existed.
  upload = await uploadFile(grid.servers.slice(0, 5), bytesByteSource(data), { encoding, convergence: new Uint8Array(16).fill(1), leaseSecret });
});
afterEach(() => grid.cleanup());

async function sharesHeld(servers: readonly StorageServer[]): Promise<Map<string, number[]>> {
  const si = base32Decode(upload.storageIndex!);
  const out = new Map<string, number[]>();
  for (const server of servers) out.set(server.serverId, [...(await server.getBuckets(si)).keys()]);
  return out;
}

describe('rebalancing toward independent failure domains', () => {
  it('puts a share on each domain that had none, verifies it, then releases the surplus copy', async () => {
    const report = await checkFile(grid.servers, upload.cap, checkOptions);
    expect(report.healthy).toBe(true);
    expect(report.domainHappiness).toBe(1);
    expect(report.rebalance?.error).toBeUndefined();
    expect(report.rebalance?.moved).toHaveLength(2);
    expect(report.rebalance?.released).toHaveLength(2);
    expect(report.rebalance?.after).toMatchObject({ healthy: true, happiness: 5, domainHappiness: 3, goodShares: 5 });

    const held = await sharesHeld(grid.servers);
    expect(held.get('server-5')).toHaveLength(1);
    expect(held.get('server-6')).toHaveLength(1);
    const onDisk = [0, 1, 2, 3, 4].flatMap((i) => held.get(`server-${i}`)!);
    expect(onDisk).toHaveLength(3); // the two surplus copies are gone
    expect(new Set([...held.values()].flat()).size).toBe(5);

    // Losing the whole disk now leaves two shares, and the two other domains plus any one folder read the file.
    const survivor = grid.servers.find((s) => held.get(s.serverId)!.length > 0 && domainOf(s.serverId) === 'disk:sda')!;
    expect(Buffer.from(await downloadToBytes([survivor, grid.servers[5], grid.servers[6]], upload.cap))).toEqual(data);

    // A second check finds nothing more to move.
    const again = await checkFile(grid.servers, upload.cap, { ...checkOptions, verify: true });
    expect(again.rebalance).toBeUndefined();
    expect(again.domainHappiness).toBe(3);
  });

  it('keeps the surplus copy where the server cannot release a share', async () => {
    const noRelease = grid.servers.map((server) => withoutRelease(server));
    const report = await checkFile(noRelease, upload.cap, checkOptions);
    expect(report.rebalance?.moved).toHaveLength(2);
    expect(report.rebalance?.released).toEqual([]);
    expect(report.rebalance?.kept).toHaveLength(2);
    const onDisk = [0, 1, 2, 3, 4].flatMap((i) => [...(report.rebalance!.after!.sharesFound.find((s) => s.serverId === `server-${i}`)?.shareNumbers ?? [])]);
    expect(onDisk).toHaveLength(5);
  });

  it('releases nothing when the new copy does not check out', async () => {
    const garbling = grid.servers.map((server) => (server.serverId === 'server-5' ? garbled(server) : server));
    const report = await checkFile(garbling, upload.cap, checkOptions);
    expect(report.rebalance?.error).toMatch(/^the new copy of share \d did not check out \(.*\); the old copy was kept$/);
    expect(report.rebalance?.released.map((r) => r.shareNumber)).toHaveLength(report.rebalance!.moved.length);
    expect(report.rebalance?.moved.every((m) => m.toServerId !== 'server-5')).toBe(true);
    const held = await sharesHeld(grid.servers);
    // Five distinct good shares remain somewhere outside the garbled server.
    const good = new Set([...held].filter(([id]) => id !== 'server-5').flatMap(([, shares]) => shares));
    expect(good.size).toBe(5);
  });

  it('has nothing to move for a file uploaded with the domains known: the upload already reached all three', async () => {
    const fresh = await uploadFile(grid.servers, bytesByteSource(randomBytes(100_000)), { encoding, convergence: new Uint8Array(16).fill(2), leaseSecret, domainOf });
    expect(fresh.happiness).toBe(5);
    expect(fresh.domainHappiness).toBe(3);
    const report = await checkFile(grid.servers, fresh.cap, checkOptions);
    expect(report.domainHappiness).toBe(3);
    expect(report.rebalance).toBeUndefined();
  });

  it('does nothing without domains: every server is its own and already holds a share or is free', async () => {
    const report = await checkFile(grid.servers, upload.cap, { ...checkOptions, domainOf: undefined });
    expect(report.rebalance).toBeUndefined();
    expect(report.domainHappiness).toBeUndefined();
  });
});

/** The same server without the RAIC-only release (as a Tahoe-LAFS server over HTTP would be). */
function withoutRelease(server: StorageServer): StorageServer {
  return {
    serverId: server.serverId,
    nickname: server.nickname,
    getVersion: () => server.getVersion(),
    allocateBuckets: (request) => server.allocateBuckets(request),
    getBuckets: (si) => server.getBuckets(si),
    adviseCorruptShare: (si, n, reason) => server.adviseCorruptShare(si, n, reason),
  };
}

/** A server whose disk flips a bit in everything written after the share's header. */
function garbled(server: StorageServer): StorageServer {
  return {
    ...withoutRelease(server),
    async allocateBuckets(request) {
      const result = await server.allocateBuckets(request);
      for (const [share, writer] of result.allocated) {
        result.allocated.set(share, {
          write: (offset, bytes) => {
            // The first byte past the header in each write, however the writer groups its writes.
            const copy = Uint8Array.from(bytes);
            const at = Math.max(0, 64 - offset);
            if (at < copy.length) copy[at]! ^= 1;
            return writer.write(offset, copy);
          },
          close: () => writer.close(),
          abort: () => writer.abort(),
        });
      }
      return result;
    },
  };
}
