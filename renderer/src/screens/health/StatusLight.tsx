/**
 * An account's state as a coloured light *and* words (Online, Offline,
 * Disabled, Checking…), with its latency when online. Used by the dashboard's
 * account cards and the health screen's status table.
 */
import './health.css';

export type AccountState = 'online' | 'offline' | 'disabled' | 'unknown';

export const ACCOUNT_STATE_WORDS: Record<AccountState, string> = {
  online: 'Online',
  offline: 'Offline',
  disabled: 'Disabled',
  unknown: 'Checking…',
};

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function StatusLight({ state, latencyMs, testId }: { state: AccountState; latencyMs?: number | null; testId?: string }) {
  const latency = state === 'online' ? formatLatency(latencyMs) : '';
  return (
    <span className="status-light">
      <span className={`light light-${state}`} aria-hidden="true" />
      <span data-testid={testId}>{ACCOUNT_STATE_WORDS[state]}</span>
      {latency && (
        <span className="muted latency" title="How long the account took to answer RAIC's last check">
          {latency}
        </span>
      )}
    </span>
  );
}
