/** The byte ranges of a share already written, kept merged, to find overlapping rewrites. */
export class WrittenRanges {
  /** Disjoint, sorted, non-adjacent [start, end) pairs. */
  private ranges: [number, number][] = [];

  add(start: number, end: number): void {
    if (end <= start) return;
    const kept: [number, number][] = [];
    let merged: [number, number] = [start, end];
    for (const range of this.ranges) {
      if (range[1] < merged[0] || range[0] > merged[1]) kept.push(range);
      else merged = [Math.min(range[0], merged[0]), Math.max(range[1], merged[1])];
    }
    kept.push(merged);
    this.ranges = kept.sort((a, b) => a[0] - b[0]);
  }

  /** The parts of [start, end) already written, in order. */
  overlaps(start: number, end: number): [number, number][] {
    const out: [number, number][] = [];
    for (const [a, b] of this.ranges) {
      const from = Math.max(a, start);
      const to = Math.min(b, end);
      if (from < to) out.push([from, to]);
    }
    return out;
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }
}
