import { describe, expect, it } from 'vitest';
import { RateMeter, etaSeconds } from './rate-meter';

describe('RateMeter', () => {
  it('has no rate until a second of history, then bytes per second over the window', () => {
    const meter = new RateMeter(5000, 1000);
    expect(meter.rate(0)).toBeNull();
    meter.record(0, 0);
    meter.record(500, 1000);
    expect(meter.rate(500)).toBeNull();
    meter.record(1000, 2000);
    expect(meter.rate(1000)).toBe(2000);
  });

  it('follows the recent speed, not the average since the start', () => {
    const meter = new RateMeter(5000, 1000);
    // 10 s at 1000 B/s, then 5 s at 100 B/s.
    for (let s = 0; s <= 10; s++) meter.record(s * 1000, s * 1000);
    for (let s = 1; s <= 5; s++) meter.record(10_000 + s * 1000, 10_000 + s * 100);
    expect(meter.rate(15_000)).toBe(100);
  });

  it('falls to zero when nothing moves', () => {
    const meter = new RateMeter(5000, 1000);
    meter.record(0, 0);
    meter.record(1000, 1000);
    expect(meter.rate(1000)).toBe(1000);
    expect(meter.rate(10_000)).toBe(0);
  });

  it('starts over when the bytes done go down', () => {
    const meter = new RateMeter(5000, 1000);
    meter.record(0, 0);
    meter.record(2000, 4000);
    meter.record(2100, 0);
    expect(meter.rate(2100)).toBeNull();
    meter.record(3100, 300);
    expect(meter.rate(3100)).toBe(300);
  });
});

describe('etaSeconds', () => {
  it('is the bytes left at the current rate, rounded up, or null when it cannot be known', () => {
    expect(etaSeconds(2000, 10_000, 1000)).toBe(8);
    expect(etaSeconds(2000, 10_000, 3000)).toBe(3);
    expect(etaSeconds(10_000, 10_000, null)).toBeNull();
    expect(etaSeconds(10_000, 10_000, 5)).toBe(0);
    expect(etaSeconds(2000, null, 1000)).toBeNull();
    expect(etaSeconds(2000, 10_000, 0)).toBeNull();
  });
});
