import { describe, expect, it } from 'vitest';
import { formatBytes } from './format-bytes';

describe('formatBytes', () => {
  it('counts in binary units by default, one decimal below 10 of a unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(150_000)).toBe('146 KiB');
    expect(formatBytes(12 * 1024 ** 2)).toBe('12 MiB');
    expect(formatBytes(5.5 * 1024 ** 3)).toBe('5.5 GiB');
    expect(formatBytes(2 * 1024 ** 5)).toBe('2.0 PiB');
    expect(formatBytes(3 * 1024 ** 6)).toBe('3072 PiB');
  });

  it('prints the CLI tables\' sizes in the same units as the UI', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1234)).toBe('1.2 KiB');
    expect(formatBytes(12_300_000)).toBe('12 MiB');
    expect(formatBytes(271_000_000_000)).toBe('252 GiB');
  });

  it('counts in decimal units when asked', () => {
    expect(formatBytes(999, { units: 'decimal' })).toBe('999 B');
    expect(formatBytes(1234, { units: 'decimal' })).toBe('1.2 kB');
    expect(formatBytes(12_300_000, { units: 'decimal' })).toBe('12 MB');
    expect(formatBytes(271e9, { units: 'decimal' })).toBe('271 GB');
  });

  it('says "unlimited" for an infinite limit and "?" for a count that cannot be one', () => {
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('unlimited');
    expect(formatBytes(-1)).toBe('?');
    expect(formatBytes(Number.NaN)).toBe('?');
  });
});
