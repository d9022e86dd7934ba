/**
 * BoundedDebounce re-arms its pending timer in place while the quiet period
 * decides; it must fire exactly when a fresh clear-and-set timer per poke
 * would (the reference below), at the quiet period and at the ceiling.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoundedDebounce } from './bounded-debounce';

/** The plain form: a new timer at every poke. */
class ReferenceDebounce {
  private timer: NodeJS.Timeout | undefined;
  private firstPendingAt: number | undefined;
  constructor(
    private readonly run: () => void,
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
  ) {}
  poke(): void {
    const now = Date.now();
    this.firstPendingAt ??= now;
    clearTimeout(this.timer);
    const delay = Math.max(0, Math.min(this.quietMs, this.firstPendingAt + this.maxWaitMs - now));
    this.timer = setTimeout(() => {
      this.cancel();
      this.run();
    }, delay);
  }
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.firstPendingAt = undefined;
  }
}

/** A small deterministic generator, so a failure can be replayed. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('BoundedDebounce re-arming its timer', () => {
  afterEach(() => void vi.useRealTimers());

  it('keeps one timer while pokes come within the quiet period, and fires after the last', () => {
    vi.useFakeTimers();
    const start = Date.now();
    const runs: number[] = [];
    const debounce = new BoundedDebounce(() => runs.push(Date.now() - start), 100, 10_000);
    for (let i = 0; i < 10; i++) {
      debounce.poke();
      expect(vi.getTimerCount()).toBe(1);
      vi.advanceTimersByTime(30);
    }
    // Last poke at 270 ms: quiet until 370 ms.
    vi.advanceTimersByTime(69);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([370]);
    expect(vi.getTimerCount()).toBe(0);
    // A poke after a run starts a new timer (the fired one is not re-armed).
    debounce.poke();
    vi.advanceTimersByTime(100);
    expect(runs).toEqual([370, 470]);
  });

  it('fires when a new timer per poke would, for random poke schedules', () => {
    vi.useFakeTimers();
    for (let seed = 1; seed <= 40; seed++) {
      const random = lcg(seed);
      const quietMs = 1 + Math.floor(random() * 200);
      const maxWaitMs = quietMs + Math.floor(random() * 600);
      const start = Date.now();
      const got: number[] = [];
      const want: number[] = [];
      const debounce = new BoundedDebounce(() => got.push(Date.now() - start), quietMs, maxWaitMs);
      const reference = new ReferenceDebounce(() => want.push(Date.now() - start), quietMs, maxWaitMs);
      for (let step = 0; step < 300; step++) {
        const roll = random();
        if (roll < 0.6) {
          debounce.poke();
          reference.poke();
        } else if (roll < 0.62) {
          debounce.cancel();
          reference.cancel();
        }
        // Mostly short gaps (pokes inside the quiet period), some long ones, some none.
        vi.advanceTimersByTime(random() < 0.8 ? Math.floor(random() * quietMs) : Math.floor(random() * 3 * quietMs));
      }
      vi.advanceTimersByTime(maxWaitMs + quietMs);
      expect(got, `seed ${seed}`).toEqual(want);
      expect(want.length).toBeGreaterThan(0);
    }
  });
});
