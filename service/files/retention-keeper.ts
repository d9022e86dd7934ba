/**
 * Applies the trash and version retention rules in the background: shortly
 * after any catalog change (a new version, a delete) and every hour (trash
 * items reaching their age), handing what the catalog let go of to the
 * release port. Each run is one catalog transaction per rule, so a crash
 * leaves either the entries or their release, and a release that did not
 * happen only costs space until the gc side's orphan sweep finds it.
 */
import { applyRetention, type Catalog, type ReleasedFile, type RetentionRules } from '../catalog';
import type { FileReleasePort } from './release-port';

const AFTER_CHANGE_MS = 2_000;
const INTERVAL_MS = 3600_000;

export interface RetentionDeps {
  catalog: Catalog;
  rules(): RetentionRules;
  release(): FileReleasePort;
  log(line: string): void;
}

export class RetentionKeeper {
  private timer: NodeJS.Timeout | undefined;
  private interval: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: RetentionDeps) {}

  start(): void {
    if (this.interval) return;
    this.unsubscribe = this.deps.catalog.onChange(() => this.schedule());
    this.interval = setInterval(() => void this.runNow(), INTERVAL_MS);
    this.interval.unref();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearInterval(this.interval);
    this.interval = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running.catch(() => undefined);
  }

  /** Applies the rules now (after any run in progress) and releases what they let go of; never throws. */
  runNow(): Promise<ReleasedFile[]> {
    const run = this.running.then(async () => {
      try {
        const released = applyRetention(this.deps.catalog, this.deps.rules());
        await this.release(released);
        return released;
      } catch (error) {
        this.deps.log(`raic: applying the trash and version rules failed: ${error instanceof Error ? error.message : String(error)}`);
        return [];
      }
    });
    this.running = run;
    return run;
  }

  /** Hands released content to the port; a failure is logged (the gc side's orphan sweep finds the shares later). */
  async release(released: readonly ReleasedFile[]): Promise<void> {
    if (released.length === 0) return;
    try {
      await this.deps.release().releaseFiles(released);
    } catch (error) {
      this.deps.log(`raic: releasing the space of ${released.length} removed file(s) failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private schedule(): void {
    if (this.timer || !this.interval) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, AFTER_CHANGE_MS);
    this.timer.unref();
  }
}
