/**
 * How long the catalog keeps what is no longer listed, and letting go of
 * what is past it. Versions: the newest `keepVersions` of each path and any
 * younger than `versionDays` stay (whichever keeps more). Trash: items
 * deleted more than `trashDays` ago go, with the versions inside them.
 */
import type { Catalog } from './catalog';
import { deleteRetained, selectRetained, type ReleasedFile } from './retained-rows';
import { releaseTrash } from './trash';

export interface RetentionRules {
  trashDays: number;
  keepVersions: number;
  versionDays: number;
}

export const DEFAULT_RETENTION: RetentionRules = { trashDays: 30, keepVersions: 10, versionDays: 30 };

const DAY_MS = 24 * 60 * 60 * 1000;

/** Applies the rules now; returns the content whose last reference went. */
export function applyRetention(catalog: Catalog, rules: RetentionRules): ReleasedFile[] {
  const now = catalog.now();
  const { released: fromTrash } = releaseTrash(catalog, { deletedBefore: now - rules.trashDays * DAY_MS });
  const fromVersions = catalog.change(
    () => {
      const expired = selectRetained(
        catalog.db,
        `id IN (SELECT id FROM (
           SELECT id, retained_at, ROW_NUMBER() OVER (PARTITION BY path ORDER BY retained_at DESC, id DESC) AS newer
           FROM retained_files WHERE trash_item IS NULL)
         WHERE newer > ? AND retained_at < ?)`,
        rules.keepVersions,
        now - rules.versionDays * DAY_MS,
      );
      return { expired: expired.length, released: deleteRetained(catalog.db, expired) };
    },
    (result) => result.expired > 0,
  );
  return [...fromTrash, ...fromVersions.released];
}
