import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, DEFAULT_RISK_BY_KIND, defaultPrice, defaultRisk } from './defaults';
import { atMostProbability, durabilityPercent, formatNines, MAX_NINES, ninesOf, yearlyOddsWords } from '../../shared/nines';

describe('nines', () => {
  it('formats nines with the actual figure and the odds, never the rounded-down count alone', () => {
    expect(formatNines(1e-11)).toBe('11 nines (99.999999999%: about 1 in 100 billion a year)');
    expect(formatNines(1e-3)).toBe('3 nines (99.9%: about 1 in 1,000 a year)');
    expect(formatNines(1e-2)).toBe('2 nines (99%: about 1 in 100 a year)');
    expect(formatNines(0.03)).toBe('1 nine (97%: about 1 in 33 a year)');
    expect(formatNines(0.017)).toBe('1 nine (98.3%: about 1 in 59 a year)');
    expect(formatNines(5e-12)).toBe('11 nines (99.9999999995%: about 1 in 200 billion a year)');
    expect(formatNines(2.6e-4)).toBe('3 nines (99.974%: about 1 in 3,800 a year)');
  });

  it('rounds the loss up, never the durability', () => {
    expect(durabilityPercent(0.0243)).toBe('97.5%');
    expect(durabilityPercent(0.024000001)).toBe('97.6%');
    expect(durabilityPercent(2.5e-4)).toBe('99.975%');
    expect(durabilityPercent(1e-15)).toBe('99.9999999999999%');
    expect(yearlyOddsWords(0.6)).toBe('a 60% chance a year');
  });

  it('compares probabilities in log space with a tolerance', () => {
    expect(atMostProbability(1e-5, 10 ** -5)).toBe(true);
    expect(atMostProbability(0.00001, 1e-5 * (1 - 1e-12))).toBe(true);
    expect(atMostProbability(1.0001e-5, 1e-5)).toBe(false);
    expect(atMostProbability(0, 1e-30)).toBe(true);
  });

  it('handles certain loss, likely loss and no loss', () => {
    expect(formatNines(1)).toMatch(/^0 nines/);
    expect(formatNines(0.5)).toBe('0 nines (50%: a 50% chance a year)');
    expect(formatNines(0)).toBe(`more than ${MAX_NINES} nines`);
    expect(ninesOf(0)).toBe(MAX_NINES);
    expect(ninesOf(1)).toBe(0);
    expect(ninesOf(1e-7)).toBeCloseTo(7, 12);
  });
});

describe('defaults', () => {
  it('has a figure, a rationale and a price for every kind and S3 preset', () => {
    const keys = ['local', 's3', 's3:aws', 's3:backblaze-b2', 's3:wasabi', 's3:cloudflare-r2', 's3:google-cloud-storage', 's3:other', 'swift', 'webdav', 'sftp'];
    for (const key of keys) {
      const risk = DEFAULT_RISK_BY_KIND[key];
      expect(risk.lossProbability).toBeGreaterThan(0);
      expect(risk.lossProbability).toBeLessThan(1);
      expect(risk.availability).toBeGreaterThan(0.9);
      expect(risk.availability).toBeLessThanOrEqual(1);
      expect(risk.rationale.length).toBeGreaterThan(20);
      expect(DEFAULT_PRICES[key].storagePerGBMonth).toBeGreaterThanOrEqual(0);
    }
  });

  it('looks up by kind and preset, falling back to the kind and then to a pessimistic figure', () => {
    expect(defaultRisk('s3', 'backblaze-b2')).toEqual({ lossProbability: DEFAULT_RISK_BY_KIND['s3:backblaze-b2'].lossProbability, availability: DEFAULT_RISK_BY_KIND['s3:backblaze-b2'].availability });
    expect(defaultRisk('s3', 'no-such-preset')).toEqual(defaultRisk('s3'));
    expect(defaultRisk('carrier-pigeon').lossProbability).toBeGreaterThanOrEqual(defaultRisk('local').lossProbability);
    expect(defaultPrice('s3', 'aws').storagePerGBMonth).toBeCloseTo(0.023, 10);
    expect(defaultPrice('local').storagePerGBMonth).toBe(0);
  });
});
