import { describe, expect, it } from 'vitest';
import { anyFileLoss, type JudgedPlacement } from './any-file-loss';
import { correlatedRisks, ownPart, SHARED_FRACTION_OF_RISK } from './domains';
import { fileRobustness } from './file-robustness';
import { gridRobustness } from './grid-robustness';
import { lossWithRepair } from './repair';
import { account, randomGrid, seededRandom, survivorsHoldEnough } from '../test-support/robustness';
import type { AccountRisk, DomainRisk, FilePlacement } from './types';

/** Two-sided 99.9% normal quantile. */
const Z_999 = 3.2905;

/** The failure units of a correlated grid: every domain, then every account, each failing on its own. */
function unitsOf(accounts: readonly AccountRisk[], domains: readonly DomainRisk[], failureOf: (unit: AccountRisk | DomainRisk) => number) {
  return [
    ...domains.map((domain) => ({ id: domain.id, probability: failureOf(domain), takes: accounts.filter((a) => a.domainId === domain.id).map((a) => a.id) })),
    ...accounts.map((a) => ({ id: a.id, probability: failureOf(a), takes: [a.id] })),
  ];
}

/** The definition: every fail/survive outcome of every unit, summed. Shares no code with the model. */
function bruteForceLoss(accounts: readonly AccountRisk[], domains: readonly DomainRisk[], placements: readonly FilePlacement[], needed: readonly number[], failureOf = (unit: AccountRisk | DomainRisk) => unit.lossProbability): number {
  const units = unitsOf(accounts, domains, failureOf);
  let loss = 0;
  for (let outcome = 0; outcome < 1 << units.length; outcome++) {
    let probability = 1;
    const failed = new Set<string>();
    units.forEach((unit, index) => {
      const fails = (outcome >> index) & 1;
      probability *= fails ? unit.probability : 1 - unit.probability;
      if (fails) for (const id of unit.takes) failed.add(id);
    });
    if (placements.some((placement, index) => !survivorsHoldEnough(failed, placement, needed[index]))) loss += probability;
  }
  return loss;
}

function bruteForceTolerance(accounts: readonly AccountRisk[], domains: readonly DomainRisk[], placement: FilePlacement, needed: number): number {
  const units = unitsOf(accounts, domains, () => 0.5);
  let smallest = Infinity;
  for (let subset = 0; subset < 1 << units.length; subset++) {
    const chosen = units.filter((_, index) => (subset >> index) & 1);
    const failed = new Set(chosen.flatMap((unit) => unit.takes));
    if (chosen.length < smallest && !survivorsHoldEnough(failed, placement, needed)) smallest = chosen.length;
  }
  return smallest - 1;
}

/** A random grid whose accounts are put into two or three random domains (some left alone). */
function randomCorrelatedGrid(random: () => number, overlap: boolean) {
  const grid = randomGrid(random, { maxAccounts: 6, maxTotal: 8, probabilityRange: [0.05, 0.4], overlap });
  const domainCount = 1 + Math.floor(random() * 3);
  const domains: DomainRisk[] = Array.from({ length: domainCount }, (_, index) => ({ id: `D${index}`, name: `Domain ${index}`, kind: 'disk', lossProbability: 0.05 + random() * 0.3, availability: 0.7 + random() * 0.3 }));
  const accounts = grid.accounts.map((a) => {
    const pick = Math.floor(random() * (domainCount + 1));
    return pick < domainCount ? { ...a, domainId: domains[pick].id } : a;
  });
  return { ...grid, accounts, domains };
}

describe('failure domains: splitting the risk', () => {
  it('keeps each account’s whole risk and gives the shared part to domains of two or more', () => {
    const accounts = [account('a', 0.03), account('b', 0.05), account('c', 0.02)];
    const { accounts: parts, domains } = correlatedRisks(accounts, (id) => (id === 'c' ? { id: 'usb', name: 'USB', kind: 'disk' } : { id: 'disk', name: 'Disk', kind: 'disk' }));
    expect(domains).toHaveLength(1);
    expect(domains[0]).toMatchObject({ id: 'disk', lossProbability: SHARED_FRACTION_OF_RISK * 0.03 });
    for (const [index, part] of parts.slice(0, 2).entries()) {
      expect(part.domainId).toBe('disk');
      expect(1 - (1 - domains[0].lossProbability) * (1 - part.lossProbability)).toBeCloseTo(accounts[index].lossProbability, 15);
      expect(1 - (1 - (1 - domains[0].availability)) * part.availability).toBeCloseTo(1 - accounts[index].availability, 15);
    }
    // Alone in its domain: unchanged, no domain.
    expect(parts[2]).toEqual(accounts[2]);
    expect(ownPart(0.5, 1)).toBe(0);
  });
});

