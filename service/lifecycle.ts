/**
 * Background work's life: started once (resuming interrupted jobs, the health
 * monitor, cleaning up after earlier runs, GBS sharing), paused and resumed by
 * the user, and stopped in order on close so jobs resume at the next start
 * and the catalog backup is flushed.
 */
import type { ServiceContext } from './service-context';
import { collectAbandonedUploads, sweepStaging } from './maintenance';

/** How often a long-running app collects what killed uploads left behind on local folders. */
const COLLECT_INTERVAL_MS = 3600_000;

export class ServiceLifecycle {
  private collectTimer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly ctx: ServiceContext,
    /** Runs last, once everything is closed (releases the data folder's lock). */
    private readonly onClosed: () => void,
  ) {}

  /** Starts the job queue (resuming interrupted jobs), the health monitor and the catalog backup. */
  startBackground(options: { monitor?: boolean } = {}): void {
    const { ctx } = this;
    if (ctx.background.started) return;
    ctx.background.started = true;
    const pendingSources = new Set(ctx.jobs.paramsOf('upload', { states: ['queued', 'running'] }).map((params) => params.source));
    const collect = () =>
      collectAbandonedUploads(ctx.opened.runtimes.map((r) => r.server)).catch((error: unknown) => ctx.log(`raic: collecting abandoned uploads failed: ${String(error)}`));
    void sweepStaging(ctx.dataDir, pendingSources)
      .then(collect)
      .catch((error: unknown) => ctx.log(`raic: cleaning up after an earlier run failed: ${String(error)}`));
    this.collectTimer = setInterval(() => void collect(), COLLECT_INTERVAL_MS);
    this.collectTimer.unref();
    ctx.usageHistory.sample();
    ctx.retention.start();
    void ctx.syncSharing();
    ctx.background.monitorWanted = options.monitor !== false;
    if (ctx.background.paused) return;
    ctx.jobs.start();
    if (ctx.background.monitorWanted) ctx.monitor.start();
  }

  /** Pauses or resumes background work: running jobs stop and resume later (nothing is cancelled), the monitor waits. */
  async setPaused(paused: boolean): Promise<{ paused: boolean }> {
    const { ctx } = this;
    if (paused === ctx.background.paused) return { paused };
    ctx.background.paused = paused;
    if (ctx.background.started) {
      if (paused) await Promise.all([ctx.jobs.stop(), ctx.monitor.stop()]);
      else {
        ctx.jobs.start();
        if (ctx.background.monitorWanted) ctx.monitor.start();
      }
    }
    ctx.events.emit({ type: 'paused', paused });
    return { paused };
  }

  /** Stops background work (jobs resume at the next start), flushes the catalog backup, closes everything. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    const { ctx } = this;
    clearInterval(this.collectTimer);
    await ctx.jobs.stop();
    await ctx.monitor.stop();
    await ctx.retention.stop();
    await ctx.backup.stop({ flush: true });
    // The last backup's bookkeeping (and the release of backups it replaced) ends before the data dir is let go.
    await ctx.gc.settle();
    await ctx.sharing.stopAll();
    ctx.signIns.close();
    await ctx.accounts.closeAll();
    ctx.usageHistory.close();
    ctx.catalog.close();
    this.onClosed();
  }
}
