export { Catalog, type CatalogOptions } from './catalog';
export { CatalogError, type CatalogErrorCode } from './errors';
export { MAX_EVENTS } from './event-log';
export { MAX_NAME_BYTES, MAX_PATH_BYTES, normalizeCatalogPath } from './paths';
export { SCHEMA_VERSION } from './schema';
export { parseCatalogSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './snapshot';
export {
  FILE_HEALTHS,
  type AccountTotals,
  type CatalogSnapshot,
  type EventQuery,
  type EventSeverity,
  type FileEncoding,
  type FileEntry,
  type FileHealth,
  type FolderListing,
  type FolderSummary,
  type HealthEvent,
  type ImportOptions,
  type ImportResult,
  type NewFile,
  type NewHealthEvent,
  type SharePlacement,
  type SnapshotFile,
  type SnapshotRetainedFile,
  type SnapshotTrashItem,
} from './types';
export { listTrash, findTrashItem, moveToTrash, restoreFromTrash, releaseTrash, removePermanently, type TrashItem } from './trash';
export { storeWithVersion, listVersions, restoreVersion } from './versions';
export { applyRetention, DEFAULT_RETENTION, type RetentionRules } from './retention';
export { referencedStorageIndexes, retainedAccountTotals, retainedContent, retainedTotals, type RetainedAccountTotals } from './references';
export type { ReleasedFile, RetainedFile } from './retained-rows';
export { dropRetainedPlacementsOn, retainedOnAccount, setRetainedPlacements } from './retained-placements';
export { CommitBatcher, commitBatcherFor, type CommitBatcherOptions } from './commit-batcher';
export { withRelaxedSync } from './relaxed-sync';
