import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessBySearch, assessFile, assessSpread, severityOf, type FileHealth, type ShareMap } from './classify';
import { smallestLosingSet } from './losing-set';
import { seededRandom } from '../../engine/test-support/erasure';

const threeOfFive = { needed: 3, happy: 4, total: 5 };

/** Five accounts a..e, one share each: the layout a 3-of-5 upload on five accounts gets. */
function onePerAccount(): Record<string, number[]> {
  return { a: [0], b: [1], c: [2], d: [3], e: [4] };
}

function without(shares: ShareMap, lost: readonly string[]): ShareMap {
  return Object.fromEntries(Object.entries(shares).filter(([id]) => !lost.includes(id)));
}

function distinctShares(shares: ShareMap): number {
  return new Set(Object.values(shares).flat()).size;
}

describe('assessFile with shares that have only bad blocks', () => {
  it('three shares with one bad block each, in different segments: readable, degraded, survives any 1', () => {
    const damaged = [
      { accountId: 'a', shareNumber: 0, badSegments: [1] },
      { accountId: 'b', shareNumber: 1, badSegments: [4] },
      { accountId: 'c', shareNumber: 2, badSegments: [7] },
    ];
    const result = assessFile(threeOfFive, without(onePerAccount(), ['a', 'b', 'c']), damaged);
    expect(result).toMatchObject({ health: 'degraded', distinctGoodShares: 2, tolerance: 1, blockDamage: { sharesWithBadBlocks: 3, fewestGoodBlocks: 4 } });
  });

  it('bad blocks that meet in one segment: at-risk at 3 good blocks there, unreadable at 2', () => {
    const twoBad = [
      { accountId: 'a', shareNumber: 0, badSegments: [3] },
      { accountId: 'b', shareNumber: 1, badSegments: [3] },
    ];
    expect(assessFile(threeOfFive, without(onePerAccount(), ['a', 'b']), twoBad)).toMatchObject({ health: 'at-risk', tolerance: 0 });
    const threeBad = [...twoBad, { accountId: 'c', shareNumber: 2, badSegments: [3, 5] }];
    expect(assessFile(threeOfFive, without(onePerAccount(), ['a', 'b', 'c']), threeBad)).toMatchObject({
      health: 'unreadable', tolerance: -1, blockDamage: { sharesWithBadBlocks: 3, fewestGoodBlocks: 2 },
    });
  });

  it('a damaged copy whose share number also has a good copy changes nothing (the state after repair)', () => {
    const result = assessFile(threeOfFive, onePerAccount(), [{ accountId: 'a', shareNumber: 1, badSegments: [0] }]);
    expect(result).toEqual(assessFile(threeOfFive, onePerAccount()));
  });
});