describe('failure domains: the exact model', () => {
  it('equals the sum over every outcome of domains and accounts, disjoint and overlapping', () => {
    const random = seededRandom(17);
    for (let round = 0; round < 60; round++) {
      const grid = randomCorrelatedGrid(random, round % 2 === 1);
      const encoding = { needed: grid.needed, happy: 1, total: grid.total };
      const figures = fileRobustness(grid.accounts, encoding, grid.placement, grid.domains);
      const expected = bruteForceLoss(grid.accounts, grid.domains, [grid.placement], [grid.needed]);
      expect(figures.annualLossProbability).toBeCloseTo(expected, 13);
      const expectedOutage = bruteForceLoss(grid.accounts, grid.domains, [grid.placement], [grid.needed], (unit) => 1 - unit.availability);
      expect(1 - figures.availability).toBeCloseTo(expectedOutage, 12);
      expect(figures.tolerance).toBe(bruteForceTolerance(grid.accounts, grid.domains, grid.placement, grid.needed));
    }
  });

  it('gives the independent figures when no domain holds two accounts', () => {
    const accounts = [account('a', 0.1), account('b', 0.2), account('c', 0.3)];
    const placement = { a: [0], b: [1], c: [2] };
    const encoding = { needed: 2, happy: 3, total: 3 };
    const single = [{ ...accounts[0], domainId: 'D' }, accounts[1], accounts[2]];
    const domains: DomainRisk[] = [{ id: 'D', name: 'D', kind: 'disk', lossProbability: 0, availability: 1 }];
    expect(fileRobustness(single, encoding, placement, domains).annualLossProbability).toBeCloseTo(fileRobustness(accounts, encoding, placement).annualLossProbability, 15);
  });

  it('counts five folders on one disk as one failure: tolerance 0, the disk named as the weak point', () => {
    const folders = Array.from({ length: 5 }, (_, index) => ({ ...account(`f${index}`, 0.03, 0.99), name: `Local folder ${index + 1}` }));
    const { accounts, domains } = correlatedRisks(folders, () => ({ id: 'disk:vda', name: 'the disk "vda"', kind: 'disk' }));
    const placement = { f0: [0], f1: [1], f2: [2], f3: [3], f4: [4] };
    const figures = fileRobustness(accounts, { needed: 3, happy: 4, total: 5 }, placement, domains);
    expect(figures.tolerance).toBe(0);
    expect(figures.weakestDomains).toEqual(['disk:vda']);
    expect(figures.weakestAccounts).toHaveLength(5);
    // At least the disk's own yearly risk, where the independent model said 2.6e-4.
    expect(figures.annualLossProbability).toBeGreaterThan(domains[0].lossProbability);
    const grid = gridRobustness({ accounts, domains, encoding: { needed: 3, happy: 4, total: 5 }, files: [{ id: 'f', size: 1, placement }], storedBytesByAccount: {}, prices: {} });
    expect(grid.tolerance).toBe(0);
    expect(grid.summary).toMatch(/^If the disk holding Local folders 1-5 fails, your file is lost; your 5 accounts are in 1 failure domain\. All your accounts are folders on one disk: this protects your files against a damaged folder or a bad sector, not against losing the disk or the computer\. Add a cloud account or a USB disk to protect against that\./);
    expect(grid.oneDisk).toBe(true);
    const two = gridRobustness({ accounts, domains, encoding: { needed: 3, happy: 4, total: 5 }, files: [{ id: 'f', size: 1, placement, count: 4 }, { id: 'g', size: 1, placement: { f0: [0, 1], f1: [2], f2: [3], f4: [4] } }], storedBytesByAccount: {}, prices: {} });
    expect(two.weakPointWords).toBe('If the disk holding Local folders 1-5 fails, every file is lost.');
    expect(two.weakestDomains).toEqual(['disk:vda']);
    expect(two.weakPointFileCount).toBe(5);
  });

  it('with two independent accounts beside the disk, a file with two shares on the disk survives one failure', () => {
    const risks = [...Array.from({ length: 5 }, (_, index) => account(`f${index}`, 0.03)), account('s3', 0.005), account('dav', 0.03)];
    const { accounts, domains } = correlatedRisks(risks, (id) => (id.startsWith('f') ? { id: 'disk', name: 'the disk "sda"', kind: 'disk' } : { id: `login:${id}`, name: id, kind: 'login' }));
    const placement = { f0: [0], f1: [1], s3: [2], dav: [3, 4] };
    const grid = gridRobustness({ accounts, domains, encoding: { needed: 2, happy: 4, total: 5 }, files: [{ id: 'f', size: 1, placement }], storedBytesByAccount: {}, prices: {} });
    expect(grid.tolerance).toBe(1);
    expect(grid.summary).toMatch(/^Your files survive any 1 failure at once \(a failure is one account, or a whole disk or login with all its accounts\); your 7 accounts are in 3 failure domains\./);
  });

  it('previews the placement uploads make: domains take turns, so an account beside the disk gets a share', () => {
    const risks = [...Array.from({ length: 5 }, (_, index) => account(`f${index}`, 0.03)), account('s3', 0.005)];
    const { accounts, domains } = correlatedRisks(risks, (id) => (id.startsWith('f') ? { id: 'disk', name: 'the disk "sda"', kind: 'disk' } : undefined));
    const encoding = { needed: 2, happy: 4, total: 5 };
    const preview = gridRobustness({ accounts, domains, encoding, files: [], storedBytesByAccount: {}, prices: {} });
    const expected = fileRobustness(accounts, encoding, { f0: [0], s3: [1], f1: [2], f2: [3], f3: [4] }, domains);
    expect(preview.annualLossProbability).toBe(expected.annualLossProbability);
    expect(preview.summary).toMatch(/^No files yet: at 2-of-5, if the disk holding Account f0, Account f1, Account f2, Account f3 and Account f4 fails, your files would be lost; your 6 accounts are in 2 failure domains\./);
  });

  it('repairs domains like accounts: a period of a whole year equals the figure without repair', () => {
    const random = seededRandom(5);
    const grid = randomCorrelatedGrid(random, false);
    const encoding = { needed: grid.needed, happy: 1, total: grid.total };
    const yearly = lossWithRepair(grid.accounts, encoding, grid.placement, { checkIntervalHours: 8760, repairHours: 0 }, grid.domains).annualLossProbability;
    expect(yearly).toBeCloseTo(fileRobustness(grid.accounts, encoding, grid.placement, grid.domains).annualLossProbability, 14);
    const daily = lossWithRepair(grid.accounts, encoding, grid.placement, { checkIntervalHours: 24, repairHours: 24 }, grid.domains).annualLossProbability;
    expect(daily).toBeLessThanOrEqual(yearly);
  });
});

