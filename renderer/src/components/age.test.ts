import { describe, expect, it } from 'vitest';
import { formatAge } from './age';

describe('formatAge', () => {
  it('says how long ago, rounding to the unit a person reads', () => {
    const now = 1_000_000_000_000;
    expect(formatAge(now - 10_000, now)).toBe('just now');
    expect(formatAge(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatAge(now - 3 * 3600_000, now)).toBe('3 h ago');
    expect(formatAge(now - 48 * 3600_000, now)).toBe('2 days ago');
    expect(formatAge(now + 5000, now)).toBe('just now'); // a clock a little ahead
  });
});
