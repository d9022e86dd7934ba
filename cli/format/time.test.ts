import { expect, it } from 'vitest';
import { formatDuration, formatTimestamp } from './time';
import { formatPercent } from './percent';

it('prints durations, timestamps and percentages briefly', () => {
  expect(formatDuration(4.4)).toBe('4s');
  expect(formatDuration(125)).toBe('2m 05s');
  expect(formatDuration(3720)).toBe('1h 02m');
  expect(formatTimestamp(null)).toBe('never');
  expect(formatTimestamp(new Date(2026, 10, 30, 9, 5).getTime())).toBe('2026-11-30 09:05');
  expect(formatPercent(0.99)).toBe('99%');
  expect(formatPercent(0.995)).toBe('99.5%');
  expect(formatPercent(0.03)).toBe('3%');
  expect(formatPercent(0.0001)).toBe('0.01%');
  expect(formatPercent(0)).toBe('0%');
});
