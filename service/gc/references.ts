/**
 * What the grid still needs: every storage index a catalog entry references,
 * by category. Usage splits bytes along these categories, lease renewal
 * renews exactly these, and a release or collection never touches them.
 *
 * Extension point: each category is a ReferenceSource. Live files
 * (catalogFileReferences), versions and the trash (catalogRetainedReferences)
 * come from the catalog; catalog backups from the backup history
 * (catalog-backups.ts).
 */
import { retainedContent, type Catalog, type SharePlacement } from '../catalog';

export const REFERENCE_CATEGORIES = ['files', 'versions', 'trash', 'catalogBackups'] as const;
export type ReferenceCategory = (typeof REFERENCE_CATEGORIES)[number];

export interface StorageIndexReference {
  /** Base32 storage index. */
  storageIndex: string;
  category: ReferenceCategory;
  /** Where its shares were last known to be; empty when unknown (then every account is asked). */
  placements: readonly SharePlacement[];
}

export interface ReferenceSource {
  category: ReferenceCategory;
  list(): Iterable<StorageIndexReference>;
  /** Changes whenever list() would answer differently (the catalog's revision), so answers can be cached. */
  revision(): number;
}

/** Live files of the catalog (literal files have no storage index and are skipped). */
export function catalogFileReferences(catalog: Catalog): ReferenceSource {
  return {
    category: 'files',
    revision: () => catalog.revision(),
    *list() {
      for (const file of catalog.allFiles()) {
        if (file.storageIndex) yield { storageIndex: file.storageIndex, category: 'files', placements: file.placements };
      }
    },
  };
}

/**
 * Content the catalog keeps without listing it (service/catalog/retained-rows.ts):
 * earlier versions of listed paths, and what sits in the trash. Both bump the
 * catalog's revision when they change, so the same revision caches them.
 */
export function catalogRetainedReferences(catalog: Catalog, category: 'versions' | 'trash'): ReferenceSource {
  return {
    category,
    revision: () => catalog.revision(),
    *list() {
      for (const kept of retainedContent(catalog, category)) {
        yield { storageIndex: kept.storageIndex!, category, placements: kept.placements };
      }
    },
  };
}

/**
 * All references of a grid, from its sources, cached until a source's
 * revision moves. A storage index in several categories (the same content at
 * two paths, or in a file and its trash) is listed once per category.
 */
export class ReferenceIndex {
  private cached: { key: string; byIndex: Map<string, StorageIndexReference[]> } | undefined;

  constructor(private readonly sources: () => readonly ReferenceSource[]) {}

  private current(): Map<string, StorageIndexReference[]> {
    const sources = this.sources();
    const key = sources.map((s) => `${s.category}:${s.revision()}`).join('|');
    if (this.cached?.key === key) return this.cached.byIndex;
    const byIndex = new Map<string, StorageIndexReference[]>();
    for (const source of sources) {
      for (const reference of source.list()) byIndex.set(reference.storageIndex, [...(byIndex.get(reference.storageIndex) ?? []), reference]);
    }
    this.cached = { key, byIndex };
    return byIndex;
  }

  isReferenced(storageIndex: string): boolean {
    return this.current().has(storageIndex);
  }

  /** Every referenced storage index with its references. */
  all(): Map<string, StorageIndexReference[]> {
    return this.current();
  }

  /** The category usage counts a storage index under: live files first, then versions, trash, catalog backups. */
  categoryOf(storageIndex: string): ReferenceCategory | undefined {
    const categories = new Set((this.current().get(storageIndex) ?? []).map((r) => r.category));
    return REFERENCE_CATEGORIES.find((category) => categories.has(category));
  }
}
