/**
 * Transfer rate over a sliding window, so the UI's rate and time left follow
 * the recent speed rather than the average since the start, and fall to zero
 * when the transfer stalls.
 */

export const RATE_WINDOW_MS = 5_000;
/** Below this much history the rate is too noisy to show (the first chunks arrive in bursts). */
export const MIN_RATE_SPAN_MS = 1_000;

interface Sample {
  at: number;
  doneBytes: number;
}

export class RateMeter {
  private samples: Sample[] = [];

  constructor(
    private readonly windowMs = RATE_WINDOW_MS,
    private readonly minSpanMs = MIN_RATE_SPAN_MS,
  ) {}

  record(at: number, doneBytes: number): void {
    const last = this.samples.at(-1);
    // Fewer bytes than before means the work started over (a retry): old samples say nothing about it.
    if (last && doneBytes < last.doneBytes) this.samples = [];
    this.samples.push({ at, doneBytes });
    this.forgetBefore(at - this.windowMs);
  }

  /** Bytes per second over the window ending now, or null while there is too little history. */
  rate(now: number): number | null {
    this.forgetBefore(now - this.windowMs);
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last) return null;
    const span = now - first.at;
    if (span < this.minSpanMs) return null;
    return ((last.doneBytes - first.doneBytes) * 1000) / span;
  }

  /** Drops samples older than `cutoff` but keeps the newest of those as the window's starting point. */
  private forgetBefore(cutoff: number): void {
    let firstKept = 0;
    while (firstKept + 1 < this.samples.length && this.samples[firstKept + 1].at <= cutoff) firstKept++;
    if (firstKept > 0) this.samples.splice(0, firstKept);
  }
}

/** Seconds left at the given rate, or null when the total is unknown or nothing moves. */
export function etaSeconds(doneBytes: number, totalBytes: number | null, rateBytesPerSec: number | null): number | null {
  if (totalBytes === null || rateBytesPerSec === null) return null;
  if (doneBytes >= totalBytes) return 0;
  if (rateBytesPerSec <= 0) return null;
  return Math.ceil((totalBytes - doneBytes) / rateBytesPerSec);
}
