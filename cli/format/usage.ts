/** Storage used and what it costs, per account and in total, for `raic usage`. */
import type { Usage } from '../../shared/api';
import { formatBytes } from '../../shared/format-bytes';
import { renderTable } from './table';

export function formatMoney(amount: number, currency: string): string {
  return `${amount < 1 && amount > 0 ? amount.toFixed(4) : amount.toFixed(2)} ${currency}`;
}

const optionalBytes = (bytes: number | undefined): string => (bytes === undefined ? '-' : formatBytes(bytes));

export function formatUsage(usage: Usage): string {
  const table = renderTable(
    usage.accounts.map((a) => [
      a.name,
      formatBytes(a.bytesStored),
      String(a.shareCount),
      String(a.fileCount),
      optionalBytes(a.quotaBytes),
      optionalBytes(a.freeBytes),
      optionalBytes(a.sizeLimitBytes),
      formatMoney(a.monthlyCost, a.currency),
    ]),
    { header: ['ACCOUNT', 'STORED', 'SHARES', 'FILES', 'QUOTA', 'FREE', 'LIMIT', 'COST/MONTH'], alignRight: [1, 2, 3, 4, 5, 6, 7] },
  );
  const split = usage.accounts.filter((a) => a.measured).map((a) => {
    const m = a.measured!;
    const parts = (
      [
        ['files', m.files],
        ['versions', m.versions],
        ['trash', m.trash],
        ['catalog backups', m.catalogBackups],
        ['orphans', m.orphans],
        ['unreferenced', m.unreferenced],
      ] as const
    ).filter(([, bytes]) => bytes > 0);
    return `${a.name}: ${parts.length > 0 ? parts.map(([name, bytes]) => `${name} ${formatBytes(bytes)}`).join(', ') : 'nothing stored'}\n`;
  });
  const problems = usage.accounts.filter((a) => a.capacityProblem).map((a) => `${a.name}: free space unknown (${a.capacityProblem})\n`);
  const { totals } = usage;
  const total =
    `total: ${formatBytes(totals.bytesStored)} stored for ${formatBytes(totals.fileBytes)} of files ` +
    `(overhead ${totals.overhead.toFixed(2)}x), ${formatMoney(totals.monthlyCost, totals.currency)} a month\n`;
  const retained =
    (totals.versionBytesStored ?? 0) + (totals.trashBytesStored ?? 0) > 0
      ? `of what is stored: ${formatBytes(totals.versionBytesStored ?? 0)} keeps previous versions, ${formatBytes(totals.trashBytesStored ?? 0)} the trash\n`
      : '';
  const unmeasured = (usage.measureProblems ?? []).map((p) => `not measured: ${p}\n`);
  return table + split.join('') + problems.join('') + unmeasured.join('') + total + retained;
}
