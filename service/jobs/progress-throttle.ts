/**
 * What a running attempt reports as it goes, kept in memory and passed on
 * sparingly: its bytes done are written to the database at most once a
 * second (PROGRESS_SAVE_INTERVAL_MS), and events about them go out at most
 * every 200 ms (PROGRESS_EVENT_INTERVAL_MS; a report held back goes out
 * later, always with the latest value). The file counts of jobs of many
 * files live only in memory.
 */
import { isByteCount, type Attempt } from './attempt';
import type { JobRow, JobStore } from './job-store';
import { RateMeter } from './rate-meter';
import { PROGRESS_EVENT_INTERVAL_MS, PROGRESS_SAVE_INTERVAL_MS } from './runner-options';

export interface ProgressThrottleDeps {
  store: Pick<JobStore, 'saveProgress'>;
  announceRow(row: JobRow): void;
  now(): number;
  log(line: string): void;
}

export class ProgressThrottle {
  constructor(private readonly deps: ProgressThrottleDeps) {}

  /** JobContext.progress of the attempt's handler. */
  reportBytes(attempt: Attempt, doneBytes: number, totalBytes: number | undefined): void {
    if (attempt.over) return;
    if (!isByteCount(doneBytes) || (totalBytes !== undefined && !isByteCount(totalBytes))) {
      this.deps.log(`raic: job ${attempt.jobId} reported progress ${doneBytes} of ${totalBytes}; ignored (byte counts are whole numbers >= 0).`);
      return;
    }
    attempt.doneBytes = doneBytes;
    if (totalBytes !== undefined) attempt.totalBytes = totalBytes;
    const now = this.deps.now();
    attempt.meter.record(now, doneBytes);
    if (now - attempt.lastSavedAt >= PROGRESS_SAVE_INTERVAL_MS) {
      attempt.lastSavedAt = now;
      this.deps.store.saveProgress(attempt.jobId, attempt.doneBytes, attempt.totalBytes);
    }
    if (now - attempt.lastEventAt >= PROGRESS_EVENT_INTERVAL_MS) this.announceNow(attempt);
    // Always the same delay, not what is left of the interval: Node keeps one list per delay, and a
    // delay of its own per small file's report (a new list each) showed in profiles. The event then
    // goes out at most twice the interval after the previous one, with the latest value.
    else attempt.pendingEvent ??= setTimeout(() => this.announceNow(attempt), PROGRESS_EVENT_INTERVAL_MS);
  }

  /** JobContext.progressFiles of the attempt's handler: shown with the next event, never written. */
  reportFiles(attempt: Attempt, doneFiles: number, totalFiles: number): void {
    if (attempt.over || !isByteCount(doneFiles) || !isByteCount(totalFiles)) return;
    attempt.files ??= { done: 0, total: 0, meter: new RateMeter() };
    attempt.files.done = doneFiles;
    attempt.files.total = totalFiles;
    attempt.files.meter.record(this.deps.now(), doneFiles);
  }

  /** Forgets the event held back for an attempt that settled: its end is announced instead. */
  dropPendingEvent(attempt: Attempt): void {
    clearTimeout(attempt.pendingEvent);
    attempt.pendingEvent = undefined;
  }

  private announceNow(attempt: Attempt): void {
    this.dropPendingEvent(attempt);
    if (attempt.over) return;
    attempt.lastEventAt = this.deps.now();
    this.deps.announceRow(attempt.row);
  }
}
