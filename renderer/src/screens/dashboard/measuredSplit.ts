/**
 * What an account's measured bytes (counted on the backend, service/gc) are
 * for, as rows in plain words: the live files, earlier versions, the trash,
 * catalog backups, orphans (left by crashes; `raic gc` offers to remove them)
 * and shares already let go of whose space comes back soon.
 */
import type { Usage } from '../../../../shared/api';

export type Measured = NonNullable<Usage['accounts'][number]['measured']>;

export interface MeasuredRow {
  key: keyof Measured;
  label: string;
  bytes: number;
}

const ROWS: readonly { key: keyof Measured; label: string; always: boolean }[] = [
  { key: 'files', label: 'Files', always: true },
  { key: 'versions', label: 'Earlier versions', always: true },
  { key: 'trash', label: 'Trash', always: true },
  { key: 'catalogBackups', label: 'Catalog backups', always: true },
  { key: 'orphans', label: 'Left over (orphans)', always: true },
  // Shown only when there is some: released shares waiting for their lease to run out, usually briefly.
  { key: 'unreferenced', label: 'Being freed', always: false },
];

export function measuredRows(measured: Measured): MeasuredRow[] {
  return ROWS.filter((row) => row.always || measured[row.key] > 0).map((row) => ({ key: row.key, label: row.label, bytes: measured[row.key] }));
}
