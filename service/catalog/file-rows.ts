/**
 * Reading file entries: one query for the files and one for all their
 * placements, whatever the selection, so listing 10 000 files costs two
 * statements rather than 10 001.
 */
import type { Database, Statement } from './sqlite';
import { comparePlacements, sortedPlacements } from './file-record';
import { nameOf, parentOf } from './paths';
import type { FileContent, FileEntry, FileHealth, SharePlacement } from './types';

interface FileRow {
  id: number;
  path: string;
  folder: string;
  name: string;
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
  health: FileHealth;
  last_checked_at: number | null;
  last_check_summary: string | null;
}

interface PlacementRow {
  file_id: number;
  account_id: string;
  share_number: number;
}

function toEntry(row: FileRow, placements: SharePlacement[]): FileEntry {
  return {
    id: row.id,
    path: row.path,
    name: row.name,
    folder: row.folder,
    size: row.size,
    cap: row.cap,
    verifyCap: row.verify_cap,
    storageIndex: row.storage_index,
    encoding: { needed: row.needed, happy: row.happy, total: row.total, segmentSize: row.segment_size },
    shareSize: row.share_size,
    sourceModifiedAt: row.source_modified_at,
    storedAt: row.stored_at,
    placements: placements.sort(comparePlacements),
    health: row.health,
    lastCheckedAt: row.last_checked_at,
    lastCheckSummary: row.last_check_summary,
  };
}

/** The entry a file row reads back as right after Catalog.insertFile wrote it (never checked yet). */
export function insertedEntry(id: number, path: string, content: FileContent): FileEntry {
  return {
    id,
    path,
    name: nameOf(path),
    folder: parentOf(path),
    size: content.size,
    cap: content.cap,
    verifyCap: content.verifyCap,
    storageIndex: content.storageIndex,
    encoding: { needed: content.encoding.needed, happy: content.encoding.happy, total: content.encoding.total, segmentSize: content.encoding.segmentSize },
    shareSize: content.shareSize,
    sourceModifiedAt: content.sourceModifiedAt ?? null,
    storedAt: content.storedAt,
    placements: sortedPlacements(content.placements),
    health: content.health,
    lastCheckedAt: null,
    lastCheckSummary: null,
  };
}

interface Selection {
  files: Statement<unknown[], FileRow>;
  placements: Statement<unknown[], PlacementRow>;
}

export class FileReader {
  private readonly selections = new Map<string, Selection>();

  constructor(private readonly db: Database) {}

  /**
   * Files matching a fixed SQL condition on the files table (only ever a
   * literal from this folder; values go in as parameters).
   */
  select(condition: string, ...params: unknown[]): FileEntry[] {
    const selection = this.prepare(condition);
    const byFile = new Map<number, SharePlacement[]>();
    for (const row of selection.placements.iterate(...params)) {
      let list = byFile.get(row.file_id);
      if (!list) byFile.set(row.file_id, (list = []));
      list.push({ accountId: row.account_id, shareNumber: row.share_number });
    }
    return selection.files.all(...params).map((row) => toEntry(row, byFile.get(row.id) ?? []));
  }

  selectOne(condition: string, ...params: unknown[]): FileEntry | undefined {
    return this.select(condition, ...params)[0];
  }

  private prepare(condition: string): Selection {
    let selection = this.selections.get(condition);
    if (!selection) {
      selection = {
        files: this.db.prepare<unknown[], FileRow>(`SELECT * FROM files WHERE ${condition}`),
        placements: this.db.prepare<unknown[], PlacementRow>(
          `SELECT file_id, account_id, share_number FROM placements WHERE file_id IN (SELECT id FROM files WHERE ${condition})`,
        ),
      };
      this.selections.set(condition, selection);
    }
    return selection;
  }
}
