import { describe, expect, it } from 'vitest';
import { accountStates, deriveFileHealth, deriveGridHealth, type AccountState, type PlacedFile } from './live-health';
import type { AccountHealth } from './monitor-types';

const ENCODING = { needed: 3, happy: 4, total: 5 };
const NAMES = new Map([['a', 'Home WebDAV'], ['b', 'B'], ['c', 'C'], ['d', 'D'], ['e', 'E']]);

function spread(id: number, path: string, holders = ['a', 'b', 'c', 'd', 'e']): PlacedFile {
  return { id, path, cap: 'URI:CHK:x', encoding: ENCODING, placements: holders.map((accountId, shareNumber) => ({ accountId, shareNumber })) };
}

function states(map: Record<string, AccountState>) {
  return (id: string): AccountState => map[id] ?? 'offline';
}

const ALL_ONLINE = states({ a: 'online', b: 'online', c: 'online', d: 'online', e: 'online' });

describe('deriveFileHealth', () => {
  it('is healthy with every holder online, degraded with one offline and names it, at risk with two, unreadable with three', () => {
    const file = spread(1, '/a.jpg');
    expect(deriveFileHealth(file, { stateOf: ALL_ONLINE, accountNames: NAMES })).toMatchObject({ health: 'healthy' });
    const one = deriveFileHealth(file, { stateOf: states({ b: 'online', c: 'online', d: 'online', e: 'online' }), accountNames: NAMES });
    expect(one.health).toBe('degraded');
    expect(one.summary).toBe('4 of 5 shares on 4 accounts: account "Home WebDAV" is offline; survives the loss of any 1 account; repair needed');
    expect(deriveFileHealth(file, { stateOf: states({ c: 'online', d: 'online', e: 'online' }), accountNames: NAMES }).health).toBe('at-risk');
    expect(deriveFileHealth(file, { stateOf: states({ d: 'online', e: 'online' }), accountNames: NAMES }).health).toBe('unreadable');
  });

  it('waits for an account never probed instead of guessing', () => {
    const derived = deriveFileHealth(spread(1, '/a.jpg'), { stateOf: states({ a: 'not-probed', b: 'online', c: 'online', d: 'online', e: 'online' }), accountNames: NAMES });
    expect(derived).toEqual({ path: '/a.jpg', health: 'unknown', summary: 'waiting for the first answer from account "Home WebDAV"' });
  });

  it('counts a whole disk or login as one failure where the holders share one', () => {
    const derived = deriveFileHealth(spread(1, '/a.jpg'), { stateOf: ALL_ONLINE, accountNames: NAMES, domainOf: (id) => (id === 'a' || id === 'b' || id === 'c' ? 'disk-1' : id) });
    expect(derived.summary).toBe('5 of 5 shares on 5 accounts; survives the loss of any 2 accounts, but not one disk or login failing');
  });

  it('a file stored inside its cap is always healthy', () => {
    expect(deriveFileHealth({ ...spread(1, '/tiny'), cap: 'URI:LIT:abc', placements: [] }, { stateOf: states({}), accountNames: NAMES }).health).toBe('healthy');
  });
});

describe('deriveGridHealth', () => {
  const files = [spread(1, '/a.jpg'), spread(2, '/b.jpg', ['b', 'c', 'd', 'e', 'b'])];

  it('counts files never checked from their placements: never "0 healthy" with files stored', () => {
    expect(deriveGridHealth(files, { stateOf: ALL_ONLINE, accountNames: NAMES }, null)).toMatchObject({ status: 'healthy', counts: { healthy: 2, unknown: 0 } });
  });

  it('is as bad as the worst file, and only the affected files change', () => {
    const grid = deriveGridHealth(files, { stateOf: states({ b: 'online', c: 'online', d: 'online', e: 'online' }), accountNames: NAMES }, null);
    expect(grid).toMatchObject({ status: 'degraded', counts: { healthy: 1, degraded: 1, unknown: 0 } });
    expect(grid.worstFiles.map((f) => f.path)).toEqual(['/a.jpg']);
  });

  it('is never healthy while an account holding shares has not answered, but a known problem shows at once', () => {
    const waiting = deriveGridHealth(files, { stateOf: states({ a: 'not-probed', b: 'online', c: 'online', d: 'online', e: 'online' }), accountNames: NAMES }, null);
    expect(waiting).toMatchObject({ status: 'unknown', counts: { healthy: 1, unknown: 1 } });
    const problem = deriveGridHealth(files, { stateOf: states({ a: 'not-probed', b: 'offline', c: 'online', d: 'online', e: 'online' }), accountNames: NAMES }, null);
    expect(problem.status).toBe('at-risk');
  });

  it('is healthy without files', () => {
    expect(deriveGridHealth([], { stateOf: states({}), accountNames: NAMES }, null).status).toBe('healthy');
  });
});

describe('accountStates', () => {
  it('reads the prober: not probed, online, offline; accounts it does not probe (disabled, removed) are offline', () => {
    const base: Omit<AccountHealth, 'id' | 'online' | 'lastProbeAt'> = { name: 'x', latencyMs: null, lastError: null, since: null };
    const stateOf = accountStates([
      { ...base, id: 'a', online: false, lastProbeAt: null },
      { ...base, id: 'b', online: true, lastProbeAt: 1 },
      { ...base, id: 'c', online: false, lastProbeAt: 1 },
    ]);
    expect(['a', 'b', 'c', 'gone'].map(stateOf)).toEqual(['not-probed', 'online', 'offline', 'offline']);
  });
});
