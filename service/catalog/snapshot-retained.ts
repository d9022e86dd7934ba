/**
 * The trash and earlier versions in the recovery snapshot (version 2): without
 * them a restore would forget them, and their shares would become orphans
 * that nothing renews or releases.
 *
 * Importing twice must not double them: an earlier version already kept for
 * the same path with the same cap, or a trash item already there from the
 * same delete (same path and time), is skipped. Versions of a path whose
 * listed file was kept (an import that skips what is already listed) still
 * come in, as earlier versions of it: nothing the backup kept is dropped.
 */
import type { Database } from './sqlite';
import { sortedPlacements } from './file-record';
import { selectRetained, type RetainedFile } from './retained-rows';
import type { CatalogSnapshot, SharePlacement, SnapshotRetainedFile, SnapshotTrashItem } from './types';

function portable(file: RetainedFile): SnapshotRetainedFile {
  return {
    path: file.path,
    size: file.size,
    cap: file.cap,
    verifyCap: file.verifyCap,
    storageIndex: file.storageIndex,
    encoding: file.encoding,
    shareSize: file.shareSize,
    sourceModifiedAt: file.sourceModifiedAt,
    storedAt: file.storedAt,
    retainedAt: file.retainedAt,
    placements: file.placements,
  };
}

/** The versions and trash of a snapshot; call inside the export's transaction. */
export function exportRetained(db: Database): Pick<CatalogSnapshot, 'versions' | 'trash'> {
  const versions = selectRetained(db, 'trash_item IS NULL ORDER BY path, retained_at, id').map(portable);
  const items = db
    .prepare<[], { id: number; path: string; kind: 'file' | 'folder'; deleted_at: number; folders: string }>(
      'SELECT id, path, kind, deleted_at, folders FROM trash_items ORDER BY deleted_at, id',
    )
    .all();
  const trash = items.map(
    (item): SnapshotTrashItem => ({
      path: item.path,
      kind: item.kind,
      deletedAt: item.deleted_at,
      folders: JSON.parse(item.folders) as string[],
      files: selectRetained(db, 'trash_item = ? ORDER BY id', item.id).map((file) => ({ ...portable(file), role: file.role })),
    }),
  );
  return { versions, trash };
}

type MapPlacements = (placements: readonly SharePlacement[]) => SharePlacement[];

/** Adds a checked snapshot's versions and trash items; call inside the import's transaction. */
export function importRetained(db: Database, snapshot: Pick<CatalogSnapshot, 'versions' | 'trash'>, mapPlacements: MapPlacements): { versions: number; trashItems: number } {
  const sql = prepare(db);
  let versions = 0;
  for (const version of snapshot.versions) {
    if (sql.versionKept.get(version.path, version.cap)) continue;
    insertRetained(sql, version, null, 'version', mapPlacements);
    versions++;
  }
  let trashItems = 0;
  for (const item of snapshot.trash) {
    if (sql.trashItemKept.get(item.path, item.deletedAt)) continue;
    const { id } = sql.insertItem.get(item.path, item.kind, item.deletedAt, JSON.stringify(item.folders))!;
    for (const file of item.files) insertRetained(sql, file, id, file.role, mapPlacements);
    trashItems++;
  }
  return { versions, trashItems };
}

function insertRetained(
  sql: ReturnType<typeof prepare>,
  file: SnapshotRetainedFile,
  trashItem: number | null,
  role: 'current' | 'version',
  mapPlacements: MapPlacements,
): void {
  const { id } = sql.insertFile.get({
    trashItem,
    role,
    path: file.path,
    size: file.size,
    cap: file.cap,
    verifyCap: file.verifyCap,
    storageIndex: file.storageIndex,
    needed: file.encoding.needed,
    happy: file.encoding.happy,
    total: file.encoding.total,
    segmentSize: file.encoding.segmentSize,
    shareSize: file.shareSize,
    sourceModifiedAt: file.sourceModifiedAt,
    storedAt: file.storedAt,
    retainedAt: file.retainedAt,
  })!;
  for (const placement of sortedPlacements(mapPlacements(file.placements))) sql.insertPlacement.run(id, placement.accountId, placement.shareNumber);
}

function prepare(db: Database) {
  return {
    versionKept: db.prepare<[string, string], { found: 1 }>('SELECT 1 AS found FROM retained_files WHERE trash_item IS NULL AND path = ? AND cap = ?'),
    trashItemKept: db.prepare<[string, number], { found: 1 }>('SELECT 1 AS found FROM trash_items WHERE path = ? AND deleted_at = ?'),
    insertItem: db.prepare<[string, string, number, string], { id: number }>(
      'INSERT INTO trash_items (path, kind, deleted_at, folders) VALUES (?, ?, ?, ?) RETURNING id',
    ),
    insertFile: db.prepare<[Record<string, string | number | null>], { id: number }>(`
      INSERT INTO retained_files (trash_item, role, path, size, cap, verify_cap, storage_index, needed, happy, total,
                                  segment_size, share_size, source_modified_at, stored_at, retained_at)
      VALUES (@trashItem, @role, @path, @size, @cap, @verifyCap, @storageIndex, @needed, @happy, @total,
              @segmentSize, @shareSize, @sourceModifiedAt, @storedAt, @retainedAt)
      RETURNING id`),
    insertPlacement: db.prepare<[number, string, number]>('INSERT INTO retained_placements (retained_id, account_id, share_number) VALUES (?, ?, ?)'),
  };
}
