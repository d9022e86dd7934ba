import { describe, expect, it } from 'vitest';
import { robustnessChart } from './chart';
import { fileRobustness } from './file-robustness';
import { correlatedRisks } from './domains';
import { dominates, meetsTarget, recommendEncodings } from './recommend';
import { uploadPlacement } from './upload-placement';
import { yearlyOddsWords } from '../../shared/nines';
import { account } from '../test-support/robustness';
import type { EncodingOption, PriceEntry } from './types';

const usd = (storagePerGBMonth: number): PriceEntry => ({ storagePerGBMonth, currency: 'USD' });

describe('robustness chart', () => {
  const accounts = [account('a', 0.02), account('b', 0.05), account('c', 0.01)];
  const prices = { a: usd(0.02), b: usd(0.006), c: usd(0) };

  it('lists every 1 <= k <= n <= maxTotal once, with happy one below the accounts a file reaches, never n unless k = n', () => {
    const chart = robustnessChart(accounts, prices, { maxTotal: 7 });
    expect(chart).toHaveLength((7 * 8) / 2);
    const keys = new Set(chart.map((option) => `${option.needed}/${option.total}`));
    expect(keys.size).toBe(chart.length);
    for (const option of chart) {
      const reachable = Math.min(option.total, 3);
      expect(option.happy).toBe(reachable <= option.needed ? reachable : Math.max(option.needed, reachable - 1));
      if (option.happy === option.total) expect(option.needed).toBe(option.total);
      expect(option.acceptable).toBe(option.needed <= option.happy);
      expect(option.overhead).toBeCloseTo(option.total / option.needed, 15);
    }
    expect(chart.find((o) => o.needed === 2 && o.total === 3)!.happy).toBe(2);
    expect(chart.find((o) => o.needed === 1 && o.total === 3)!.happy).toBe(2);
  });

  it('defaults to max(2 × accounts, 10) shares', () => {
    expect(robustnessChart(accounts, prices)).toHaveLength((10 * 11) / 2);
  });

  it('prices 1 TB of data from the shares each account would hold', () => {
    const option = robustnessChart(accounts, prices, { maxTotal: 5 }).find((o) => o.needed === 3 && o.total === 5)!;
    // Round-robin 5 shares over a, b, c gives 2, 2, 1 shares, each a third of a terabyte.
    expect(option.monthlyCostPerTB).toBeCloseTo(2 * (1000 / 3) * 0.02 + 2 * (1000 / 3) * 0.006 + 0, 12);
    const expected = fileRobustness(accounts, { needed: 3, happy: 3, total: 5 }, uploadPlacement(accounts, 5));
    expect(option.annualLossProbability).toBe(expected.annualLossProbability);
    expect(option.tolerance).toBe(expected.tolerance);
  });

  it('is empty without accounts', () => {
    expect(robustnessChart([], {})).toEqual([]);
  });
});

function isRanked(options: readonly EncodingOption[]): boolean {
  return options.every((option, index) => {
    if (index === 0) return true;
    const before = options[index - 1];
    return before.overhead < option.overhead + 1e-9 && (Math.abs(before.overhead - option.overhead) > 1e-9 || before.monthlyCostPerTB <= option.monthlyCostPerTB);
  });
}

