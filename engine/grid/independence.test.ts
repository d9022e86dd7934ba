import { describe, expect, it } from 'vitest';
import { domainHappinessOf, happinessOf } from './happiness';
import { independenceMoves } from './independence';

const domainOf = (server: string) => (server.startsWith('f') ? 'disk:sda' : `login:${server}`);
const holdings = (entries: Record<string, number[]>) => new Map(Object.entries(entries));

describe('happiness over failure domains', () => {
  it('counts domains holding distinct shares, where servers-of-happiness counts servers', () => {
    const fiveFolders = holdings({ f1: [0], f2: [1], f3: [2], f4: [3], f5: [4] });
    expect(happinessOf(fiveFolders)).toBe(5);
    expect(domainHappinessOf(fiveFolders, domainOf)).toBe(1);
    const spread = holdings({ f1: [0], f2: [1], f3: [2], s3: [3], dav: [4] });
    expect(domainHappinessOf(spread, domainOf)).toBe(3);
    // No domains known: every server is its own, so it equals servers-of-happiness.
    expect(domainHappinessOf(spread, () => undefined)).toBe(happinessOf(spread));
  });
});

describe('moves toward independent domains', () => {
  it('moves one share of the crowded disk to each login that holds none', () => {
    const moves = independenceMoves(holdings({ f1: [0], f2: [1], f3: [2], f4: [3], f5: [4] }), ['dav', 'f1', 's3'], domainOf);
    expect(moves).toHaveLength(2);
    expect(moves.map((m) => m.toServerId)).toEqual(['dav', 's3']);
    expect(new Set(moves.map((m) => m.shareNumber)).size).toBe(2);
    for (const move of moves) expect(move.fromServerId).toMatch(/^f/);
  });

  it('moves nothing when every domain already holds a share, or no other domain has a server', () => {
    expect(independenceMoves(holdings({ f1: [0], f2: [1], s3: [2], dav: [3, 4] }), ['f3'], domainOf)).toEqual([]);
    expect(independenceMoves(holdings({ f1: [0], f2: [1], f3: [2] }), ['f4', 'f5'], domainOf)).toEqual([]);
    // One share per domain is as independent as it gets.
    expect(independenceMoves(holdings({ f1: [0], s3: [1] }), ['dav'], domainOf)).toEqual([]);
  });

  it('prefers a share with no copy outside the crowded domain, from its most loaded server', () => {
    // Share 1 has a copy on s3 already: moving it would not take anything off the disk's failure.
    const moves = independenceMoves(holdings({ f1: [0, 1], f2: [2], s3: [1] }), ['dav'], domainOf);
    expect(moves).toEqual([{ shareNumber: 0, fromServerId: 'f1', toServerId: 'dav' }]);
    expect(independenceMoves(holdings({ f1: [1], f2: [2], s3: [1] }), ['dav'], domainOf)).toEqual([{ shareNumber: 2, fromServerId: 'f2', toServerId: 'dav' }]);
    const loaded = independenceMoves(holdings({ f1: [0, 3], f2: [2] }), ['dav'], domainOf);
    expect(loaded).toEqual([{ shareNumber: 3, fromServerId: 'f1', toServerId: 'dav' }]);
  });
});
