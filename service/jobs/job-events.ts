/**
 * The runner's events to its subscribers (the HTTP event stream, the
 * service): a job as it now stands, or a job removed. A subscriber that
 * throws is logged, and the jobs and the other subscribers go on.
 */
import type { JobRow } from './job-store';
import type { JobEvent, JobSnapshot } from './types';

export interface JobEventSources {
  /** The job as the API shows it: the row, with live progress while an attempt runs. */
  snapshot(row: JobRow): JobSnapshot;
  /** The row as it is stored now. */
  read(id: string): JobRow | undefined;
  log(line: string): void;
}

export class JobEvents {
  private readonly listeners = new Set<(event: JobEvent) => void>();

  constructor(private readonly sources: JobEventSources) {}

  subscribe(listener: (event: JobEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** The event of a job as it is stored now (read back). */
  announceJob(id: string): void {
    const row = this.sources.read(id);
    if (row) this.emit({ type: 'job', job: this.sources.snapshot(row) });
  }

  /** The event of a row the runner knows as it is stored, without reading it back. */
  announceRow(row: JobRow): void {
    this.emit({ type: 'job', job: this.sources.snapshot(row) });
  }

  announceRemoved(id: string): void {
    this.emit({ type: 'job-removed', id });
  }

  private emit(event: JobEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // One broken subscriber (a closed window, say) must not stop the jobs or the other subscribers.
        this.sources.log(`raic: a job event listener failed: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  }
}
