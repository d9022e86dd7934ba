/** The benchmark helpers run and report plausible throughputs (small workloads: this is not the benchmark). */
import { expect, it } from 'vitest';
import { measureRsEncodeMBps, measureZfecEncodeMBps } from './bench-helpers';

it('measureRsEncodeMBps encodes the workload and reports a positive MB/s', () => {
  const mbps = measureRsEncodeMBps(3, 10, 4 << 20);
  expect(Number.isFinite(mbps)).toBe(true);
  expect(mbps).toBeGreaterThan(1);
  // Odd segment sizes (blocks of ceil(segment / k) bytes) work too.
  expect(measureRsEncodeMBps(7, 12, 100_001, 65_537)).toBeGreaterThan(0);
});

it('measureZfecEncodeMBps runs python3-zfec and reports a positive MB/s', async () => {
  const mbps = await measureZfecEncodeMBps(3, 10, 4 << 20);
  expect(Number.isFinite(mbps)).toBe(true);
  expect(mbps).toBeGreaterThan(1);
});

it('rejects a meaningless workload', () => {
  expect(() => measureRsEncodeMBps(3, 10, 0)).toThrow(/totalBytes/);
  expect(() => measureRsEncodeMBps(3, 10, 1000, 0)).toThrow(/segmentSize/);
});
