/** The grid's state at a glance, for `raic status`. */
import type { GridStatus } from '../../shared/api';
import { formatBytes } from '../../shared/format-bytes';
import { formatTimestamp } from './time';

export function formatStatus(status: GridStatus): string {
  const { encoding, files, recovery, secretStore } = status;
  const lines = [
    `grid health:      ${status.health}`,
    `data dir:         ${status.dataDir}`,
    `encoding:         ${encoding.needed}-of-${encoding.total} (any ${encoding.needed} of ${encoding.total} shares rebuild a file), happy ${encoding.happy}, segments of ${formatBytes(encoding.maxSegmentSize)}`,
    `files:            ${files.count} (${formatBytes(files.bytes)})`,
    `active jobs:      ${status.activeJobs}`,
    `secret store:     ${secretStore.kind}: ${secretStore.description}`,
    `recovery backup:  ${describeRecoveryBackup(recovery)}`,
    `accounts (${status.accounts.length}):`,
  ];
  if (status.accounts.length === 0) lines.push('  none; add one with raic account add');
  const width = Math.max(0, ...status.accounts.map((a) => [...a.name].length));
  for (const account of status.accounts) {
    lines.push(`  ${account.name.padEnd(width)}  ${account.status}${account.problem ? `: ${account.problem}` : ''}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

function describeRecoveryBackup(recovery: GridStatus['recovery']): string {
  const published = recovery.lastPublishedAt === null ? 'not published yet' : `last published ${formatTimestamp(recovery.lastPublishedAt)} (#${recovery.seq})`;
  return recovery.problem ? `${published}; problem: ${recovery.problem}` : published;
}
