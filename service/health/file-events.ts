/**
 * What a file's check means for the event log. The log holds transitions
 * only: the file's health changing, a corrupt share seen for the first time,
 * a repair done, a repair failing (again only when the reason changes), a
 * check that could not run. A file that looks the same as last pass adds
 * nothing, so a log read a month later still says what happened.
 */
import { HEALTH_BY_SEVERITY, type FileHealth } from './classify';
import type { FileCheckResult } from './file-check';
import type { NewMonitorEvent } from './monitor-types';

/** What the monitor remembers about a file between passes. */
export interface FileMemory {
  health: FileHealth;
  summary: string;
  /** "<account>/<share>" of corrupt copies already reported. */
  corruptReported: Set<string>;
  /** The repair failure last reported, so the same one is not reported every pass. */
  repairError: string | null;
}

const SEVERITY_OF_HEALTH: Record<FileHealth, NewMonitorEvent['severity']> = {
  healthy: 'info',
  degraded: 'warning',
  'at-risk': 'warning',
  unreadable: 'error',
};

export function asFileHealth(value: string): FileHealth | null {
  return (HEALTH_BY_SEVERITY as readonly string[]).includes(value) ? (value as FileHealth) : null;
}

/**
 * previous: what this monitor remembers; lastKnown: the catalog's health, used
 * until this monitor has checked the file itself (so a restart does not report
 * every file as changed).
 */
export function eventsForResult(
  filePath: string,
  previous: FileMemory | undefined,
  lastKnown: FileHealth | null,
  result: FileCheckResult,
  accountNames: ReadonlyMap<string, string>,
): { events: NewMonitorEvent[]; memory: FileMemory } {
  const events: NewMonitorEvent[] = [];
  const health = result.assessment.health;
  const corruptReported = new Set(previous?.corruptReported);
  for (const copy of result.corrupt) {
    const key = `${copy.accountId}/${copy.shareNumber}`;
    if (corruptReported.has(key)) continue;
    corruptReported.add(key);
    const account = accountNames.get(copy.accountId) ?? copy.accountId;
    events.push({
      kind: 'share-corrupt',
      severity: 'warning',
      accountId: copy.accountId,
      filePath,
      message:
        `Share ${copy.shareNumber} of "${filePath}" on account "${account}" is corrupt (${copy.reason}). ` +
        `The file is still read from its other shares; repair writes a replacement elsewhere, and the bad copy can be deleted from the account.`,
    });
  }

  // An unreadable file cannot be repaired: its health change is the news, not the repair that could not start.
  const failure = health === 'unreadable' ? undefined : result.repairError;
  let repairError = previous?.repairError ?? null;
  if (failure) {
    if (failure !== repairError) {
      events.push({ kind: 'repair-failed', severity: 'error', filePath, message: `Could not repair "${filePath}": ${failure}. (${result.summary})` });
    }
    repairError = failure;
  } else if (result.repaired) {
    events.push({ kind: 'repair-done', severity: 'info', filePath, message: `Repaired "${filePath}": ${result.summary}.` });
    repairError = null;
  } else if (health === 'healthy') {
    repairError = null;
  }

  // A repair event already tells the story of this check; a second line saying the health changed would repeat it.
  const before = previous?.health ?? lastKnown;
  const repairReported = events.some((e) => e.kind === 'repair-done' || e.kind === 'repair-failed');
  const firstSightingOfHealthyFile = before === null && health === 'healthy';
  if (health !== before && !repairReported && !firstSightingOfHealthyFile) {
    events.push({
      kind: 'file-health',
      severity: SEVERITY_OF_HEALTH[health],
      filePath,
      message: `"${filePath}" is ${health === 'healthy' ? 'healthy again' : `now ${health}`}${before ? ` (was ${before})` : ''}: ${result.summary}.`,
    });
  }
  return { events, memory: { health, summary: result.summary, corruptReported, repairError } };
}

/** A check that failed outright (timeout, bad cap); the monitor reports each distinct reason once. */
export function checkFailureEvent(filePath: string, reason: string): NewMonitorEvent {
  return {
    kind: 'file-health',
    severity: 'warning',
    filePath,
    message: `Could not check "${filePath}": ${reason}. Its health is unknown until the next pass checks it again.`,
  };
}