describe('assessFile, hand cases', () => {
  it('3-of-5 on five accounts, one share each: healthy, survives any 2', () => {
    const result = assessFile(threeOfFive, onePerAccount());
    expect(result).toMatchObject({ health: 'healthy', distinctGoodShares: 5, happiness: 5, tolerance: 2 });
    expect(result.weakestAccounts).toHaveLength(3);
  });

  it('after losing one account: degraded, still survives any 1', () => {
    const result = assessFile(threeOfFive, without(onePerAccount(), ['e']));
    expect(result).toMatchObject({ health: 'degraded', distinctGoodShares: 4, tolerance: 1 });
  });

  it('after losing two accounts: at-risk, any remaining account is the weakest', () => {
    const result = assessFile(threeOfFive, without(onePerAccount(), ['d', 'e']));
    expect(result).toMatchObject({ health: 'at-risk', distinctGoodShares: 3, tolerance: 0 });
    expect(result.weakestAccounts).toHaveLength(1);
    expect(['a', 'b', 'c']).toContain(result.weakestAccounts[0]);
  });

  it('after losing three accounts: unreadable', () => {
    const result = assessFile(threeOfFive, without(onePerAccount(), ['c', 'd', 'e']));
    expect(result).toEqual({ health: 'unreadable', distinctGoodShares: 2, happiness: 2, tolerance: -1, weakestAccounts: [] });
  });

  it('two shares on one account: that account alone is not fatal, but it is in every smallest losing set', () => {
    // a holds 0 and 1; b, c, d hold 2, 3, 4. Losing a leaves 3 shares; losing a and any other leaves 2.
    const result = assessFile(threeOfFive, { a: [0, 1], b: [2], c: [3], d: [4] });
    expect(result).toMatchObject({ health: 'healthy', distinctGoodShares: 5, happiness: 4, tolerance: 1 });
    expect(result.weakestAccounts).toContain('a');
    expect(result.weakestAccounts).toHaveLength(2);
  });

  it('three shares on one account of three: at-risk although every share exists', () => {
    const result = assessFile(threeOfFive, { a: [0, 1, 2], b: [3], c: [4] });
    expect(result).toMatchObject({ health: 'at-risk', distinctGoodShares: 5, happiness: 3, tolerance: 0, weakestAccounts: ['a'] });
  });

  it('happiness below happy with a margin left: degraded', () => {
    // Every share twice, on 3 accounts only: happiness 3 < 4, but any one account can go.
    const result = assessFile(threeOfFive, { a: [0, 1, 2, 3], b: [2, 3, 4, 0], c: [4, 1] });
    expect(result).toMatchObject({ health: 'degraded', distinctGoodShares: 5, happiness: 3, tolerance: 1 });
  });

  it('replicated shares raise tolerance', () => {
    // 1-of-2 with both shares on every one of three accounts: all three must go.
    const result = assessFile({ needed: 1, happy: 2, total: 2 }, { a: [0, 1], b: [0, 1], c: [1, 0] });
    expect(result).toMatchObject({ health: 'healthy', tolerance: 2 });
    expect(result.weakestAccounts.sort()).toEqual(['a', 'b', 'c']);
  });

  it('ignores share numbers outside the encoding, duplicates and empty accounts', () => {
    const result = assessFile(threeOfFive, { a: [0, 0, 7], b: [1], c: [], d: [2, -1, 2.5] });
    expect(result).toMatchObject({ health: 'at-risk', distinctGoodShares: 3, happiness: 3, tolerance: 0 });
  });

  it('no shares at all: unreadable', () => {
    expect(assessFile(threeOfFive, {}).health).toBe('unreadable');
  });

  it('refuses an impossible encoding with a message naming it', () => {
    expect(() => assessFile({ needed: 4, happy: 2, total: 3 }, {})).toThrow(/4-of-3 is invalid/);
    expect(() => assessFile({ needed: 0, happy: 2, total: 3 }, {})).toThrow(/needed must be at least 1/);
  });

  it('ranks health worst first', () => {
    const ranked: FileHealth[] = ['healthy', 'unreadable', 'degraded', 'at-risk'];
    expect(ranked.sort((x, y) => severityOf(x) - severityOf(y))).toEqual(['unreadable', 'at-risk', 'degraded', 'healthy']);
  });
});

/** Tolerance by trying every subset of accounts: the definition itself, unoptimised. */
function bruteForceTolerance(needed: number, shares: ShareMap): number {
  const accounts = Object.keys(shares).filter((id) => shares[id].length > 0);
  if (distinctShares(shares) < needed) return -1;
  let smallest = Infinity;
  for (let mask = 1; mask < 1 << accounts.length; mask++) {
    const lost = accounts.filter((_, i) => mask & (1 << i));
    if (distinctShares(without(shares, lost)) < needed) smallest = Math.min(smallest, lost.length);
  }
  return smallest - 1;
}

function bruteForceHealth(encoding: typeof threeOfFive, shares: ShareMap, happiness: number): FileHealth {
  const tolerance = bruteForceTolerance(encoding.needed, shares);
  if (tolerance < 0) return 'unreadable';
  if (tolerance === 0) return 'at-risk';
  return distinctShares(shares) < encoding.total || happiness < encoding.happy ? 'degraded' : 'healthy';
}

describe('assessFile against brute force', () => {
  it('agrees on 600 random layouts', () => {
    const random = seededRandom(20261130); // deterministic, so a failing case reproduces
    const pick = (max: number): number => Math.floor(random() * max);
    for (let round = 0; round < 600; round++) {
      const total = 1 + pick(8);
      const needed = 1 + pick(total);
      const happy = 1 + pick(total);
      const accountCount = 1 + pick(7);
      const shares: Record<string, number[]> = {};
      for (let a = 0; a < accountCount; a++) shares[`acct-${a}`] = Array.from({ length: pick(4) }, () => pick(total));
      const encoding = { needed, happy, total };
      const result = assessFile(encoding, shares);
      const context = JSON.stringify({ round, encoding, shares });

      expect(result.tolerance, context).toBe(bruteForceTolerance(needed, shares));
      expect(result.health, context).toBe(bruteForceHealth(encoding, shares, result.happiness));
      if (result.tolerance >= 0) {
        // The weakest set is a smallest one, and losing it really makes the file unreadable.
        expect(result.weakestAccounts, context).toHaveLength(result.tolerance + 1);
        expect(distinctShares(without(shares, result.weakestAccounts)), context).toBeLessThan(needed);
      }
    }
  });
});

