/** A folder of the catalog as `raic ls` prints it: folders first (with a trailing '/'), then files. */
import type { FolderListing } from '../../shared/api';
import { formatBytes } from '../../shared/format-bytes';
import { renderTable } from './table';
import { formatTimestamp } from './time';

export function formatListing(listing: FolderListing, options: { long: boolean }): string {
  const folders = [...listing.folders].sort((a, b) => a.name.localeCompare(b.name));
  const files = [...listing.files].sort((a, b) => a.name.localeCompare(b.name));
  if (folders.length === 0 && files.length === 0) return `${listing.folder} is empty\n`;
  if (!options.long) {
    return renderTable(
      [...folders.map((f) => [formatBytes(f.totalBytes), `${f.name}/`]), ...files.map((f) => [formatBytes(f.size), f.name])],
      { alignRight: [0] },
    );
  }
  return renderTable(
    [
      ...folders.map((f) => ['-', formatBytes(f.totalBytes), '-', `${f.name}/`, `${f.fileCount} ${f.fileCount === 1 ? 'file' : 'files'}`]),
      ...files.map((f) => [f.health, formatBytes(f.size), formatTimestamp(f.storedAt), f.name, f.lastCheckSummary ?? '']),
    ],
    { header: ['HEALTH', 'SIZE', 'STORED', 'NAME', 'NOTE'], alignRight: [1] },
  );
}
