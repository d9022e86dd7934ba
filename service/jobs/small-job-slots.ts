/**
 * How many jobs the runner lets run at once: up to `concurrency` of any
 * size, and beyond that only small ones (totalBytes at most `smallJobBytes`),
 * up to a ceiling the owner may change while it runs (the service raises it
 * when every account is remote, where a small upload is mostly waiting on
 * round trips) and only while the small jobs' bytes together stay within a
 * budget, so memory is bounded by bytes, not by a count of files.
 */
import type { JobRow } from './job-store';

export interface SmallJobSlotOptions {
  concurrency: number;
  smallJobConcurrency: number | (() => number);
  smallJobBytes: number;
  smallJobBytesInFlight: number;
}

export class SmallJobSlots {
  constructor(private readonly options: SmallJobSlotOptions) {
    ceilingOf(options); // a bad value is refused when the runner is made, not at its first job
  }

  /** The most jobs that may run at once right now. */
  ceiling(): number {
    return ceilingOf(this.options);
  }

  isSmall(row: Pick<JobRow, 'total_bytes'>): boolean {
    return row.total_bytes !== null && row.total_bytes <= this.options.smallJobBytes;
  }

  /**
   * Whether `row` may start beside the `running` jobs (their totalBytes). Below
   * `concurrency` any job starts; beyond it only a small one whose bytes fit in
   * the budget beside the small jobs already running.
   */
  admits(row: Pick<JobRow, 'total_bytes'>, running: readonly (number | null)[]): boolean {
    if (running.length >= this.ceiling()) return false;
    if (running.length < this.options.concurrency) return true;
    if (!this.isSmall(row)) return false;
    const smallBytes = running.reduce<number>((sum, bytes) => (bytes !== null && bytes <= this.options.smallJobBytes ? sum + bytes : sum), 0);
    return smallBytes + (row.total_bytes ?? 0) <= this.options.smallJobBytesInFlight;
  }
}

function ceilingOf(options: SmallJobSlotOptions): number {
  const wanted = typeof options.smallJobConcurrency === 'function' ? options.smallJobConcurrency() : options.smallJobConcurrency;
  if (!Number.isInteger(wanted) || wanted < 1) throw new Error(`smallJobConcurrency must be a whole number of at least 1 (got ${String(wanted)}).`);
  return Math.max(options.concurrency, wanted);
}
