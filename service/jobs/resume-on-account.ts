/**
 * Jobs that wait for an account (issue 20, item 2): an upload that could not
 * reach enough accounts for its happiness is not a failure to give up on
 * after three quick tries, nor one to leave waiting out a long delay once the
 * account is back. It keeps waiting, retried with a backoff that never grows
 * past a ceiling, and the account prober's "back online" event retries it at
 * once.
 */

/** The longest wait between two tries of a job waiting for an account. */
export const ACCOUNT_WAIT_CEILING_MS = 2 * 60_000;
/** Tries before a job waiting for an account fails after all: about 6 hours at the ceiling. */
export const ACCOUNT_WAIT_MAX_ATTEMPTS = 180;

/**
 * Whether a failed attempt is waiting for accounts rather than broken: the
 * engine's HappinessError says too few accounts could take shares (some
 * offline, or full). Matched by name so the jobs layer stays free of the
 * engine's classes.
 */
export function waitsForAccount(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'HappinessError';
}

/** 1 s, 4 s, 16 s, 64 s, then the ceiling. */
export function accountWaitDelayMs(failedAttempts: number): number {
  return Math.min(ACCOUNT_WAIT_CEILING_MS, 1000 * 4 ** Math.max(0, failedAttempts - 1));
}

/** What the wiring needs of the monitor: its notices, of which "account-online" events matter here. */
export interface AccountNotices {
  subscribe(listener: (notice: { type: string; event?: { kind: string } }) => void): () => void;
}

/** Retries every job waiting out a delay as soon as an account comes back online; returns the unsubscribe. */
export function resumeJobsWhenAccountsReturn(monitor: AccountNotices, jobs: { retryWaitingNow(): number }, log: (line: string) => void): () => void {
  return monitor.subscribe((notice) => {
    if (notice.type !== 'monitor-event' || notice.event?.kind !== 'account-online') return;
    const resumed = jobs.retryWaitingNow();
    if (resumed > 0) log(`raic: an account came back online; ${resumed} waiting job${resumed === 1 ? '' : 's'} retried now.`);
  });
}
