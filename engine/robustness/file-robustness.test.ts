import { describe, expect, it } from 'vitest';
import { fileRobustness } from './file-robustness';
import { idealPlacement } from './ideal-placement';
import { probabilityOfTooFewShares } from './shortfall';
import { account, binomial, bruteForceShortfall, randomGrid, randomOverlappingGrids, seededRandom } from '../test-support/robustness';
import type { AccountRisk, FilePlacement } from './types';

const shape = (needed: number, total: number) => ({ needed, happy: Math.min(needed, total), total });

describe('annual loss probability', () => {
  it('matches the binomial closed form for identical accounts holding one share each', () => {
    for (const accountCount of [3, 5, 8]) {
      const p = 0.07;
      const accounts = Array.from({ length: accountCount }, (_, index) => account(`a${index}`, p));
      const placement = idealPlacement(
        accounts.map((a) => a.id),
        accountCount,
      );
      for (let needed = 1; needed <= accountCount; needed++) {
        let expected = 0;
        for (let survivors = 0; survivors < needed; survivors++) expected += binomial(accountCount, survivors) * (1 - p) ** survivors * p ** (accountCount - survivors);
        const figures = fileRobustness(accounts, shape(needed, accountCount), placement);
        expect(figures.annualLossProbability).toBeCloseTo(expected, 14);
        expect(figures.method).toBe('disjoint-dp');
      }
    }
  });

  it('matches hand computations for two and three different accounts', () => {
    const two = [account('a', 0.1), account('b', 0.2)];
    const oneEach: FilePlacement = { a: [0], b: [1] };
    expect(fileRobustness(two, shape(1, 2), oneEach).annualLossProbability).toBeCloseTo(0.1 * 0.2, 15);
    expect(fileRobustness(two, shape(2, 2), oneEach).annualLossProbability).toBeCloseTo(1 - 0.9 * 0.8, 15);

    const three = [account('a', 0.1), account('b', 0.2), account('c', 0.3)];
    // 2-of-3 is lost when at least two accounts fail.
    const atLeastTwoFail = 0.1 * 0.2 * 0.7 + 0.1 * 0.8 * 0.3 + 0.9 * 0.2 * 0.3 + 0.1 * 0.2 * 0.3;
    expect(fileRobustness(three, shape(2, 3), { a: [0], b: [1], c: [2] }).annualLossProbability).toBeCloseTo(atLeastTwoFail, 15);
  });

  it('counts losses per account when an account holds several shares', () => {
    const three = [account('a', 0.1), account('b', 0.2), account('c', 0.3)];
    // 3-of-5 as 2+2+1: any single account leaves at most 4 shares but two lost leave at most 2.
    const atLeastTwoFail = 0.1 * 0.2 * 0.7 + 0.1 * 0.8 * 0.3 + 0.9 * 0.2 * 0.3 + 0.1 * 0.2 * 0.3;
    expect(fileRobustness(three, shape(3, 5), { a: [0, 1], b: [2, 3], c: [4] }).annualLossProbability).toBeCloseTo(atLeastTwoFail, 15);
    // 3+1+1: account a alone suffices, b and c together do not, so the file lives and dies with a.
    expect(fileRobustness(three, shape(3, 5), { a: [0, 1, 2], b: [3], c: [4] }).annualLossProbability).toBeCloseTo(0.1, 15);
  });

  it('is exact when the same share sits on several accounts', () => {
    const three = [account('a', 0.1), account('b', 0.2), account('c', 0.3)];
    const ring: FilePlacement = { a: [0, 1], b: [1, 2], c: [0, 2] };
    // Every account alone holds two distinct shares; any two hold all three.
    const onlyIfAllFail = fileRobustness(three, shape(2, 3), ring);
    expect(onlyIfAllFail.method).toBe('share-set-dp');
    expect(onlyIfAllFail.annualLossProbability).toBeCloseTo(0.1 * 0.2 * 0.3, 15);
    const atLeastTwoFail = 0.1 * 0.2 * 0.7 + 0.1 * 0.8 * 0.3 + 0.9 * 0.2 * 0.3 + 0.1 * 0.2 * 0.3;
    expect(fileRobustness(three, shape(3, 3), ring).annualLossProbability).toBeCloseTo(atLeastTwoFail, 15);
  });

  it('agrees with summing every outcome on random grids, overlapping or not', () => {
    const random = seededRandom(6);
    for (let round = 0; round < 300; round++) {
      const grid = randomGrid(random, { maxAccounts: 9, maxTotal: 12, probabilityRange: [0.01, 0.5], overlap: round % 2 === 0 });
      const figures = fileRobustness(grid.accounts, shape(grid.needed, grid.total), grid.placement);
      const expectedLoss = bruteForceShortfall(grid.accounts, grid.placement, grid.needed, (a) => a.lossProbability);
      const expectedOutage = bruteForceShortfall(grid.accounts, grid.placement, grid.needed, (a) => 1 - a.availability);
      expect(figures.annualLossProbability).toBeCloseTo(expectedLoss, 12);
      expect(figures.availability).toBeCloseTo(1 - expectedOutage, 12);
    }
  });

  it('falls back to an upper bound when the exact state space is too large', () => {
    let fellBack = 0;
    for (const { grid, holders } of randomOverlappingGrids(7, 100, { maxAccounts: 8, maxTotal: 10, probabilityRange: [0.05, 0.4] })) {
      const exact = probabilityOfTooFewShares(holders, grid.needed);
      const bounded = probabilityOfTooFewShares(holders, grid.needed, 1);
      if (bounded.method !== 'upper-bound') continue;
      fellBack++;
      expect(bounded.probability).toBeGreaterThanOrEqual(exact.probability - 1e-15);
    }
    expect(fellBack).toBeGreaterThan(10);
  });
});

