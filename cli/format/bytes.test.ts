import { expect, it } from 'vitest';
import { formatRate, parseByteSize } from './bytes';

it('prints transfer rates with the shared formatter, in binary units', () => {
  expect(formatRate(12_345_678)).toBe('12 MiB/s');
  expect(formatRate(1536.4)).toBe('1.5 KiB/s');
});

it('parses sizes in bytes, decimal and binary units', () => {
  expect(parseByteSize('1024')).toBe(1024);
  expect(parseByteSize('10GB')).toBe(10e9);
  expect(parseByteSize('10 gb')).toBe(10e9);
  expect(parseByteSize('500MiB')).toBe(500 * 1024 * 1024);
  expect(parseByteSize('1.5TB')).toBe(1.5e12);
  expect(parseByteSize('2k')).toBe(2000);
  expect(() => parseByteSize('ten GB')).toThrow('"ten GB" is not a size; write a number of bytes or e.g. 10GB, 500MiB, 1.5TB');
  expect(() => parseByteSize('10XB')).toThrow(/is not a size/);
  expect(() => parseByteSize('0')).toThrow(/at least 1 byte/);
});
