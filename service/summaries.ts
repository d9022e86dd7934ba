/** From the service's records (config, catalog, monitor) to the shapes the API returns. */
import type { AccountSummary, FileSummary } from '../shared/api';
import type { FileEntry } from './catalog';
import type { AccountConfig } from './grid-config';
import { describeLocation } from './accounts/backend-settings';
import { accountRiskOf } from './pricing';
import { failureDomainOf } from './failure-domains';
import type { AccountDomainView } from './domain-risks';

export interface AccountLiveState {
  sharing: AccountSummary['sharing'];
  health?: { online: boolean; latencyMs: number | null; lastError: string | null; lastProbeAt: number | null };
  unopenedProblem?: string;
  totals?: { files: number; shares: number; bytes: number };
  /** The account's effective failure domain, who shares it and the split of its risk (service/domain-risks.ts). */
  domain?: AccountDomainView;
  accountNames?: ReadonlyMap<string, string>;
  space?: AccountSummary['space'];
}

export function toAccountSummary(account: AccountConfig, live: AccountLiveState): AccountSummary {
  const risk = accountRiskOf(account);
  const status: AccountSummary['status'] = !account.enabled
    ? 'disabled'
    : live.unopenedProblem
      ? 'offline'
      : !live.health || live.health.lastProbeAt === null
        ? 'unknown'
        : live.health.online
          ? 'online'
          : 'offline';
  const problem = live.unopenedProblem ?? (status === 'offline' ? (live.health?.lastError ?? undefined) : undefined);
  return {
    id: account.id,
    name: account.name,
    provider: account.provider,
    type: account.provider,
    location: describeLocation(account),
    status,
    ...(problem ? { problem } : {}),
    latencyMs: live.health?.latencyMs ?? null,
    bytesUsed: live.totals?.bytes ?? 0,
    shareCount: live.totals?.shares ?? 0,
    ...(account.sizeLimitBytes ? { sizeLimitBytes: account.sizeLimitBytes } : {}),
    settings: { ...account.settings },
    storedSecrets: [...account.secretFields],
    lossProbability: risk.lossProbability,
    availability: risk.availability,
    failureDomain: live.domain ? domainSummaryOf(account, live.domain, live.accountNames) : { ...failureDomainOf(account), source: 'detected' },
    ...(live.space ? { space: live.space } : {}),
    sharing: live.sharing,
  };
}

function domainSummaryOf(account: AccountConfig, view: AccountDomainView, names: ReadonlyMap<string, string> = new Map()): NonNullable<AccountSummary['failureDomain']> {
  return {
    ...view.domain,
    source: view.setByUser ? 'user' : 'detected',
    ...(account.failureDomain ? { override: account.failureDomain } : {}),
    sharedWith: view.sharedWith.map((id) => ({ id, name: names.get(id) ?? id })),
    ...(view.sharedRisk ? { sharedRisk: view.sharedRisk } : {}),
    ownRisk: view.ownRisk,
  };
}

export function sharesByAccountOf(entry: Pick<FileEntry, 'placements'>): Record<string, number[]> {
  const shares: Record<string, number[]> = {};
  for (const p of entry.placements) (shares[p.accountId] ??= []).push(p.shareNumber);
  return shares;
}

export function toFileSummary(entry: FileEntry, accountNames: ReadonlyMap<string, string>): FileSummary {
  return {
    path: entry.path,
    name: entry.name,
    size: entry.size,
    cap: entry.cap,
    verifyCap: entry.verifyCap,
    storedAt: entry.storedAt,
    sourceModifiedAt: entry.sourceModifiedAt,
    health: entry.health,
    lastCheckedAt: entry.lastCheckedAt,
    lastCheckSummary: entry.lastCheckSummary,
    encoding: entry.encoding,
    placements: Object.entries(sharesByAccountOf(entry)).map(([accountId, shareNumbers]) => ({
      accountId,
      accountName: accountNames.get(accountId) ?? 'a removed account',
      shareNumbers,
    })),
  };
}
