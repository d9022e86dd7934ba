/**
 * Reading file entries: one query for the files and one for all their
 * placements, whatever the selection, so listing 10 000 files costs two
 * statements rather than 10 001.
 */
import type { Database, Statement } from './sqlite';
import { comparePlacements, sortedPlacements } from './file-record';
import { nameOf, parentOf } from './paths';
import type { FileContent, FileEntry, FileHealth, SharePlacement } from './types';

/**
 * The columns of `files` in the order FILE_COLUMNS lists them: rows are read
 * as arrays (Statement.raw), about half the cost of the binding's row objects
 * when a derivation reads every file.
 */
type FileRow = [
  id: number,
  path: string,
  folder: string,
  name: string,
  size: number,
  cap: string,
  verifyCap: string | null,
  storageIndex: string | null,
  needed: number,
  happy: number,
  total: number,
  segmentSize: number,
  shareSize: number,
  sourceModifiedAt: number | null,
  storedAt: number,
  health: FileHealth,
  lastCheckedAt: number | null,
  lastCheckSummary: string | null,
];

const FILE_COLUMNS =
  'id, path, folder, name, size, cap, verify_cap, storage_index, needed, happy, total, segment_size, share_size, source_modified_at, stored_at, health, last_checked_at, last_check_summary';

type PlacementRow = [fileId: number, accountId: string, shareNumber: number];

function toEntry(row: FileRow, placements: SharePlacement[]): FileEntry {
  return {
    id: row[0],
    path: row[1],
    name: row[3],
    folder: row[2],
    size: row[4],
    cap: row[5],
    verifyCap: row[6],
    storageIndex: row[7],
    encoding: { needed: row[8], happy: row[9], total: row[10], segmentSize: row[11] },
    shareSize: row[12],
    sourceModifiedAt: row[13],
    storedAt: row[14],
    placements: placements.length > 1 ? placements.sort(comparePlacements) : placements,
    health: row[15],
    lastCheckedAt: row[16],
    lastCheckSummary: row[17],
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
    for (const [fileId, accountId, shareNumber] of selection.placements.all(...params)) {
      let list = byFile.get(fileId);
      if (!list) byFile.set(fileId, (list = []));
      list.push({ accountId, shareNumber });
    }
    return selection.files.all(...params).map((row) => toEntry(row, byFile.get(row[0]) ?? []));
  }

  selectOne(condition: string, ...params: unknown[]): FileEntry | undefined {
    return this.select(condition, ...params)[0];
  }

  private prepare(condition: string): Selection {
    let selection = this.selections.get(condition);
    if (!selection) {
      // The files' order does not matter to their placements; every file's placements are the whole table.
      const filter = condition.replace(/ ORDER BY [^)]*$/, '');
      selection = {
        files: this.db.prepare<unknown[]>(`SELECT ${FILE_COLUMNS} FROM files WHERE ${condition}`).raw<FileRow>(),
        placements: this.db
          .prepare<unknown[]>(
            filter === '1'
              ? 'SELECT file_id, account_id, share_number FROM placements'
              : `SELECT file_id, account_id, share_number FROM placements WHERE file_id IN (SELECT id FROM files WHERE ${filter})`,
          )
          .raw<PlacementRow>(),
      };
      this.selections.set(condition, selection);
    }
    return selection;
  }
}
