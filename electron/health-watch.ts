/**
 * Follows the grid's health for the tray and notifications: 'grid-health'
 * events as they come (the monitor sends them on transitions only), plus a
 * getHealth call at start, after a host restart and every minute, so the tray
 * is right even when no transition happened while it was listening.
 */
import type { GridHealth } from '../shared/api';
import { gridHealthFromEvent, isHealthState, type HealthState } from './grid-status';
import type { ServiceHost } from './host/host-supervisor';

export type ObservedHealth = Partial<GridHealth> & { status: HealthState };

export const HEALTH_POLL_MS = 60_000;

export function watchGridHealth(
  host: Pick<ServiceHost, 'request' | 'subscribe'>,
  handlers: { onHealth(grid: ObservedHealth): void; onServiceStopped(message: string): void },
  options: { intervalMs?: number; log: (line: string) => void },
): () => void {
  const poll = async () => {
    const result = await host.request('getHealth', {});
    if (result.ok) {
      const grid = result.value as ObservedHealth | undefined;
      if (grid && isHealthState(grid.status)) handlers.onHealth(grid);
    }
    // A failed poll is not news: the host's own 'failed' event says when the service is gone.
  };
  const unsubscribe = host.subscribe((event) => {
    const grid = gridHealthFromEvent(event);
    if (grid) handlers.onHealth(grid);
    else if (event.type === 'service-host' && event.state === 'failed') handlers.onServiceStopped(String(event.message ?? ''));
    else if (event.type === 'service-host' && event.state === 'running') void poll();
  });
  const timer = setInterval(() => void poll(), options.intervalMs ?? HEALTH_POLL_MS);
  // The minute timer alone must not keep the process alive.
  timer.unref?.();
  void poll().catch((error: unknown) => options.log(`raic: reading the grid's health failed: ${String(error)}`));
  return () => {
    clearInterval(timer);
    unsubscribe();
  };
}
