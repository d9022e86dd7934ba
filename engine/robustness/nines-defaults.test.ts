import { describe, expect, it } from 'vitest';
import { DEFAULT_PRICES, DEFAULT_RISK_BY_KIND, defaultPrice, defaultRisk } from './defaults';
import { formatNines, MAX_NINES, ninesOf } from '../../shared/nines';

describe('nines', () => {
  it('formats whole nines with their percentage', () => {
    expect(formatNines(1e-11)).toBe('11 nines (99.999999999%)');
    expect(formatNines(1e-3)).toBe('3 nines (99.9%)');
    expect(formatNines(1e-2)).toBe('2 nines (99%)');
    expect(formatNines(0.05)).toBe('1 nine (90%)');
    expect(formatNines(5e-12)).toBe('11 nines (99.999999999%)');
  });

  it('handles certain loss, likely loss and no loss', () => {
    expect(formatNines(1)).toMatch(/^0 nines/);
    expect(formatNines(0.5)).toBe('0 nines (50%)');
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
