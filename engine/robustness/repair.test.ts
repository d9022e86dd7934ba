import { describe, expect, it } from 'vitest';
import { fileRobustness } from './file-robustness';
import { idealPlacement } from './ideal-placement';
import { HOURS_PER_YEAR, lossWithRepair } from './repair';
import { account } from '../test-support/robustness';

const accounts = [account('a', 0.05), account('b', 0.1), account('c', 0.02), account('d', 0.08), account('e', 0.03)];
const encoding = { needed: 3, happy: 5, total: 5 };
const placement = idealPlacement(
  accounts.map((a) => a.id),
  5,
);
const withoutRepair = fileRobustness(accounts, encoding, placement).annualLossProbability;

describe('loss with repair (period model)', () => {
  it('equals the no-repair figure when the period is a whole year, or longer', () => {
    const yearly = lossWithRepair(accounts, encoding, placement, { checkIntervalHours: HOURS_PER_YEAR, repairHours: 0 });
    expect(yearly.annualLossProbability).toBeCloseTo(withoutRepair, 15);
    const longer = lossWithRepair(accounts, encoding, placement, { checkIntervalHours: 2 * HOURS_PER_YEAR, repairHours: 100 });
    expect(longer.annualLossProbability).toBeCloseTo(withoutRepair, 15);
  });

  it('lowers the loss probability, more so the more often it checks', () => {
    let previous = withoutRepair;
    for (const checkIntervalHours of [24 * 90, 24 * 30, 24 * 7, 24]) {
      const { annualLossProbability } = lossWithRepair(accounts, encoding, placement, { checkIntervalHours, repairHours: 12 });
      expect(annualLossProbability).toBeGreaterThan(0);
      expect(annualLossProbability).toBeLessThan(previous);
      previous = annualLossProbability;
    }
  });

  it('matches the period formula for two-way replication', () => {
    const p = 0.2;
    const periodHours = 24 * 7 + 24;
    const perAccount = 1 - (1 - p) ** (periodHours / HOURS_PER_YEAR);
    const expected = 1 - (1 - perAccount ** 2) ** (HOURS_PER_YEAR / periodHours);
    const pair = [account('a', p), account('b', p)];
    const { annualLossProbability, assumptions } = lossWithRepair(pair, { needed: 1, happy: 2, total: 2 }, { a: [0], b: [1] }, { checkIntervalHours: 24 * 7, repairHours: 24 });
    expect(annualLossProbability).toBeCloseTo(expected, 14);
    expect(assumptions).toContain('independently');
    expect(assumptions).toContain('192 hours');
  });

  it('stays precise for very small per-period probabilities', () => {
    const p = 1e-3;
    const periodHours = 1;
    const pair = [account('a', p), account('b', p)];
    const { annualLossProbability } = lossWithRepair(pair, { needed: 1, happy: 2, total: 2 }, { a: [0], b: [1] }, { checkIntervalHours: periodHours, repairHours: 0 });
    // Both accounts failing in the same hour, 8760 chances a year; at ~1e-13 per hour, 1 - (1 - x)^N and N·x agree to ~1e-9.
    const perHour = -Math.expm1(Math.log1p(-p) / HOURS_PER_YEAR);
    expect(annualLossProbability / (HOURS_PER_YEAR * perHour * perHour)).toBeCloseTo(1, 8);
  });

  it('rejects a schedule without a check interval', () => {
    expect(() => lossWithRepair(accounts, encoding, placement, { checkIntervalHours: 0, repairHours: 1 })).toThrow(RangeError);
  });
});
