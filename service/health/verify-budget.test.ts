import { describe, expect, it } from 'vitest';
import { estimatedShareBytes, VerifyBudget } from './verify-budget';

const HOUR = 3_600_000;
/** Three files of 3 MB in 3-of-6: 6 MB of shares each. */
const files = [1, 2, 3].map((id) => ({ id, size: 3_000_000, encoding: { needed: 3, total: 6 } }));

describe('VerifyBudget', () => {
  it('estimates a file\'s share bytes as n/k times its size', () => {
    expect(estimatedShareBytes(files[0])).toBe(6_000_000);
    expect(estimatedShareBytes({ id: 9, size: 10, encoding: { needed: 3, total: 5 } })).toBe(20);
  });

  it('verifies in rotation, oldest verification first, within the budget', () => {
    const budget = new VerifyBudget();
    const verifiedInTurn: number[][] = [];
    for (let pass = 0; pass < 3; pass++) {
      const now = pass * HOUR;
      budget.refill(6_000_000, HOUR, now); // one file's worth per hourly pass
      const chosen = [...budget.choose(files)];
      for (const id of chosen) {
        budget.spend(6_000_000);
        budget.markVerified(id, now);
      }
      verifiedInTurn.push(chosen);
    }
    expect(verifiedInTurn).toEqual([[1], [2], [3]]);
  });

  it('lets one big file go into debt, then waits until the debt is paid', () => {
    const budget = new VerifyBudget();
    budget.refill(1_000_000, HOUR, 0);
    expect([...budget.choose(files)]).toEqual([1]);
    budget.spend(6_000_000);
    budget.markVerified(1, 0);
    budget.refill(1_000_000, HOUR, HOUR);
    expect(budget.choose(files).size).toBe(0); // 5 MB in debt, 1 MB earned
    budget.refill(1_000_000, HOUR, 6 * HOUR);
    expect([...budget.choose(files)]).toEqual([2]);
  });

  it('does not save up more than one interval of budget', () => {
    const budget = new VerifyBudget();
    budget.refill(6_000_000, HOUR, 0);
    budget.markVerified(1, 0);
    budget.refill(6_000_000, HOUR, 100 * HOUR);
    expect(budget.choose(files).size).toBe(1);
  });

  it('a zero budget verifies nothing', () => {
    const budget = new VerifyBudget();
    budget.refill(0, HOUR, 0);
    expect(budget.choose(files).size).toBe(0);
  });
});
