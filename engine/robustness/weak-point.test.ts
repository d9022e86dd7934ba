import { describe, expect, it } from 'vitest';
import { correlatedRisks } from './domains';
import { lossHolders } from './file-robustness';
import { likeliestLosingSet } from './weak-point';
import { randomGrid, seededRandom, survivorsHoldEnough } from '../test-support/robustness';

describe('the weak point: the likeliest set of failures that loses the file', () => {
  it('matches a search over every set of accounts and domains, on random correlated grids', () => {
    const random = seededRandom(77);
    let checked = 0;
    for (let round = 0; round < 60; round++) {
      const grid = randomGrid(random, { maxAccounts: 7, maxTotal: 7, probabilityRange: [0.01, 0.4], overlap: round % 2 === 0 });
      // Accounts a0, a1, a2 share one domain, a3 and a4 another; the rest are on their own.
      const domainOf = (id: string) => {
        const index = Number(id.slice(1));
        if (index <= 2) return { id: 'd1', name: 'disk one', kind: 'disk' };
        if (index <= 4) return { id: 'd2', name: 'login two', kind: 'login' };
        return undefined;
      };
      const { accounts, domains } = correlatedRisks(grid.accounts, domainOf);
      const holders = lossHolders(accounts, { needed: grid.needed, happy: 1, total: grid.total }, grid.placement);
      const found = likeliestLosingSet(holders, accounts, domains, grid.needed);

      // Every set of units, by brute force. A unit is a holding account, or a domain of which two or more accounts hold shares;
      // an account that is its domain's only holder here fails with its domain too (its whole risk).
      const holding = new Set(holders.map((h) => h.accountId));
      const holdersIn = (domainId: string) => accounts.filter((a) => a.domainId === domainId && holding.has(a.id));
      const units = [
        ...accounts
          .filter((a) => holding.has(a.id))
          .map((a) => {
            const domain = domains.find((d) => d.id === a.domainId);
            const alone = domain !== undefined && holdersIn(domain.id).length === 1;
            return { probability: alone ? 1 - (1 - domain.lossProbability) * (1 - a.lossProbability) : a.lossProbability, takes: [a.id] };
          }),
        ...domains.filter((d) => holdersIn(d.id).length >= 2).map((d) => ({ probability: d.lossProbability, takes: holdersIn(d.id).map((a) => a.id) })),
      ];
      let best = 0;
      for (let mask = 1; mask < 1 << units.length; mask++) {
        const chosen = units.filter((_, index) => (mask >> index) & 1);
        const failed = new Set(chosen.flatMap((unit) => unit.takes));
        if (survivorsHoldEnough(failed, grid.placement, grid.needed)) continue;
        best = Math.max(best, chosen.reduce((product, unit) => product * unit.probability, 1));
      }
      if (best === 0) {
        expect(found).toBeNull();
        continue;
      }
      checked++;
      expect(found).not.toBeNull();
      expect(found!.exact).toBe(true);
      expect(found!.probability).toBeCloseTo(best, 14);
      // The named set loses the file.
      expect(survivorsHoldEnough(new Set(found!.accountIds), grid.placement, grid.needed)).toBe(false);
    }
    expect(checked).toBeGreaterThan(20);
  });
});
