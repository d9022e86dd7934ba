import { describe, expect, it } from 'vitest';
import { happinessOf } from '../grid/happiness';
import { fileRobustness } from './file-robustness';
import { account, bruteForceSmallestLosingSet, randomGrid, randomOverlappingGrids, seededRandom, survivorsHoldEnough } from '../test-support/robustness';
import { toleranceOf } from './tolerance';

const shape = (needed: number, total: number) => ({ needed, happy: 1, total });

describe('tolerance', () => {
  it('names the likeliest smallest losing set in a hand-checked case', () => {
    const accounts = [account('a', 0.1), account('b', 0.2), account('c', 0.3)];
    // 3-of-5 as 2+2+1: any one account may go, any two lose the file; b and c is the likeliest pair.
    const figures = fileRobustness(accounts, shape(3, 5), { a: [0, 1], b: [2, 3], c: [4] });
    expect(figures.tolerance).toBe(1);
    expect([...figures.weakestAccounts].sort()).toEqual(['b', 'c']);
  });

  it('is zero when one account holds enough shares that losing it loses the file', () => {
    const accounts = [account('a', 0.1), account('b', 0.2), account('c', 0.3)];
    const figures = fileRobustness(accounts, shape(3, 5), { a: [0, 1, 2], b: [3], c: [4] });
    expect(figures.tolerance).toBe(0);
    expect(figures.weakestAccounts).toEqual(['a']);
  });

  it('is -1 with no losing set when too few shares exist already', () => {
    const figures = fileRobustness([account('a', 0.1)], shape(2, 3), { a: [0] });
    expect(figures.tolerance).toBe(-1);
    expect(figures.weakestAccounts).toEqual([]);
    expect(figures.annualLossProbability).toBe(1);
  });

  it('matches a brute-force search over all account subsets on random grids', () => {
    const random = seededRandom(61);
    for (let round = 0; round < 400; round++) {
      const grid = randomGrid(random, { maxAccounts: 9, maxTotal: 12, probabilityRange: [0.01, 0.3], overlap: round % 2 === 1 });
      const figures = fileRobustness(grid.accounts, shape(grid.needed, grid.total), grid.placement);
      const smallest = bruteForceSmallestLosingSet(grid.accounts, grid.placement, grid.needed);
      expect(figures.tolerance).toBe(smallest - 1);
      expect(figures.toleranceExact).toBe(true);
      if (figures.tolerance >= 0) {
        expect(figures.weakestAccounts).toHaveLength(smallest);
        expect(survivorsHoldEnough(new Set(figures.weakestAccounts), grid.placement, grid.needed)).toBe(false);
      }
    }
  });

  it('is at least happiness minus needed, the servers-of-happiness guarantee', () => {
    const random = seededRandom(62);
    for (let round = 0; round < 200; round++) {
      const grid = randomGrid(random, { maxAccounts: 8, maxTotal: 10, probabilityRange: [0.01, 0.3], overlap: true });
      const happiness = happinessOf(new Map(Object.entries(grid.placement)));
      if (happiness < grid.needed) continue;
      expect(fileRobustness(grid.accounts, shape(grid.needed, grid.total), grid.placement).tolerance).toBeGreaterThanOrEqual(happiness - grid.needed);
    }
  });

  it('reports a conservative lower bound and a real losing set when the search budget runs out', () => {
    let gaveUp = 0;
    for (const { grid, holders } of randomOverlappingGrids(63, 200, { maxAccounts: 9, maxTotal: 12, probabilityRange: [0.01, 0.3] })) {
      const limited = toleranceOf(holders, grid.needed, 1);
      if (limited.exact) continue;
      gaveUp++;
      const smallest = bruteForceSmallestLosingSet(grid.accounts, grid.placement, grid.needed);
      expect(limited.tolerance).toBeLessThanOrEqual(smallest - 1);
      expect(survivorsHoldEnough(new Set(limited.weakestAccounts), grid.placement, grid.needed)).toBe(false);
    }
    expect(gaveUp).toBeGreaterThan(10);
  });
});
