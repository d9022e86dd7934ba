/** How `raic get` shows a folder restore: one progress line, a summary and the files that could not be read. */
import { formatBytes } from '../../shared/format-bytes';
import type { RestoreFolderResult, RestoreProgress } from '../../service/files/restore-folder';
import { formatRate } from './bytes';
import { formatDuration } from './time';

/** "12/40 files (35 files/s), 3.0 MiB of 9.5 MiB, 4.2 MiB/s, 2s left" */
export function formatRestoreProgress(progress: RestoreProgress): string {
  const filesRate = progress.filesRate === null ? '' : ` (${progress.filesRate >= 10 ? Math.round(progress.filesRate) : progress.filesRate.toFixed(1)} files/s)`;
  const parts = [
    `${progress.filesDone}/${progress.filesTotal} files${filesRate}`,
    `${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}`,
  ];
  if (progress.rate !== null) parts.push(formatRate(progress.rate));
  if (progress.etaSeconds !== null) parts.push(`${formatDuration(progress.etaSeconds)} left`);
  return parts.join(', ');
}

export function formatRestoreSummary(result: RestoreFolderResult): string {
  const lines = [`Restored ${result.restored} of ${result.filesTotal} file${result.filesTotal === 1 ? '' : 's'} (${formatBytes(result.bytesRestored)}) into ${result.destination}.`];
  if (result.identical > 0) lines.push(`${result.identical} already there and identical: left as they were.`);
  if (result.keptDifferent > 0) lines.push(`${result.keptDifferent} different at the destination: kept (--skip).`);
  return `${lines.join('\n')}\n`;
}

export function formatRestoreFailures(result: RestoreFolderResult): string {
  if (result.failed.length === 0) return '';
  const lines = result.failed.map((failure) => `  ${failure.path}: ${failure.error}`);
  return `${result.failed.length} file${result.failed.length === 1 ? '' : 's'} could not be restored (the others were):\n${lines.join('\n')}\nCheck them with \`raic check\`; a repair may bring them back once enough accounts are reachable.\n`;
}
