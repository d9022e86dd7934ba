/** The trash and a file's previous versions, as `raic trash list` and `raic versions` print them. */
import type { FileVersion, TrashListing } from '../../shared/api';
import { formatBytes } from '../../shared/format-bytes';
import { renderTable } from './table';
import { formatTimestamp } from './time';

export function formatTrash(listing: TrashListing): string {
  const rule = `Deleted items stay ${listing.retention.trashDays} days, then their space is freed.\n`;
  if (listing.items.length === 0) return `The trash is empty.\n${rule}`;
  const table = renderTable(
    listing.items.map((item) => [
      formatTimestamp(item.deletedAt),
      formatBytes(item.bytes + item.versionBytes),
      item.kind === 'folder' ? `${item.path}/` : item.path,
      [
        item.kind === 'folder' ? `${item.fileCount} ${item.fileCount === 1 ? 'file' : 'files'}` : '',
        item.versionCount > 0 ? `${item.versionCount} earlier ${item.versionCount === 1 ? 'version' : 'versions'}` : '',
      ]
        .filter(Boolean)
        .join(', '),
      formatTimestamp(item.expiresAt),
    ]),
    { header: ['DELETED', 'SIZE', 'PATH', 'HOLDS', 'FREED'], alignRight: [1] },
  );
  return table + rule;
}

export function formatVersions(path: string, versions: readonly FileVersion[]): string {
  if (versions.length === 0) return `${path} has no earlier versions.\n`;
  return renderTable(
    versions.map((version) => [String(version.id), formatBytes(version.size), formatTimestamp(version.storedAt), formatTimestamp(version.replacedAt)]),
    { header: ['VERSION', 'SIZE', 'STORED', 'REPLACED'], alignRight: [0, 1] },
  );
}