describe('the probability that any file is lost', () => {
  it('equals the sum over every outcome, for several placements sharing accounts and domains', () => {
    const random = seededRandom(41);
    for (let round = 0; round < 30; round++) {
      const grid = randomCorrelatedGrid(random, round % 3 === 0);
      const other = randomGrid(random, { maxAccounts: grid.accounts.length, maxTotal: 6, probabilityRange: [0.1, 0.2], overlap: false });
      // The second file uses the same accounts, under its own encoding.
      const placement2: FilePlacement = Object.fromEntries(Object.entries(other.placement).map(([id, shares]) => [grid.accounts[Number(id.slice(1)) % grid.accounts.length].id, shares]));
      const files = [
        { encoding: { needed: grid.needed, happy: 1, total: grid.total }, placement: grid.placement },
        { encoding: { needed: other.needed, happy: 1, total: other.total }, placement: placement2 },
      ].map((file) => ({ ...file, annualLossProbability: fileRobustness(grid.accounts, file.encoding, file.placement, grid.domains).annualLossProbability }));
      const result = anyFileLoss(grid.accounts, grid.domains, files);
      expect(result.exact).toBe(true);
      expect(result.probability).toBeCloseTo(bruteForceLoss(grid.accounts, grid.domains, files.map((f) => f.placement), files.map((f) => f.encoding.needed)), 13);
    }
  });

  it('falls back to the union bound when the walk runs out of budget', () => {
    const accounts = [account('a', 0.1), account('b', 0.1), account('c', 0.1)];
    const files: JudgedPlacement[] = [
      { encoding: { needed: 2, happy: 1, total: 3 }, placement: { a: [0], b: [1], c: [2] }, annualLossProbability: 0.028 },
      { encoding: { needed: 1, happy: 1, total: 2 }, placement: { a: [0], b: [1] }, annualLossProbability: 0.01 },
    ];
    expect(anyFileLoss(accounts, [], files, 1)).toEqual({ probability: 0.038, exact: false });
  });
});

