/**
 * What the tray and OS notifications say about the grid, from the service's
 * health state. Pure, so the wording and the "notify once per transition"
 * rule are unit-tested.
 */
import type { GridHealth } from '../shared/api';

export type HealthState = GridHealth['status'];

/** Which tray icon variant to show. */
export type StatusLevel = 'healthy' | 'warning' | 'danger' | 'unknown';

export interface TrayStatus {
  level: StatusLevel;
  /** One line for the tooltip and the tray menu's first (disabled) item. */
  headline: string;
}

const HEALTH_STATES: Record<HealthState, TrayStatus> = {
  healthy: { level: 'healthy', headline: 'All files are healthy' },
  degraded: { level: 'warning', headline: 'Degraded: files are readable, some copies need repair' },
  'at-risk': { level: 'danger', headline: 'At risk: losing one more account could lose files' },
  unreadable: { level: 'danger', headline: 'Some files cannot be read now' },
  unknown: { level: 'unknown', headline: 'Checking the grid…' },
};

/** The service host stopped for good: the tray must not keep showing the last healthy state. */
export const SERVICE_STOPPED: TrayStatus = { level: 'danger', headline: "RAIC's background service stopped; quit and reopen RAIC" };

export function trayStatus(state: HealthState): TrayStatus {
  return HEALTH_STATES[state];
}

export function isHealthState(value: unknown): value is HealthState {
  return typeof value === 'string' && Object.hasOwn(HEALTH_STATES, value);
}

/** The grid's health from a 'grid-health' service event, else undefined. */
export function gridHealthFromEvent(event: { type: string } & Record<string, unknown>): Partial<GridHealth> & { status: HealthState } | undefined {
  if (event.type !== 'grid-health') return undefined;
  const grid = event.grid as Partial<GridHealth> | undefined;
  return grid && isHealthState(grid.status) ? (grid as Partial<GridHealth> & { status: HealthState }) : undefined;
}

const ALERT_STATES: ReadonlySet<HealthState> = new Set(['at-risk', 'unreadable']);

/**
 * Decides when to show a notification: when the grid enters an alert state
 * (at-risk or unreadable) or moves between the two, never twice for the same
 * state in a row, so the minute-by-minute polling never repeats one. The
 * first state seen counts as a transition: a grid already at risk when RAIC
 * starts deserves a word.
 */
export class HealthAlerts {
  private last: HealthState | undefined;

  observe(state: HealthState): boolean {
    // 'unknown' says nothing new (a check is running): keep the last known state.
    if (state === 'unknown') return false;
    const previous = this.last;
    this.last = state;
    return ALERT_STATES.has(state) && state !== previous;
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** Title and body of the notification for an alert state. */
export function healthNotice(grid: Partial<GridHealth> & { status: HealthState }): { title: string; body: string } {
  const atRisk = grid.counts?.['at-risk'] ?? 0;
  const unreadable = grid.counts?.unreadable ?? 0;
  const offline = (grid.accounts ?? []).filter((a) => !a.online).length;
  const details: string[] = [];
  if (unreadable > 0) details.push(`${plural(unreadable, 'file cannot', 'files cannot')} be read now`);
  if (atRisk > 0) details.push(`${plural(atRisk, 'file is', 'files are')} one account away from loss`);
  if (offline > 0) details.push(`${plural(offline, 'account is', 'accounts are')} offline`);
  const detail = details.length > 0 ? details.join('; ') : grid.worstFiles?.[0]?.summary ?? 'some accounts are missing copies';
  return {
    title: grid.status === 'unreadable' ? 'RAIC: some files cannot be read' : 'RAIC: your files are at risk',
    body: `Your files are at risk: ${detail}. Click to see what to do.`,
  };
}
