import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BridgeResult } from '../shared/bridge';
import type { DesktopEvent } from '../shared/events';
import { watchGridHealth } from './health-watch';

function fakeHost(health: () => BridgeResult) {
  const listeners = new Set<(event: DesktopEvent) => void>();
  return {
    request: vi.fn(async () => health()),
    subscribe: (l: (event: DesktopEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
    emit: (event: DesktopEvent) => listeners.forEach((l) => l(event)),
    listenerCount: () => listeners.size,
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('grid health watch (tray and notifications)', () => {
  it('polls at start and every interval, and follows grid-health events', async () => {
    let status = 'healthy';
    const host = fakeHost(() => ({ ok: true, value: { status } }));
    const seen: string[] = [];
    const stop = watchGridHealth(host, { onHealth: (g) => seen.push(g.status), onServiceStopped: () => seen.push('stopped') }, { intervalMs: 1000, log: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['healthy']);
    host.emit({ type: 'grid-health', grid: { status: 'at-risk', counts: { 'at-risk': 1 }, worstFiles: [], lastPassAt: null } });
    status = 'degraded';
    await vi.advanceTimersByTimeAsync(1000);
    expect(seen).toEqual(['healthy', 'at-risk', 'degraded']);
    expect(host.request).toHaveBeenCalledWith('getHealth', {});
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(seen).toHaveLength(3);
    expect(host.listenerCount()).toBe(0);
  });

  it('reports a stopped service, re-polls after a restart, and ignores failed polls', async () => {
    const host = fakeHost(() => ({ ok: false, error: { code: 'unavailable', message: 'down' } }));
    const seen: string[] = [];
    watchGridHealth(host, { onHealth: (g) => seen.push(g.status), onServiceStopped: (m) => seen.push(`stopped: ${m}`) }, { intervalMs: 1000, log: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    host.emit({ type: 'service-host', state: 'failed', message: 'Quit RAIC and open it again.' });
    host.emit({ type: 'service-host', state: 'running' });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual(['stopped: Quit RAIC and open it again.']);
    expect(host.request).toHaveBeenCalledTimes(2);
  });
});