describe('smallestLosingSet beyond the exact limit', () => {
  it('one share on each of 24 accounts: the bound is exact and the greedy set loses the file', () => {
    const holdings = new Map(Array.from({ length: 24 }, (_, i) => [`acct-${i}`, [i]] as const));
    const result = smallestLosingSet(holdings, 22); // 3-of-24: 22 shares must go
    expect(result).toMatchObject({ exact: false, tolerance: 21 });
    expect(result.accounts).toHaveLength(22);
  });

  it('finds a single fatal account exactly on a large grid', () => {
    // 22 accounts; account 0 holds shares 0..9, the rest share the remainder two copies each.
    const holdings = new Map<string, number[]>([['acct-0', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]]);
    for (let i = 1; i < 22; i++) holdings.set(`acct-${i}`, [10 + (i % 11), 10 + ((i + 1) % 11)]);
    const distinct = 21;
    const needed = 12;
    const result = smallestLosingSet(holdings, distinct - needed + 1);
    // Losing acct-0 alone leaves 11 < 12: the small-set search finds it, so the answer is exact.
    expect(result).toMatchObject({ exact: true, tolerance: 0, accounts: ['acct-0'] });
  });

  it('rules out sets of one and two accounts exactly before falling back to the bound', () => {
    // 25 accounts each holding every one of 4 shares (1-of-4): any 24 can go, the count bound says 0.
    const holdings = new Map(Array.from({ length: 25 }, (_, i) => [`acct-${i}`, [0, 1, 2, 3]] as const));
    const result = smallestLosingSet(holdings, 4);
    expect(result.tolerance).toBe(2);
    expect(result.accounts).toHaveLength(25);
  });
});

describe('assessSpread, the quick answer for a complete upload, against the full search', () => {
  // Totals up to 12 keep the exact search fast; 21..30 are past EXACT_SEARCH_MAX_ACCOUNTS, where the search is bounded.
  const encodings = fc
    .record({ total: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 21, max: 30 })), neededShare: fc.double({ min: 0, max: 1, noNaN: true }), happy: fc.integer({ min: 1, max: 32 }) })
    .map(({ total, neededShare, happy }) => ({ needed: 1 + Math.min(total - 1, Math.floor(neededShare * total)), happy, total }));
  // Names that look like integers too: an object lists those first, whatever order they were added in.
  const accountName = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.integer({ min: 0, max: 999 }).map(String));

  it('gives the same health, tolerance and weakest accounts for one share per account, all shares present', () => {
    fc.assert(
      fc.property(encodings, fc.uniqueArray(accountName, { minLength: 30, maxLength: 30 }), fc.integer(), (encoding, names, seed) => {
        const numbers = Array.from({ length: encoding.total }, (_, i) => i).sort((a, b) => ((a * 7919 + seed) % 31) - ((b * 7919 + seed) % 31));
        const shares: Record<string, number[]> = {};
        numbers.forEach((shareNumber, i) => (shares[names[i]] = [shareNumber]));
        const quick = assessSpread(encoding, shares);
        expect(quick).toBeDefined();
        expect(quick).toEqual(assessBySearch(encoding, shares));
        expect(assessFile(encoding, shares)).toEqual(quick);
      }),
      { numRuns: 400 },
    );
  });

  it('has no answer for other layouts, or the same answer (missing shares, shared accounts, duplicates, numbers out of range)', () => {
    const layouts = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', '0', '1'), fc.array(fc.integer({ min: -1, max: 7 }), { maxLength: 3 }));
    const smallEncodings = fc
      .record({ needed: fc.integer({ min: 1, max: 5 }), extra: fc.integer({ min: 0, max: 3 }), happy: fc.integer({ min: 1, max: 10 }) })
      .map(({ needed, extra, happy }) => ({ needed, happy, total: needed + extra }));
    // Layouts a step away from a complete spread: a share number repeated or out of range, an account too many or too few, an empty one.
    const nearSpreads = smallEncodings.chain((encoding) =>
      fc.tuple(
        fc.constant(encoding),
        fc.uniqueArray(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', '0', '1'), { minLength: encoding.total - 1, maxLength: encoding.total + 1 }).chain((names) =>
          fc.tuple(...names.map((name) => fc.tuple(fc.constant(name), fc.array(fc.integer({ min: -1, max: encoding.total }), { minLength: 0, maxLength: 2 })))).map((entries) => Object.fromEntries(entries)),
        ),
      ),
    );
    fc.assert(
      fc.property(fc.oneof(fc.tuple(smallEncodings, layouts), nearSpreads), ([encoding, shares]) => {
        const quick = assessSpread(encoding, shares);
        const searched = assessBySearch(encoding, shares);
        if (quick !== undefined) expect(quick).toEqual(searched);
        expect(assessFile(encoding, shares)).toEqual(searched);
      }),
      { numRuns: 2000 },
    );
  });
});
