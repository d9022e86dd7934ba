/**
 * Where the shares of earlier versions and trash items are, per account: what
 * account removal needs to move them off an account (and record where they
 * went) like it does for listed files, so removing an account does not
 * silently weaken or lose content the user can still restore.
 */
import type { Catalog } from './catalog';
import { checkPlacements, sortedPlacements } from './file-record';
import { selectRetained, type RetainedFile } from './retained-rows';
import type { SharePlacement } from './types';

/** Versions and trash entries holding at least one share on the account, by path. */
export function retainedOnAccount(catalog: Catalog, accountId: string): RetainedFile[] {
  return selectRetained(catalog.db, 'id IN (SELECT retained_id FROM retained_placements WHERE account_id = ?) ORDER BY path, id', accountId);
}

/**
 * Records where the shares of a storage index now are, for every version and
 * trash entry of it (the same content shares the same shares). Returns how
 * many entries changed.
 */
export function setRetainedPlacements(catalog: Catalog, storageIndex: string, placements: readonly SharePlacement[]): number {
  const db = catalog.db;
  return catalog.change(
    () => {
      const entries = selectRetained(db, 'storage_index = ?', storageIndex);
      const remove = db.prepare<[number]>('DELETE FROM retained_placements WHERE retained_id = ?');
      const insert = db.prepare<[number, string, number]>('INSERT INTO retained_placements (retained_id, account_id, share_number) VALUES (?, ?, ?)');
      for (const entry of entries) {
        checkPlacements(placements, entry.encoding.total, entry.path);
        remove.run(entry.id);
        for (const p of sortedPlacements(placements)) insert.run(entry.id, p.accountId, p.shareNumber);
      }
      return entries.length;
    },
    (changed) => changed > 0,
  );
}

/** Forgets the shares versions and trash entries had on an account that is gone. */
export function dropRetainedPlacementsOn(catalog: Catalog, accountId: string): number {
  return catalog.change(
    () => catalog.db.prepare<[string]>('DELETE FROM retained_placements WHERE account_id = ?').run(accountId).changes,
    (changed) => changed > 0,
  );
}
