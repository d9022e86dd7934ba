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
