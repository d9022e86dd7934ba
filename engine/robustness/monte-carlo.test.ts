import { describe, expect, it } from 'vitest';
import { fileRobustness } from './file-robustness';
import { account, randomGrid, seededRandom, survivorsHoldEnough } from '../test-support/robustness';
import type { AccountRisk, FilePlacement } from './types';

/** Two-sided 99.9% normal quantile. */
const Z_999 = 3.2905;

function simulateLoss(accounts: readonly AccountRisk[], placement: FilePlacement, needed: number, trials: number, random: () => number): number {
  let losses = 0;
  for (let trial = 0; trial < trials; trial++) {
    const failed = new Set(accounts.filter((candidate) => random() < candidate.lossProbability).map((candidate) => candidate.id));
    if (!survivorsHoldEnough(failed, placement, needed)) losses++;
  }
  return losses / trials;
}

describe('seeded Monte Carlo', () => {
  const trials = 200_000;

  it('agrees with the exact figure within its 99.9% confidence interval on a fixed grid', () => {
    const accounts = [account('a', 0.1), account('b', 0.3), account('c', 0.2), account('d', 0.25)];
    const placement: FilePlacement = { a: [0, 1], b: [2], c: [3, 4], d: [5, 0] };
    const exact = fileRobustness(accounts, { needed: 4, happy: 4, total: 6 }, placement).annualLossProbability;
    const estimate = simulateLoss(accounts, placement, 4, trials, seededRandom(2024));
    expect(Math.abs(estimate - exact)).toBeLessThan(Z_999 * Math.sqrt((exact * (1 - exact)) / trials));
  });

  it('agrees on random grids with exaggerated probabilities', () => {
    const random = seededRandom(99);
    let checked = 0;
    for (let round = 0; checked < 4 && round < 100; round++) {
      const grid = randomGrid(random, { maxAccounts: 7, maxTotal: 9, probabilityRange: [0.1, 0.3], overlap: round % 2 === 0 });
      const exact = fileRobustness(grid.accounts, { needed: grid.needed, happy: 1, total: grid.total }, grid.placement).annualLossProbability;
      // Certain or near-impossible loss proves little about the method.
      if (exact < 0.001 || exact > 0.999) continue;
      checked++;
      const estimate = simulateLoss(grid.accounts, grid.placement, grid.needed, trials, random);
      expect(Math.abs(estimate - exact)).toBeLessThan(Z_999 * Math.sqrt((exact * (1 - exact)) / trials));
    }
    expect(checked).toBe(4);
  });
});
