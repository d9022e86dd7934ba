/**
 * Runs a task again and again, each run starting an interval after the last
 * one ended (never overlapping itself, unlike setInterval). The timer is
 * unref'd so it never keeps the process alive on its own, and a failing run
 * is logged and retried at the next interval: a background task has no caller
 * to hand its error to.
 */
import { describeError } from '../../engine/grid';

export class RepeatingTimer {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private active = false;

  constructor(
    private readonly what: string,
    private readonly task: () => Promise<unknown>,
    private readonly intervalMs: () => number,
  ) {}

  /** (Re)starts the countdown: the next run is `delayMs` from now. */
  schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.active = true;
    this.timer = setTimeout(() => {
      this.task()
        .catch((error: unknown) => {
          console.error(`RAIC health monitor: ${this.what} failed: ${describeError(error)}. It is tried again at the next interval.`);
        })
        .finally(() => {
          if (this.active) this.schedule(this.intervalMs());
        });
    }, delayMs);
    this.timer.unref?.();
  }

  cancel(): void {
    this.active = false;
    clearTimeout(this.timer);
  }
}
