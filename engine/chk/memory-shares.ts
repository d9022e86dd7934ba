/**
 * Shares held in memory: a ShareSink the encoder writes to and ShareSources
 * the downloader and verifier read from. Used by tests and benchmarks, and
 * handy wherever a whole file's shares fit in RAM.
 */
import type { ShareSink, ShareSource } from './api';

export class MemoryShareStore implements ShareSink {
  private readonly shares = new Map<number, Uint8Array>();
  private readonly lengths = new Map<number, number>();

  /** `shareSize` (EncodingPlan.shareSize) lets each share be allocated once. */
  constructor(private readonly shareSize: number) {}

  async write(shareNumber: number, offset: number, data: Uint8Array): Promise<void> {
    const end = offset + data.length;
    if (end > this.shareSize) throw new RangeError(`write to share ${shareNumber} ends at ${end}, beyond the share size ${this.shareSize}`);
    let share = this.shares.get(shareNumber);
    if (!share) {
      share = new Uint8Array(this.shareSize);
      this.shares.set(shareNumber, share);
    }
    share.set(data, offset);
    this.lengths.set(shareNumber, Math.max(this.lengths.get(shareNumber) ?? 0, end));
  }

  shareNumbers(): number[] {
    return [...this.shares.keys()].sort((a, b) => a - b);
  }

  /** The share's bytes up to the furthest byte written (a live view: edits corrupt the stored share). */
  bytes(shareNumber: number): Uint8Array {
    const share = this.shares.get(shareNumber);
    if (!share) throw new RangeError(`no share ${shareNumber}`);
    return share.subarray(0, this.lengths.get(shareNumber));
  }

  /** Replaces a share's bytes wholesale (e.g. with a truncated or rewritten copy). */
  replace(shareNumber: number, bytes: Uint8Array): void {
    this.shares.set(shareNumber, bytes);
    this.lengths.set(shareNumber, bytes.length);
  }

  source(shareNumber: number): ShareSource {
    return {
      shareNumber,
      read: async (offset, length) => {
        const share = this.bytes(shareNumber);
        return share.subarray(Math.min(offset, share.length), Math.min(offset + length, share.length));
      },
    };
  }

  sources(shareNumbers: readonly number[] = this.shareNumbers()): ShareSource[] {
    return shareNumbers.map((n) => this.source(n));
  }
}
