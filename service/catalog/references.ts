/**
 * What the catalog still holds on to, for garbage collection and usage: every
 * storage index a listed file, a previous version or the trash references
 * (catalog backups are the backup's own), and the bytes that versions and
 * the trash keep on each account.
 */
import type { Catalog } from './catalog';
import { selectRetained, type RetainedFile } from './retained-rows';

/** Sorted, without duplicates; literal files (no shares) have none. */
export function referencedStorageIndexes(catalog: Catalog): string[] {
  return catalog.db
    .prepare<[], { si: string }>(
      `SELECT storage_index AS si FROM files WHERE storage_index IS NOT NULL
       UNION SELECT storage_index FROM retained_files WHERE storage_index IS NOT NULL
       ORDER BY 1`,
    )
    .all()
    .map((row) => row.si);
}

export interface RetainedAccountTotals {
  versionShares: number;
  versionBytes: number;
  trashShares: number;
  trashBytes: number;
}

/**
 * Per account, the shares kept only for versions and for the trash (content
 * also listed as a current file is counted there, not again here).
 */
export function retainedAccountTotals(catalog: Catalog): Map<string, RetainedAccountTotals> {
  const rows = catalog.db
    .prepare<[], { account_id: string; in_trash: 0 | 1; shares: number; bytes: number }>(
      `SELECT p.account_id, r.trash_item IS NOT NULL AS in_trash, COUNT(*) AS shares, SUM(r.share_size) AS bytes
       FROM retained_placements p JOIN retained_files r ON r.id = p.retained_id
       WHERE r.storage_index IS NULL OR NOT EXISTS (SELECT 1 FROM files f WHERE f.storage_index = r.storage_index)
       GROUP BY 1, 2`,
    )
    .all();
  const totals = new Map<string, RetainedAccountTotals>();
  for (const row of rows) {
    const entry = totals.get(row.account_id) ?? { versionShares: 0, versionBytes: 0, trashShares: 0, trashBytes: 0 };
    if (row.in_trash) {
      entry.trashShares += row.shares;
      entry.trashBytes += row.bytes;
    } else {
      entry.versionShares += row.shares;
      entry.versionBytes += row.bytes;
    }
    totals.set(row.account_id, entry);
  }
  return totals;
}

/** Plaintext bytes of versions and of the trash, for the usage totals. */
export function retainedTotals(catalog: Catalog): { versionFiles: number; versionBytes: number; trashFiles: number; trashBytes: number } {
  const row = catalog.db
    .prepare<[], { vf: number; vb: number; tf: number; tb: number }>(
      `SELECT COUNT(*) FILTER (WHERE trash_item IS NULL) AS vf, COALESCE(SUM(size) FILTER (WHERE trash_item IS NULL), 0) AS vb,
              COUNT(*) FILTER (WHERE trash_item IS NOT NULL) AS tf, COALESCE(SUM(size) FILTER (WHERE trash_item IS NOT NULL), 0) AS tb
       FROM retained_files`,
    )
    .get()!;
  return { versionFiles: row.vf, versionBytes: row.vb, trashFiles: row.tf, trashBytes: row.tb };
}

/** Content kept without being listed and holding shares: earlier versions of listed paths, or what is in the trash. */
export function retainedContent(catalog: Catalog, kind: 'versions' | 'trash'): RetainedFile[] {
  return kind === 'trash'
    ? selectRetained(catalog.db, 'trash_item IS NOT NULL AND storage_index IS NOT NULL')
    : selectRetained(catalog.db, 'trash_item IS NULL AND storage_index IS NOT NULL');
}
