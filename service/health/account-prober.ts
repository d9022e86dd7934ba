/**
 * Probes accounts and remembers whether each is online. People hear about
 * transitions only: an account going offline (including one found offline at
 * its first probe) and coming back. An account that stays offline, or one that
 * is simply online at its first probe, makes no event.
 */
import { describeError } from '../../engine/grid';
import { formatDuration, withDeadline } from './deadline';
import type { AccountHealth, MonitoredAccount, NewMonitorEvent } from './monitor-types';

export interface ProberHooks {
  now(): number;
  event(event: NewMonitorEvent): void;
  accountChanged(account: AccountHealth): void;
}

export class AccountProber {
  private readonly states = new Map<string, AccountHealth>();
  private round: Promise<AccountHealth[]> | undefined;

  constructor(private readonly hooks: ProberHooks) {}

  /** Probes every account at once. A round already running is joined rather than doubled. */
  probeAll(accounts: readonly MonitoredAccount[], timeoutMs: number, signal: AbortSignal, intervalMs: number): Promise<AccountHealth[]> {
    this.round ??= this.runRound(accounts, timeoutMs, signal, intervalMs).finally(() => {
      this.round = undefined;
    });
    return this.round;
  }

  /** Current state of the given accounts (not yet probed ones included); forgets accounts no longer listed. */
  snapshot(accounts: readonly MonitoredAccount[]): AccountHealth[] {
    const listed = new Set(accounts.map((a) => a.id));
    for (const id of this.states.keys()) if (!listed.has(id)) this.states.delete(id);
    return accounts.map((a) => ({ ...(this.states.get(a.id) ?? notProbedYet(a)), name: a.name }));
  }

  /** Waits for a running round, if any (each probe in it is bounded by its timeout). */
  async settle(): Promise<void> {
    await this.round?.catch(() => undefined);
  }

  private async runRound(accounts: readonly MonitoredAccount[], timeoutMs: number, signal: AbortSignal, intervalMs: number): Promise<AccountHealth[]> {
    await Promise.all(accounts.map((account) => this.probeOne(account, timeoutMs, signal, intervalMs)));
    return this.snapshot(accounts);
  }

  private async probeOne(account: MonitoredAccount, timeoutMs: number, signal: AbortSignal, intervalMs: number): Promise<void> {
    let outcome: { latencyMs: number } | { error: string };
    try {
      outcome = await withDeadline(`account "${account.name}"`, timeoutMs, (s) => account.probe(s), signal);
    } catch (error) {
      // Stopping the monitor is not the account's fault.
      if (signal.aborted) return;
      outcome = { error: describeError(error) };
    }
    const at = this.hooks.now();
    const before = this.states.get(account.id);
    const online = !('error' in outcome);
    const changed = before?.lastProbeAt == null || before.online !== online;
    const after: AccountHealth = {
      id: account.id,
      name: account.name,
      online,
      latencyMs: 'latencyMs' in outcome ? outcome.latencyMs : null,
      lastError: 'error' in outcome ? outcome.error : null,
      lastProbeAt: at,
      since: changed ? at : (before?.since ?? at),
    };
    this.states.set(account.id, after);
    if (!online && (before?.online || before?.lastProbeAt == null)) this.hooks.event(wentOffline(after, intervalMs));
    if (online && before?.lastProbeAt != null && !before.online) this.hooks.event(cameBack(after, at - (before.since ?? at)));
    this.hooks.accountChanged(after);
  }
}

function notProbedYet(account: MonitoredAccount): AccountHealth {
  return { id: account.id, name: account.name, online: false, latencyMs: null, lastError: null, lastProbeAt: null, since: null };
}

function wentOffline(account: AccountHealth, intervalMs: number): NewMonitorEvent {
  return {
    kind: 'account-offline',
    severity: 'error',
    accountId: account.id,
    message:
      `Account "${account.name}" is offline: ${account.lastError}. Files with shares on it have less protection until it is back; ` +
      `check the computer's internet connection and the account's sign-in. RAIC tries it again every ${formatDuration(intervalMs)}.`,
  };
}

function cameBack(account: AccountHealth, offlineForMs: number): NewMonitorEvent {
  return {
    kind: 'account-online',
    severity: 'info',
    accountId: account.id,
    message: `Account "${account.name}" is back online after ${formatDuration(offlineForMs)} offline.`,
  };
}