/** Draws domains, then accounts (a failed domain takes its accounts), and counts the losses. */
function simulateCorrelated(accounts: readonly AccountRisk[], domains: readonly DomainRisk[], placement: FilePlacement, needed: number, trials: number, random: () => number): number {
  let losses = 0;
  for (let trial = 0; trial < trials; trial++) {
    const down = new Set(domains.filter((domain) => random() < domain.lossProbability).map((domain) => domain.id));
    const failed = new Set(accounts.filter((a) => { const own = random() < a.lossProbability; return own || (a.domainId !== undefined && down.has(a.domainId)); }).map((a) => a.id));
    if (!survivorsHoldEnough(failed, placement, needed)) losses++;
  }
  return losses / trials;
}

describe('seeded Monte Carlo with correlated domains', () => {
  it('agrees with the exact figure on random correlated grids, overlapping ones included', () => {
    const random = seededRandom(777);
    const trials = 100_000;
    let checked = 0;
    for (let round = 0; checked < 3 && round < 100; round++) {
      const grid = randomCorrelatedGrid(random, round % 2 === 0);
      const exact = fileRobustness(grid.accounts, { needed: grid.needed, happy: 1, total: grid.total }, grid.placement, grid.domains).annualLossProbability;
      if (exact < 0.001 || exact > 0.999 || !grid.accounts.some((a) => a.domainId !== undefined)) continue;
      checked++;
      const estimate = simulateCorrelated(grid.accounts, grid.domains, grid.placement, grid.needed, trials, random);
      expect(Math.abs(estimate - exact)).toBeLessThan(Z_999 * Math.sqrt((exact * (1 - exact)) / trials));
    }
    expect(checked).toBe(3);
  });

  it('agrees with the exact figure within its 99.9% confidence interval', () => {
    const folders = Array.from({ length: 4 }, (_, index) => account(`f${index}`, 0.2));
    const clouds = [account('s3', 0.1), account('b2', 0.15), account('dav', 0.25)];
    const { accounts, domains } = correlatedRisks([...folders, ...clouds], (id) =>
      id.startsWith('f') ? { id: 'disk', name: 'disk', kind: 'disk' } : id === 'dav' ? undefined : { id: 'login', name: 'one login', kind: 'login' },
    );
    const placement: FilePlacement = { f0: [0], f1: [1], f2: [2], s3: [3], b2: [4], dav: [5, 6] };
    const exact = fileRobustness(accounts, { needed: 4, happy: 4, total: 7 }, placement, domains).annualLossProbability;
    const random = seededRandom(2026);
    const trials = 200_000;
    let losses = 0;
    for (let trial = 0; trial < trials; trial++) {
      const downDomains = new Set(domains.filter((domain) => random() < domain.lossProbability).map((domain) => domain.id));
      const failed = new Set(accounts.filter((a) => (a.domainId !== undefined && downDomains.has(a.domainId)) || random() < a.lossProbability).map((a) => a.id));
      if (!survivorsHoldEnough(failed, placement, 4)) losses++;
    }
    const estimate = losses / trials;
    expect(exact).toBeGreaterThan(0.01);
    expect(Math.abs(estimate - exact)).toBeLessThan(Z_999 * Math.sqrt((exact * (1 - exact)) / trials));
  });
});