describe('recommendations', () => {
  it('with two accounts, surviving one loss needs replication; a third account allows 2-of-3', () => {
    const two = [account('a', 0.02), account('b', 0.03)];
    const recommendation = recommendEncodings(two, { a: usd(0.01), b: usd(0.01) }, { kind: 'survive-accounts', accounts: 1 }, { needed: 2, happy: 2, total: 2 });
    expect(recommendation.options[0]).toMatchObject({ needed: 1, total: 2, overhead: 2 });
    expect(recommendation.options.every((option) => option.tolerance >= 1 && option.overhead >= 2)).toBe(true);
    expect(recommendation.meetsWithCurrent).toBe(false);
    expect(recommendation.addAccountHelps.wouldMeet).toBe(true);
    expect(recommendation.addAccountHelps.helps).toBe(true);
    expect(recommendation.addAccountHelps.bestOption).toMatchObject({ needed: 2, total: 3, overhead: 1.5 });
    expect(recommendation.addAccountHelps.explanation).toMatch(/One more account would help/);
    expect(recommendation.explanation).toMatch(/does not meet it/);
  });

  it('says an extra account does not help when the overhead cannot drop', () => {
    const four = [account('a', 0.02), account('b', 0.03), account('c', 0.01), account('d', 0.02)];
    // Surviving no loss at all is met by k = n at overhead 1, which no extra account can beat.
    const recommendation = recommendEncodings(four, {}, { kind: 'survive-accounts', accounts: 0 }, { needed: 4, happy: 4, total: 4 });
    expect(recommendation.options[0].overhead).toBe(1);
    expect(recommendation.meetsWithCurrent).toBe(true);
    expect(recommendation.addAccountHelps.helps).toBe(false);
  });

  it('ranks by overhead then cost, and every option meets a nines target', () => {
    const accounts = [account('a', 0.02), account('b', 0.05), account('c', 0.01), account('d', 0.03)];
    const prices = { a: usd(0.023), b: usd(0.006), c: usd(0.015), d: usd(0) };
    const recommendation = recommendEncodings(accounts, prices, { kind: 'nines', nines: 4 }, { needed: 2, happy: 4, total: 4 });
    expect(recommendation.options.length).toBeGreaterThan(1);
    expect(isRanked(recommendation.options)).toBe(true);
    for (const option of recommendation.options) {
      expect(option.annualLossProbability).toBeLessThanOrEqual(1e-4);
      expect(option.acceptable).toBe(true);
    }
    // Every acceptable encoding meeting the target is offered, or left out for one offered that is as good on every count or reads the same.
    const meeting = robustnessChart(accounts, prices, { maxTotal: 10 }).filter((o) => o.acceptable && o.annualLossProbability <= 1e-4);
    const offered = (o: EncodingOption) => recommendation.options.some((r) => r.needed === o.needed && r.total === o.total);
    for (const option of meeting) {
      if (offered(option)) continue;
      const cover = recommendation.options.find((r) => dominates(r, option, true) || (r.tolerance === option.tolerance && yearlyOddsWords(r.annualLossProbability) === yearlyOddsWords(option.annualLossProbability) && r.overhead <= option.overhead + 1e-9));
      expect(cover, `${option.needed}-of-${option.total}`).toBeDefined();
    }
    for (const a of recommendation.options) for (const b of recommendation.options) if (a !== b) expect(dominates(a, b, true)).toBe(false);
  });

  it('offers an option whose loss is exactly the target', () => {
    const option = { needed: 1, happy: 1, total: 2, tolerance: 1, annualLossProbability: 0.00001, nines: 5, availability: 1, overhead: 2, monthlyCostPerTB: 0, acceptable: true, countsDomains: false };
    expect(meetsTarget(option, { kind: 'nines', nines: 5 })).toBe(true);
  });

  it('proposes nothing for "survive 2" on five folders of one disk, and says why', () => {
    const folders = Array.from({ length: 5 }, (_, index) => ({ ...account(`f${index}`, 0.03), name: `Local folder ${index + 1}` }));
    const { accounts: risks, domains } = correlatedRisks(folders, () => ({ id: 'disk', name: 'the disk', kind: 'disk' }));
    const recommendation = recommendEncodings(risks, {}, { kind: 'survive-accounts', accounts: 2 }, { needed: 3, happy: 4, total: 5 }, { domains });
    expect(recommendation.options).toEqual([]);
    expect(recommendation.meetsWithCurrent).toBe(false);
    expect(recommendation.explanation).toMatch(/on one disk or login.*add a cloud account or a USB disk/);
  });

  it('judges options as uploads place shares over domains: two accounts beside the disk get shares', () => {
    const whole = [...Array.from({ length: 5 }, (_, index) => account(`f${index}`, 0.03)), { ...account('s3', 0.005), kind: 's3' }, { ...account('dav', 0.02), kind: 'webdav' }];
    const { accounts: risks, domains } = correlatedRisks(whole, (id) => (id.startsWith('f') ? { id: 'disk', name: 'the disk', kind: 'disk' } : undefined));
    const recommendation = recommendEncodings(risks, {}, { kind: 'survive-accounts', accounts: 1 }, { needed: 3, happy: 4, total: 5 }, { domains });
    expect(recommendation.options.length).toBeGreaterThan(0);
    for (const option of recommendation.options) {
      const placement = uploadPlacement(risks, option.total);
      // Domains take turns: the disk, s3 and dav each get one of the first three shares.
      if (option.total >= 3) expect(Math.min(placement.s3.length, placement.dav.length)).toBeGreaterThan(0);
      expect(option.tolerance).toBe(fileRobustness(risks, option, placement, domains).tolerance);
      if (option.needed < option.total) expect(option.happy).toBeLessThan(option.total);
    }
    const headlines = recommendation.options.map((o) => `${o.tolerance}|${yearlyOddsWords(o.annualLossProbability)}`);
    expect(new Set(headlines).size).toBe(headlines.length);
  });

  it('explains when no encoding can meet the target', () => {
    const two = [account('a', 0.02), account('b', 0.03)];
    const recommendation = recommendEncodings(two, {}, { kind: 'survive-accounts', accounts: 2 }, { needed: 1, happy: 2, total: 2 });
    expect(recommendation.options).toEqual([]);
    expect(recommendation.explanation).toMatch(/needs at least 3/);
    expect(recommendation.addAccountHelps.helps).toBe(true);
    expect(recommendation.addAccountHelps.bestOption).toMatchObject({ needed: 1, total: 3 });
  });

  it('uses the named candidate account when given one', () => {
    const two = [account('a', 0.2), account('b', 0.2)];
    const target = { kind: 'nines', nines: 3 } as const;
    // Another account like these gives at best 1-of-3 at 0.2^3 = 0.008 loss; a far safer one reaches 3 nines.
    const withTypical = recommendEncodings(two, {}, target, { needed: 1, happy: 2, total: 2 });
    expect(withTypical.addAccountHelps.wouldMeet).toBe(false);
    const safeCandidate = { ...account('new', 1e-4), name: 'New' };
    const withSafe = recommendEncodings(two, {}, target, { needed: 1, happy: 2, total: 2 }, { hypotheticalAccount: safeCandidate });
    expect(withSafe.addAccountHelps.wouldMeet).toBe(true);
    expect(withSafe.addAccountHelps.bestOption!.annualLossProbability).toBeLessThanOrEqual(1e-3);
    expect(withSafe.options).toEqual([]);
  });

  it('rejects a negative target', () => {
    expect(() => recommendEncodings([account('a', 0.1)], {}, { kind: 'survive-accounts', accounts: -1 }, { needed: 1, happy: 1, total: 1 })).toThrow(RangeError);
  });
});

