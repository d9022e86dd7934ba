import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bytesByteSource, uploadFile } from '../../engine/grid';
import { makeTestGrid, type TestGrid } from '../../engine/test-support/test-grid';
import { checkGridFile } from './file-check';
import { LITERAL_SUMMARY } from './summary';
import {
  corruptShareOn,
  deleteSharesOn,
  shareFilesOf,
  storeRandomFile,
  SwitchableServer,
  TEST_ENCODING,
  TEST_LEASE_SECRET,
  type StoredFile,
} from '../test-support/health';

let grid: TestGrid;
let file: StoredFile;
beforeEach(async () => {
  grid = await makeTestGrid(5);
  file = await storeRandomFile(grid.servers);
});
afterEach(async () => {
  await grid.cleanup();
});

describe('checkGridFile', () => {
  it('a fresh 3-of-5 file on five accounts is healthy and survives the loss of any 2', async () => {
    const result = await checkGridFile(grid.servers, file.cap, TEST_ENCODING);
    expect(result.assessment).toMatchObject({ health: 'healthy', distinctGoodShares: 5, happiness: 5, tolerance: 2 });
    expect(Object.keys(result.sharesByAccount).sort()).toEqual(grid.servers.map((s) => s.serverId).sort());
    expect(result).toMatchObject({ verified: false, repaired: false, corrupt: [], unreachableAccounts: [], bytesRead: 0 });
    expect(result.summary).toBe('5 of 5 shares on 5 accounts; survives the loss of any 2 accounts');
  });

  it('verifying reads every share, and says roughly how many bytes', async () => {
    const result = await checkGridFile(grid.servers, file.cap, TEST_ENCODING, { verify: true });
    expect(result).toMatchObject({ verified: true, corrupt: [] });
    expect(result.assessment.health).toBe('healthy');
    let onDisk = 0;
    for (let i = 0; i < 5; i++) for (const path of await shareFilesOf(grid, i, file)) onDisk += (await stat(path)).size;
    // Share files carry a small header and lease records besides the share itself.
    expect(result.bytesRead).toBeGreaterThan(onDisk * 0.9);
    expect(result.bytesRead).toBeLessThanOrEqual(onDisk);
  });

  it('one account losing its shares: degraded, survives one more loss, repair needed', async () => {
    await deleteSharesOn(grid, [4], file);
    const result = await checkGridFile(grid.servers, file.cap, TEST_ENCODING);
    expect(result.assessment).toMatchObject({ health: 'degraded', distinctGoodShares: 4, tolerance: 1 });
    expect(result.sharesByAccount[grid.servers[4].serverId]).toBeUndefined();
    expect(result.summary).toBe('4 of 5 shares on 4 accounts; survives the loss of any 1 account; repair needed');
  });

  it('two accounts losing their shares: at risk, naming an account whose loss would be fatal', async () => {
    await deleteSharesOn(grid, [3, 4], file);
    const result = await checkGridFile(grid.servers, file.cap, TEST_ENCODING);
    expect(result.assessment).toMatchObject({ health: 'at-risk', tolerance: 0 });
    expect(result.summary).toMatch(/^3 of 5 shares on 3 accounts; at risk: losing account "account-[012]" would make it unreadable; repair needed$/);
  });

  it('three accounts losing their shares: unreadable', async () => {
    await deleteSharesOn(grid, [0, 1, 2], file);
    const result = await checkGridFile(grid.servers, file.cap, TEST_ENCODING);
    expect(result.assessment).toMatchObject({ health: 'unreadable', distinctGoodShares: 2, tolerance: -1, weakestAccounts: [] });
    expect(result.summary).toContain('unreadable: 3 are needed, so 1 more share must come back');
  });

  it('a flipped byte in a share is found only when verifying', async () => {
    const shareNumber = await corruptShareOn(grid, 2, file);
    expect((await checkGridFile(grid.servers, file.cap, TEST_ENCODING)).assessment.health).toBe('healthy');
    const result = await checkGridFile(grid.servers, file.cap, TEST_ENCODING, { verify: true });
    expect(result.corrupt).toHaveLength(1);
    expect(result.corrupt[0]).toMatchObject({ accountId: grid.servers[2].serverId, shareNumber });
    expect(result.corrupt[0].reason.length).toBeGreaterThan(0);
    expect(result.assessment).toMatchObject({ health: 'degraded', distinctGoodShares: 4 });
    expect(result.summary).toContain('1 corrupt share found');
  });

  it('an offline account is named in the summary', async () => {
    const servers = grid.servers.map((s) => new SwitchableServer(s));
    servers[1].offline = true;
    const result = await checkGridFile(servers, file.cap, TEST_ENCODING);
    expect(result.unreachableAccounts).toEqual([{ accountId: 'server-1', reason: 'connection refused by account-1' }]);
    expect(result.assessment.health).toBe('degraded');
    expect(result.summary).toBe('4 of 5 shares on 4 accounts: account "account-1" is offline; survives the loss of any 1 account; repair needed');
  });

  it('repair regenerates lost and corrupt shares and reports the health after it', async () => {
    await deleteSharesOn(grid, [0], file);
    await corruptShareOn(grid, 3, file);
    const result = await checkGridFile(grid.servers, file.cap, TEST_ENCODING, { verify: true, repair: true, leaseSecret: TEST_LEASE_SECRET });
    expect(result.repaired).toBe(true);
    expect(result.repairError).toBeUndefined();
    expect(result.assessment).toMatchObject({ health: 'healthy', distinctGoodShares: 5 });
    expect(result.corrupt).toHaveLength(1); // the bad copy stays where it is; the server cannot delete it
    expect(result.summary).toMatch(/survives the loss of any \d accounts?; repaired$/);
    expect(result.bytesRead).toBeGreaterThan(0);
  });

  it('says why repair could not run', async () => {
    await deleteSharesOn(grid, [0], file);
    const result = await checkGridFile(grid.servers, file.cap, TEST_ENCODING, { repair: true });
    expect(result.repaired).toBe(false);
    expect(result.repairError).toMatch(/lease secret/);
    expect(result.summary).toContain(result.repairError!);
  });

  it('a literal cap is always healthy', async () => {
    const literal = await uploadFile(grid.servers, bytesByteSource(new TextEncoder().encode('tiny')), {
      encoding: { needed: 3, happy: 4, total: 5, maxSegmentSize: TEST_ENCODING.segmentSize },
      convergence: new Uint8Array(16),
      leaseSecret: TEST_LEASE_SECRET,
    });
    const result = await checkGridFile(grid.servers, literal.cap, TEST_ENCODING, { verify: true });
    expect(result.assessment).toEqual({ health: 'healthy', distinctGoodShares: 0, happiness: 0, tolerance: 5, weakestAccounts: [] });
    expect(result.summary).toBe(LITERAL_SUMMARY);
  });

  it('stops waiting when its signal fires', async () => {
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    await expect(checkGridFile(grid.servers, file.cap, TEST_ENCODING, { signal: controller.signal })).rejects.toThrow('shutting down');
  });
});
