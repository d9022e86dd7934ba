/**
 * downloadSmallFile over real local-folder servers (2-of-3, one share per
 * server): it asks only the first `needed` servers of the file's permuted
 * order while they are enough, turns to the others when a share is missing,
 * damaged or a server cannot answer, and tells each server about a damaged
 * share once.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseCap, storageIndexOf } from '../chk';
import type { ChkReadCap } from '../chk/api';
import type { StorageServer } from '../storage/types';
import { bytesByteSource } from './byte-sources';
import { downloadSmallFile } from './download-small';
import { permuteServers } from './permute';
import { uploadFile } from './upload';
import { makeTestGrid, type TestGrid } from '../test-support/test-grid';
import { DownloadError } from './errors';

const uploadOptions = {
  encoding: { needed: 2, happy: 3, total: 3, maxSegmentSize: 128 * 1024 },
  convergence: new Uint8Array(16).fill(3),
  leaseSecret: new Uint8Array(32).fill(4),
};

/**
 * Counts the share lookups each server answers: listings (getBuckets) and,
 * when `direct`, single-share opens (openShare, forwarded to the real
 * local-folder server); `unreachable` makes one fail as a dead account would.
 */
function counted(server: StorageServer, direct: boolean): StorageServer {
  const wrapped: StorageServer = {
    serverId: server.serverId,
    nickname: server.nickname,
    getVersion: () => server.getVersion(),
    allocateBuckets: (request) => server.allocateBuckets(request),
    adviseCorruptShare: (si, n, reason) => server.adviseCorruptShare(si, n, reason),
    async getBuckets(si) {
      asked.set(server.serverId, (asked.get(server.serverId) ?? 0) + 1);
      if (unreachable.has(server.serverId)) throw new Error('connection refused');
      return server.getBuckets(si);
    },
  };
  if (direct) {
    wrapped.openShare = async (si, shareNumber) => {
      opened.push(`${server.serverId}:${shareNumber}`);
      if (unreachable.has(server.serverId)) throw new Error('connection refused');
      return server.openShare!(si, shareNumber);
    };
  }
  return wrapped;
}

let grid: TestGrid;
let asked: Map<string, number>;
let opened: string[];
let unreachable: Set<string>;
let servers: StorageServer[];
/** Whether the servers offer openShare (the local-folder server does; a server without it is listed as before). */
let direct = false;
beforeEach(async () => {
  grid = await makeTestGrid(3);
  asked = new Map();
  opened = [];
  unreachable = new Set();
  servers = grid.servers.map((server) => counted(server, direct));
});
afterEach(async () => {
  await grid.cleanup();
});

async function stored(size: number): Promise<{ data: Buffer; cap: string; si: Uint8Array; index: string; order: StorageServer[] }> {
  const data = randomBytes(size);
  const { cap, storageIndex } = await uploadFile(grid.servers, bytesByteSource(data), uploadOptions);
  const si = storageIndexOf(parseCap(cap) as ChkReadCap);
  return { data, cap, si, index: storageIndex!, order: permuteServers(grid.servers, si) };
}

/** Where a local-folder server keeps share `shareNumber` of the file. */
function shareFile(server: StorageServer, storageIndex: string, shareNumber: number): string {
  const root = grid.servers.find((s) => s.serverId === server.serverId)!.root;
  return join(root, 'shares', storageIndex.slice(0, 2), storageIndex, String(shareNumber));
}

async function sharesHeld(server: StorageServer, si: Uint8Array): Promise<number[]> {
  return [...(await server.getBuckets(si)).keys()];
}

