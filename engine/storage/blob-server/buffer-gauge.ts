/** Counts the chunk buffers open uploads hold, so tests and the app can see memory stays bounded. */
export class BufferGauge {
  private current = 0;
  private highest = 0;

  acquire(bytes: number): void {
    this.current += bytes;
    if (this.current > this.highest) this.highest = this.current;
  }

  release(bytes: number): void {
    this.current -= bytes;
  }

  get bufferedBytes(): number {
    return this.current;
  }

  get peakBufferedBytes(): number {
    return this.highest;
  }
}

/**
 * Memory a server lets open uploads spend on keeping chunk 0 of a
 * multi-chunk share until its commit (so chunk 0 crosses the link once
 * instead of being staged, fetched back and stored again). Beyond it, chunk 0
 * is staged as before: memory stays bounded however many uploads are open.
 */
export class MemoryBudget {
  private used = 0;
  constructor(private readonly limitBytes: number) {}

  /** Takes `bytes` if they fit; false leaves the budget unchanged. */
  tryTake(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used -= bytes;
  }

  get usedBytes(): number {
    return this.used;
  }
}
