/**
 * A debounce with a ceiling: work runs once changes have been quiet for
 * `quietMs`, but never later than `maxWaitMs` after the first change it has
 * not run for yet. A plain debounce never fires while changes keep coming
 * (an upload every 2 s would postpone the catalog backup for as long as the
 * uploads last); the ceiling bounds how stale the result can get.
 */
export class BoundedDebounce {
  private timer: NodeJS.Timeout | undefined;
  /** The delay `timer` was armed with: refresh() re-arms it with that same delay from now. */
  private timerDelay = 0;
  private firstPendingAt: number | undefined;

  constructor(
    private readonly run: () => void,
    private readonly quietMs: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Something changed: run after a quiet spell, or at the ceiling. */
  poke(): void {
    const now = Date.now();
    this.firstPendingAt ??= now;
    const delay = Math.max(0, Math.min(this.quietMs, this.firstPendingAt + this.maxWaitMs - now));
    // A busy caller pokes at every job end: while the quiet period still
    // decides, re-arming the pending timer in place (same delay, from now)
    // spares a clearTimeout, a new Timeout and a closure each time.
    if (this.timer !== undefined && delay === this.timerDelay) {
      this.timer.refresh();
      return;
    }
    clearTimeout(this.timer);
    this.timerDelay = delay;
    this.timer = setTimeout(() => this.fire(), delay);
    this.timer.unref();
  }

  /** Forgets pending changes (the caller is about to run the work itself). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.firstPendingAt = undefined;
  }

  /** When the oldest change not yet run for happened, if any is pending. */
  get pendingSince(): number | undefined {
    return this.firstPendingAt;
  }

  private fire(): void {
    this.cancel();
    this.run();
  }
}
