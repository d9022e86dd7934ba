/**
 * Fills the runner's free slots: reads the runnable jobs, admits the small
 * ones beyond `concurrency` (SmallJobSlots), marks them running, and writes
 * with those starts the ends of the jobs that succeeded and freed the slots,
 * all in one transaction. Then it announces the ends before the starts, starts
 * the handlers, and comes back when the next job waiting out a retry delay
 * is due.
 */
import { newAttempt, type Attempt } from './attempt';
import type { EndRecorder } from './end-recorder';
import type { HandlerLauncher } from './handler-launcher';
import { finishedRow, runningRow, type DoneEnd } from './job-rows';
import { MAX_RUNNABLE_PER_READ, type JobRow, type JobStore } from './job-store';
import type { SmallJobSlots } from './small-job-slots';
import type { JobKindMap } from './types';

export interface SlotFillerDeps<Kinds extends JobKindMap> {
  store: JobStore;
  slots: SmallJobSlots;
  /** The runner's attempts in flight, by job id: an attempt joins it when its job is marked running. */
  attempts: Map<string, Attempt>;
  launcher: Pick<HandlerLauncher<Kinds>, 'knows' | 'launch'>;
  ends: Pick<EndRecorder, 'finishRow'>;
  announceRow(row: JobRow): void;
  /** Between start() and stop(): only then do jobs start. */
  isStarted(): boolean;
  now(): number;
}

export class SlotFiller<Kinds extends JobKindMap> {
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Ends written but not yet announced: a listener told of one end still sees the others as unfinished, as when ends were written one by one. */
  private unannounced = 0;

  constructor(private readonly deps: SlotFillerDeps<Kinds>) {}

  /** Ends written but not yet announced (counted as unfinished jobs). */
  get unannouncedEnds(): number {
    return this.unannounced;
  }

  /**
   * Starts queued jobs while there is room, and arranges to come back for
   * jobs waiting to retry. The ends of succeeded jobs in `doneEnds` are
   * written in the same transaction as these starts (one commit, not one per
   * row; see JobStore.relaxedTransaction), and the handlers start only after
   * it committed, so nothing a handler writes joins that relaxed commit.
   */
  fill(doneEnds: readonly DoneEnd[] = []): void {
    const { store, slots, attempts } = this.deps;
    if (doneEnds.length === 0 && !this.deps.isStarted()) return;
    const starting: Attempt[] = [];
    const finished: JobRow[] = [];
    let unrunnable: JobRow | undefined;
    try {
      store.relaxedTransaction(() => {
        for (const end of doneEnds) if (store.finish(end.row.id, end.finished)) finished.push(finishedRow(end.row, end.finished));
        if (!this.deps.isStarted()) return;
        const running = [...attempts.values()].map((a) => a.totalBytes);
        // The candidates for the free slots in one read (rarely more than one round); nothing else writes their rows until this commits.
        for (let free = slots.ceiling() - running.length; free > 0; free = slots.ceiling() - running.length) {
          const wanted = Math.min(free, MAX_RUNNABLE_PER_READ);
          const rows = store.nextRunnable(this.deps.now(), wanted);
          for (const row of rows) {
            if (!this.deps.launcher.knows(row.kind)) {
              // Written durably below, outside this transaction.
              unrunnable = row;
              return;
            }
            // Beyond `concurrency`, only small jobs within the byte budget start; a big one waits its turn (queue order is kept).
            if (!slots.admits(row, running)) return;
            const now = this.deps.now();
            store.markRunning(row.id, now);
            const attempt = newAttempt(runningRow(row, now), now);
            attempts.set(attempt.jobId, attempt);
            running.push(attempt.totalBytes);
            starting.push(attempt);
          }
          if (rows.length < wanted) return; // the queue has no more runnable jobs
        }
      });
    } catch (error) {
      for (const attempt of starting) attempts.delete(attempt.jobId);
      throw error;
    }
    this.unannounced += finished.length;
    for (const row of finished) {
      this.unannounced--;
      this.deps.announceRow(row);
    }
    for (const attempt of starting) this.deps.launcher.launch(attempt);
    if (unrunnable) {
      // Possible for a job stored by a RAIC that had more kinds of job than this one.
      this.deps.ends.finishRow(unrunnable, { state: 'failed', error: `This RAIC cannot run '${unrunnable.kind}' jobs; clear the job or update RAIC.` });
      this.fill();
      return;
    }
    this.scheduleRetryWakeUp();
  }

  /** stop(): no more coming back for jobs waiting to retry. */
  cancelRetryWakeUp(): void {
    clearTimeout(this.retryTimer);
  }

  private scheduleRetryWakeUp(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.deps.attempts.size >= this.deps.slots.ceiling()) return; // a finishing job calls fill anyway
    const now = this.deps.now();
    const at = this.deps.store.earliestRetryAt(now);
    if (at === null) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.fill();
    }, at - now);
  }
}
