import { describe, expect, it } from 'vitest';
import { WrittenRanges } from './written-ranges';

describe('WrittenRanges', () => {
  it('merges touching and overlapping ranges and reports overlaps in order', () => {
    const ranges = new WrittenRanges();
    expect(ranges.isEmpty).toBe(true);
    ranges.add(10, 20);
    ranges.add(30, 40);
    ranges.add(20, 25); // touches the first
    ranges.add(5, 5); // empty: ignored
    expect(ranges.overlaps(0, 100)).toEqual([[10, 25], [30, 40]]);
    expect(ranges.overlaps(24, 31)).toEqual([[24, 25], [30, 31]]);
    expect(ranges.overlaps(25, 30)).toEqual([]);
    ranges.add(22, 35); // bridges both
    expect(ranges.overlaps(0, 100)).toEqual([[10, 40]]);
  });
});