describe('availability', () => {
  it('is computed like durability, from each account being unreachable', () => {
    const three = [account('a', 0.001, 0.9), account('b', 0.001, 0.8), account('c', 0.001, 0.7)];
    const atLeastTwoDown = 0.1 * 0.2 * 0.7 + 0.1 * 0.8 * 0.3 + 0.9 * 0.2 * 0.3 + 0.1 * 0.2 * 0.3;
    expect(fileRobustness(three, shape(2, 3), { a: [0], b: [1], c: [2] }).availability).toBeCloseTo(1 - atLeastTwoDown, 15);
  });
});

describe('tiny probabilities', () => {
  /** Exact loss probability for `count` identical accounts failing with probability 1/denominator, as a BigInt fraction turned into a double. */
  function exactIdenticalLoss(count: number, needed: number, denominator: bigint): number {
    const choose = (n: number, k: number) => {
      let result = 1n;
      for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
      return result;
    };
    let numerator = 0n;
    for (let survivors = 0; survivors < needed; survivors++) numerator += choose(count, survivors) * (denominator - 1n) ** BigInt(survivors);
    const whole = denominator ** BigInt(count);
    // Scale so the quotient keeps ~30 significant digits, then undo the scale in floating point.
    const scaleDigits = whole.toString().length - numerator.toString().length + 30;
    const scaled = (numerator * 10n ** BigInt(scaleDigits)) / whole;
    return Number(scaled) / 10 ** scaleDigits;
  }

  it('keeps full relative precision for 12 accounts at p = 1e-4', () => {
    const accounts = Array.from({ length: 12 }, (_, index) => account(`a${index}`, 1e-4));
    const placement = idealPlacement(
      accounts.map((a) => a.id),
      12,
    );
    for (const needed of [1, 4, 8, 9, 11, 12]) {
      const expected = exactIdenticalLoss(12, needed, 10_000n);
      const actual = fileRobustness(accounts, shape(needed, 12), placement).annualLossProbability;
      expect(Math.abs(actual - expected) / expected).toBeLessThan(1e-12);
    }
  });

  it('represents 11 nines without rounding to zero', () => {
    // 1-of-2 replication with p = sqrt(1e-11) per account loses with probability 1e-11.
    const p = Math.sqrt(1e-11);
    const figures = fileRobustness([account('a', p), account('b', p)], shape(1, 2), { a: [0], b: [1] });
    expect(figures.annualLossProbability / 1e-11).toBeCloseTo(1, 12);
    expect(figures.nines).toBeCloseTo(11, 10);
  });
});

describe('inputs', () => {
  const accounts: AccountRisk[] = [account('a', 0.1), account('b', 0.2)];

  it('ignores shares on accounts that are no longer configured', () => {
    const withGhost = fileRobustness(accounts, shape(2, 3), { a: [0], b: [1], gone: [2] });
    const without = fileRobustness(accounts, shape(2, 3), { a: [0], b: [1] });
    expect(withGhost).toEqual(without);
  });

  it('rejects share numbers outside the encoding and probabilities outside 0..1', () => {
    expect(() => fileRobustness(accounts, shape(1, 2), { a: [2] })).toThrow(RangeError);
    expect(() => fileRobustness([account('a', 1.5)], shape(1, 1), { a: [0] })).toThrow(RangeError);
    expect(() => fileRobustness(accounts, { needed: 3, happy: 1, total: 2 }, { a: [0] })).toThrow(RangeError);
  });

  it('reports overhead and happiness', () => {
    const figures = fileRobustness([...accounts, account('c', 0.3)], { needed: 3, happy: 3, total: 5 }, { a: [0, 1], b: [2, 3], c: [4] });
    expect(figures.overhead).toBeCloseTo(5 / 3, 15);
    expect(figures.happiness).toBe(3);
  });
});
