/** Storage accounts as text: one account in detail (after add or edit) and all of them as a table. */
import type { AccountSummary, ConnectionTest } from '../../shared/api';
import { formatBytes } from '../../shared/format-bytes';
import { renderTable } from './table';
import { formatPercent } from './percent';

export function formatAccountDetail(account: AccountSummary): string {
  const lines = [
    `${account.name} (${account.provider}, id ${account.id})`,
    `  location:          ${account.location}`,
    `  status:            ${account.status}${account.problem ? ` (${account.problem})` : ''}`,
    `  stored:            ${formatBytes(account.bytesUsed)} in ${account.shareCount} shares`,
    `  size limit:        ${account.sizeLimitBytes === undefined ? 'none' : formatBytes(account.sizeLimitBytes)}`,
    `  loss probability:  ${formatPercent(account.lossProbability)} a year`,
    `  availability:      ${formatPercent(account.availability)}`,
  ];
  const domain = account.failureDomain;
  if (domain) {
    const others = domain.sharedWith?.length ? `, shared with ${domain.sharedWith.map((o) => o.name).join(', ')}` : ', no other account';
    lines.push(`  failure domain:    ${domain.name} (${domain.source === 'user' ? 'set by you' : 'detected'}${others})`);
    if (domain.sharedRisk) {
      lines.push(
        `  domain risk:       ${formatPercent(domain.sharedRisk.lossProbability)} a year, ${formatPercent(domain.sharedRisk.availability)} available (${domain.sharedRisk.setByUser ? 'set by you' : 'estimated'})`,
      );
    }
  }
  // Only the names of stored secrets: their values never leave the service.
  if (account.storedSecrets.length > 0) lines.push(`  secrets stored:    ${account.storedSecrets.join(', ')}`);
  return lines.map((line) => `${line}\n`).join('');
}

export function formatAccountTable(accounts: readonly AccountSummary[]): string {
  if (accounts.length === 0) return 'No accounts yet; add one with raic account add.\n';
  return renderTable(
    accounts.map((a) => [
      a.name,
      a.provider,
      a.status,
      a.location,
      formatBytes(a.bytesUsed),
      String(a.shareCount),
      formatPercent(a.lossProbability),
      formatPercent(a.availability),
    ]),
    { header: ['NAME', 'PROVIDER', 'STATUS', 'LOCATION', 'USED', 'SHARES', 'LOSS/YEAR', 'AVAILABILITY'], alignRight: [4, 5, 6, 7] },
  );
}

export function formatConnectionTest(test: ConnectionTest): string {
  const lines = test.checks.map((check) => `${check.ok ? '✓' : '✗'} ${check.name}: ${check.detail}`);
  if (test.latencyMs !== undefined) lines.push(`latency ${Math.round(test.latencyMs)} ms`);
  lines.push(test.ok ? 'connection ok' : 'connection failed');
  return lines.map((line) => `${line}\n`).join('');
}