describe.each([
  { direct: false, title: 'servers without openShare' },
  { direct: true, title: 'servers with openShare' },
])('downloadSmallFile, $title', (mode) => {
  beforeAll(() => {
    direct = mode.direct;
  });

  it('asks only the first two servers of the permuted order, which hold the primary shares', async () => {
    const { data, cap, si, order } = await stored(100_000);
    // Placement puts share i on the i-th server of the permuted order (as Tahoe-LAFS does), so shares 0 and 1 are read.
    expect(await Promise.all(order.map((server) => sharesHeld(server, si)))).toEqual([[0], [1], [2]]);
    asked.clear();
    const pieces = await downloadSmallFile(servers, cap);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    if (mode.direct) {
      // Share i opened on the i-th server, and nothing listed.
      expect(opened).toEqual([`${order[0]!.serverId}:0`, `${order[1]!.serverId}:1`]);
      expect(asked.size).toBe(0);
    } else {
      expect([...asked.keys()].sort()).toEqual([order[0]!.serverId, order[1]!.serverId].sort());
    }
  });

  it('asks the third server when a share on the first two is missing', async () => {
    const { data, cap, si, index, order } = await stored(100_000);
    const [gone] = await sharesHeld(order[0]!, si);
    await rm(shareFile(order[0]!, index, gone!));
    asked.clear();
    const pieces = await downloadSmallFile(servers, cap);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    expect(asked.size).toBe(3);
  });

  it('asks the third server when one of the first two cannot answer', async () => {
    const { data, cap, order } = await stored(60_000);
    unreachable.add(order[1]!.serverId);
    asked.clear();
    const pieces = await downloadSmallFile(servers, cap);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    expect(asked.size).toBe(3);
  });

  it('reads around a damaged share of the first servers and tells its server once', async () => {
    const { data, cap, si, index, order } = await stored(100_000);
    const [damaged] = await sharesHeld(order[0]!, si);
    const path = shareFile(order[0]!, index, damaged!);
    const reader = (await order[0]!.getBuckets(si)).get(damaged!)!;
    const bytes = Buffer.from(await reader.read(0, reader.size));
    bytes[2000] ^= 0xff; // inside the first block (the header is a few dozen bytes)
    await writeFile(path, bytes);
    asked.clear();
    const reports: string[] = [];
    const pieces = await downloadSmallFile(servers, cap, { onCorruptShare: (report) => reports.push(`${report.serverId}:${report.shareNumber}`) });
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    expect(asked.size).toBe(3);
    expect(reports).toEqual([`${order[0]!.serverId}:${damaged}`]);
    const advisories = await grid.servers.find((s) => s.serverId === order[0]!.serverId)!.listCorruptionAdvisories();
    expect(advisories.filter((a) => a.shareNumber === damaged)).toHaveLength(1);
  });

  it('fails as a full download does when too few shares are left', async () => {
    const { cap, si, index, order } = await stored(100_000);
    for (const server of order.slice(0, 2)) for (const n of await sharesHeld(server, si)) await rm(shareFile(server, index, n));
    const error = await downloadSmallFile(servers, cap).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(/not enough shares: 1 distinct share found on 1 of 3 servers, 2 needed/);
  });

  it('gives back literal files from the cap and refuses a verify cap', async () => {
    const tiny = randomBytes(40);
    const { cap } = await uploadFile(grid.servers, bytesByteSource(tiny), uploadOptions);
    asked.clear();
    expect(Buffer.concat(await downloadSmallFile(servers, cap)).equals(tiny)).toBe(true);
    expect(asked.size).toBe(0);
    expect(opened).toEqual([]);
    const { verifyCap } = await uploadFile(grid.servers, bytesByteSource(randomBytes(5000)), uploadOptions);
    await expect(downloadSmallFile(servers, verifyCap!)).rejects.toThrow(/verify cap cannot be downloaded/);
  });
});

describe('downloadSmallFile, shares not where the upload order puts them (servers with openShare)', () => {
  beforeAll(() => {
    direct = true;
  });

  /** Moves share `shareNumber` of the file from one server's folder to another's (as repair or rebalancing may leave it). */
  async function move(index: string, shareNumber: number, from: StorageServer, to: StorageServer, asNumber = shareNumber): Promise<void> {
    const target = shareFile(to, index, asNumber);
    await rename(shareFile(from, index, shareNumber), `${target}.moving`);
    await rename(`${target}.moving`, target);
  }

  it('lists the first servers and then the others when the expected share sits on another server', async () => {
    const { data, cap, si, index, order } = await stored(100_000);
    await move(index, 0, order[0]!, order[2]!);
    expect(await Promise.all(order.map((server) => sharesHeld(server, si)))).toEqual([[], [1], [0, 2]]);
    asked.clear();
    const pieces = await downloadSmallFile(servers, cap);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    expect(opened).toEqual([`${order[0]!.serverId}:0`, `${order[1]!.serverId}:1`]);
    // The first server, found without share 0, is listed once; the second, opened for share 1 alone, is listed with the third.
    expect(Object.fromEntries(asked)).toEqual({ [order[0]!.serverId]: 1, [order[1]!.serverId]: 1, [order[2]!.serverId]: 1 });
  });

  it('reads a file placed in the old reverse order (share N-1 on the first server) without asking the third server', async () => {
    const { data, cap, si, index, order } = await stored(100_000);
    // Swap shares 0 and 2 between the first and third servers: server i holds share 2-i, as uploads before the change left them.
    await move(index, 0, order[0]!, order[2]!, 9);
    await move(index, 2, order[2]!, order[0]!);
    await move(index, 9, order[2]!, order[2]!, 0);
    expect(await Promise.all(order.map((server) => sharesHeld(server, si)))).toEqual([[2], [1], [0]]);
    asked.clear();
    const pieces = await downloadSmallFile(servers, cap);
    expect(Buffer.concat(pieces).equals(data)).toBe(true);
    // The first server has no share 0, so it is listed (share 2); the second is opened for share 1; the third is never asked.
    expect(opened).toEqual([`${order[0]!.serverId}:0`, `${order[1]!.serverId}:1`]);
    expect(Object.fromEntries(asked)).toEqual({ [order[0]!.serverId]: 1 });
  });
});