describe('options no better in risk and no cheaper than another', () => {
  const option = (needed: number, total: number, figures: Partial<EncodingOption>): EncodingOption => ({
    needed,
    happy: total - 1,
    total,
    tolerance: total - needed,
    annualLossProbability: 1e-4,
    nines: 4,
    availability: 0.999,
    overhead: total / needed,
    monthlyCostPerTB: 0,
    acceptable: true,
    countsDomains: false,
    ...figures,
  });

  it('drops a 5-of-9 that is riskier and dearer than a 3-of-5, even when it is reachable a little more often', () => {
    const threeOfFive = option(3, 5, { tolerance: 2, annualLossProbability: 2.6e-4, monthlyCostPerTB: 10, availability: 0.9999 });
    const fiveOfNine = option(5, 9, { tolerance: 2, annualLossProbability: 7.7e-4, monthlyCostPerTB: 10.8, availability: 0.99999 });
    expect(dominates(threeOfFive, fiveOfNine, false)).toBe(true);
    expect(dominates(fiveOfNine, threeOfFive, false)).toBe(false);
  });

  it('drops a leaner option that costs more money and loses files more often than the next', () => {
    // Less space, but its pieces sit on the dearer accounts: the user pays more for more risk.
    const lean = option(5, 7, { tolerance: 2, annualLossProbability: 7.7e-4, monthlyCostPerTB: 12 });
    const next = option(3, 5, { tolerance: 2, annualLossProbability: 2.6e-4, monthlyCostPerTB: 9 });
    expect(dominates(next, lean, false)).toBe(true);
    // On free accounts space is the cost: the lean one is cheaper there and stays.
    expect(dominates({ ...next, monthlyCostPerTB: 0 }, { ...lean, monthlyCostPerTB: 0 }, false)).toBe(false);
  });

  it('keeps an option that is safer though dearer, and one of two equal options', () => {
    const cheap = option(3, 5, { annualLossProbability: 2.6e-4, monthlyCostPerTB: 9 });
    const safer = option(2, 5, { tolerance: 3, annualLossProbability: 1e-6, monthlyCostPerTB: 13 });
    expect(dominates(cheap, safer, true)).toBe(false);
    expect(dominates(safer, cheap, true)).toBe(false);
    expect(dominates(cheap, { ...cheap }, true)).toBe(true);
    expect(dominates(cheap, { ...cheap }, false)).toBe(false);
  });

  it('never offers two options that read the same, nor one another offered option beats, on a priced grid', () => {
    const accounts = [account('a', 0.02), account('b', 0.05), account('c', 0.01), account('d', 0.03), account('e', 0.02), account('f', 0.04), account('g', 0.03)];
    const prices = { a: usd(0.023), b: usd(0.006), c: usd(0.015), d: usd(0), e: usd(0), f: usd(0.005), g: usd(0.01) };
    const { options } = recommendEncodings(accounts, prices, { kind: 'survive-accounts', accounts: 2 }, { needed: 3, happy: 4, total: 5 });
    expect(options.length).toBeGreaterThan(0);
    const headlines = options.map((o) => `${o.tolerance}|${yearlyOddsWords(o.annualLossProbability)}`);
    expect(new Set(headlines).size).toBe(headlines.length);
    for (const a of options) for (const b of options) if (a !== b) expect(dominates(a, b, true), `${a.needed}-of-${a.total} over ${b.needed}-of-${b.total}`).toBe(false);
  });
});
