/** Sorting the listing: folders always come first, as in every file manager. */
import type { FileSummary, FolderListing } from '../../../../shared/api';

export type SortKey = 'name' | 'size' | 'date';
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

type Folder = FolderListing['folders'][number];

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' });

export function sortFolders(folders: Folder[], order: SortOrder): Folder[] {
  // Folders have no date of their own: a date sort keeps them by name.
  const compare = order.key === 'size' ? (a: Folder, b: Folder) => a.totalBytes - b.totalBytes || byName(a, b) : byName;
  const sorted = [...folders].sort(compare);
  return order.descending && order.key !== 'date' ? sorted.reverse() : sorted;
}

export function sortFiles(files: FileSummary[], order: SortOrder): FileSummary[] {
  const compare =
    order.key === 'size'
      ? (a: FileSummary, b: FileSummary) => a.size - b.size || byName(a, b)
      : order.key === 'date'
        ? (a: FileSummary, b: FileSummary) => a.storedAt - b.storedAt || byName(a, b)
        : byName;
  const sorted = [...files].sort(compare);
  return order.descending ? sorted.reverse() : sorted;
}

/** Clicking the current column flips it; a new column starts with what people expect first. */
export function nextOrder(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'name' };
}
