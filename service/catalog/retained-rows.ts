/**
 * Reading and writing the rows of `retained_files` (previous versions and
 * the trash, see retained-schema.ts): copying a listed file into them,
 * reading them back with their placements, and deleting them while telling
 * the caller which storage indexes nothing in the catalog references any more.
 */
import type { Database, Statement } from './sqlite';
import { comparePlacements } from './file-record';
import type { FileContent, FileEncoding, SharePlacement } from './types';

export type RetainedRole = 'current' | 'version';

export interface RetainedFile {
  id: number;
  /** The trash item it belongs to; null for a previous version of a listed file. */
  trashItem: number | null;
  /** 'current': what was listed when it went to the trash; 'version': an earlier content of the path. */
  role: RetainedRole;
  /** The path it had (a version: its file's path, following moves). */
  path: string;
  size: number;
  cap: string;
  verifyCap: string | null;
  storageIndex: string | null;
  encoding: FileEncoding;
  shareSize: number;
  sourceModifiedAt: number | null;
  storedAt: number;
  /** When it stopped being listed: replaced by a new upload, or deleted. */
  retainedAt: number;
  placements: SharePlacement[];
}

/**
 * Content whose last catalog reference went: the garbage-collection side may
 * free its shares (it must still check its own leases and other clients').
 */
export interface ReleasedFile {
  storageIndex: string;
  cap: string;
  shareSize: number;
  /** Where the catalog last knew its shares to be (merged over the released entries). */
  placements: SharePlacement[];
}

interface RetainedRow {
  id: number;
  trash_item: number | null;
  role: RetainedRole;
  path: string;
  size: number;
  cap: string;
  verify_cap: string | null;
  storage_index: string | null;
  needed: number;
  happy: number;
  total: number;
  segment_size: number;
  share_size: number;
  source_modified_at: number | null;
  stored_at: number;
  retained_at: number;
}

const statementCache = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  return {
    copyFile: db.prepare<[number | null, RetainedRole, number, number], { id: number }>(`
      INSERT INTO retained_files (trash_item, role, path, size, cap, verify_cap, storage_index, needed, happy, total,
                                  segment_size, share_size, source_modified_at, stored_at, retained_at)
      SELECT ?, ?, path, size, cap, verify_cap, storage_index, needed, happy, total,
             segment_size, share_size, source_modified_at, stored_at, ?
      FROM files WHERE id = ?
      RETURNING id`),
    copyPlacements: db.prepare<[number, number]>(
      'INSERT INTO retained_placements (retained_id, account_id, share_number) SELECT ?, account_id, share_number FROM placements WHERE file_id = ?',
    ),
    placementsOf: db.prepare<[number], { account_id: string; share_number: number }>(
      'SELECT account_id, share_number FROM retained_placements WHERE retained_id = ?',
    ),
    deleteById: db.prepare<[number]>('DELETE FROM retained_files WHERE id = ?'),
    stillReferenced: db.prepare<[string, string], { found: 1 }>(
      'SELECT 1 AS found WHERE EXISTS (SELECT 1 FROM files WHERE storage_index = ?) OR EXISTS (SELECT 1 FROM retained_files WHERE storage_index = ?)',
    ),
  };
}

export function retainedStatements(db: Database): ReturnType<typeof prepare> {
  let statements = statementCache.get(db);
  if (!statements) statementCache.set(db, (statements = prepare(db)));
  return statements;
}

/** Copies a listed file (with its placements) into retained_files; the caller deletes the files row. */
export function retainFile(db: Database, fileId: number, where: { trashItem: number | null; role: RetainedRole; at: number }): number {
  const sql = retainedStatements(db);
  const { id } = sql.copyFile.get(where.trashItem, where.role, where.at, fileId)!;
  sql.copyPlacements.run(id, fileId);
  return id;
}

const selectCache = new WeakMap<Database, Map<string, Statement<unknown[], RetainedRow>>>();

/** Retained files matching a fixed SQL condition (a literal from this folder; values as parameters). */
export function selectRetained(db: Database, condition: string, ...params: unknown[]): RetainedFile[] {
  let byCondition = selectCache.get(db);
  if (!byCondition) selectCache.set(db, (byCondition = new Map()));
  let statement = byCondition.get(condition);
  if (!statement) byCondition.set(condition, (statement = db.prepare<unknown[], RetainedRow>(`SELECT * FROM retained_files WHERE ${condition}`)));
  const sql = retainedStatements(db);
  return statement.all(...params).map((row) => {
    const placements = sql.placementsOf.all(row.id).map((p) => ({ accountId: p.account_id, shareNumber: p.share_number }));
    return toRetained(row, placements.sort(comparePlacements));
  });
}

function toRetained(row: RetainedRow, placements: SharePlacement[]): RetainedFile {
  return {
    id: row.id,
    trashItem: row.trash_item,
    role: row.role,
    path: row.path,
    size: row.size,
    cap: row.cap,
    verifyCap: row.verify_cap,
    storageIndex: row.storage_index,
    encoding: { needed: row.needed, happy: row.happy, total: row.total, segmentSize: row.segment_size },
    shareSize: row.share_size,
    sourceModifiedAt: row.source_modified_at,
    storedAt: row.stored_at,
    retainedAt: row.retained_at,
    placements,
  };
}

/** What a retained file needs to be listed again (its check results start over). */
export function contentOf(file: RetainedFile): FileContent {
  return {
    size: file.size,
    cap: file.cap,
    verifyCap: file.verifyCap,
    storageIndex: file.storageIndex,
    encoding: file.encoding,
    shareSize: file.shareSize,
    sourceModifiedAt: file.sourceModifiedAt,
    placements: file.placements,
    storedAt: file.storedAt,
    health: 'unknown',
  };
}

/**
 * Of these gone entries, the content nothing in the catalog (files, versions,
 * trash) references any more, one per storage index. Call inside the
 * transaction that deleted them. Literal files (no storage index) hold no shares.
 */
export function releasedOf(db: Database, gone: readonly Pick<RetainedFile, 'storageIndex' | 'cap' | 'shareSize' | 'placements'>[]): ReleasedFile[] {
  const sql = retainedStatements(db);
  const bySi = new Map<string, ReleasedFile>();
  for (const entry of gone) {
    if (entry.storageIndex === null) continue;
    const known = bySi.get(entry.storageIndex);
    if (known) {
      const seen = new Set(known.placements.map((p) => `${p.accountId}/${p.shareNumber}`));
      for (const p of entry.placements) if (!seen.has(`${p.accountId}/${p.shareNumber}`)) known.placements.push(p);
      continue;
    }
    bySi.set(entry.storageIndex, { storageIndex: entry.storageIndex, cap: entry.cap, shareSize: entry.shareSize, placements: [...entry.placements] });
  }
  return [...bySi.values()]
    .filter((released) => !sql.stillReferenced.get(released.storageIndex, released.storageIndex))
    .map((released) => ({ ...released, placements: released.placements.sort(comparePlacements) }));
}

/** Deletes retained rows (their placements go by cascade) and returns what they released. */
export function deleteRetained(db: Database, entries: readonly RetainedFile[]): ReleasedFile[] {
  const sql = retainedStatements(db);
  for (const entry of entries) sql.deleteById.run(entry.id);
  return releasedOf(db, entries);
}
