/**
 * The trash: deleting a file or a folder moves what it held (with the
 * previous versions of each file) out of the listing into one trash item,
 * restorable at its path until the trash lets go of it (emptied by the user,
 * or older than the trash's retention). Letting go returns the content no
 * other catalog entry references, for the caller to hand to the release hook.
 *
 * A restore whose path is taken meanwhile (a new file or folder there) does
 * not merge or overwrite: it comes back beside it as "name (restored)",
 * "name (restored 2)", … so nothing listed is ever replaced by a restore.
 */
import type { Catalog } from './catalog';
import { CatalogError } from './errors';
import { ROOT, descendantRange, nameOf, normalizeCatalogPath, parentOf, splitExtension } from './paths';
import { contentOf, deleteRetained, releasedOf, retainFile, selectRetained, type ReleasedFile } from './retained-rows';

export interface TrashItem {
  id: number;
  /** Where it was when deleted. */
  path: string;
  kind: 'file' | 'folder';
  deletedAt: number;
  /** Files it held (1 for a file). */
  fileCount: number;
  /** Their original size in bytes (plaintext), versions not included. */
  bytes: number;
  /** Previous versions of those files, in the trash with them. */
  versionCount: number;
  versionBytes: number;
}

interface TrashRow {
  id: number;
  path: string;
  kind: 'file' | 'folder';
  deleted_at: number;
  folders: string;
  files: number;
  bytes: number;
  versions: number;
  version_bytes: number;
}

const LIST_SQL = `
  SELECT t.id, t.path, t.kind, t.deleted_at, t.folders,
         COUNT(r.id) FILTER (WHERE r.role = 'current') AS files,
         COALESCE(SUM(r.size) FILTER (WHERE r.role = 'current'), 0) AS bytes,
         COUNT(r.id) FILTER (WHERE r.role = 'version') AS versions,
         COALESCE(SUM(r.size) FILTER (WHERE r.role = 'version'), 0) AS version_bytes
  FROM trash_items t LEFT JOIN retained_files r ON r.trash_item = t.id`;

function toItem(row: TrashRow): TrashItem {
  return {
    id: row.id,
    path: row.path,
    kind: row.kind,
    deletedAt: row.deleted_at,
    fileCount: row.files,
    bytes: row.bytes,
    versionCount: row.versions,
    versionBytes: row.version_bytes,
  };
}

function notFound(what: string): CatalogError {
  return new CatalogError('not_found', `${what}; refresh the view, it may have been restored or removed already.`);
}

function readItem(catalog: Catalog, id: number): TrashRow | undefined {
  return catalog.db.prepare<[number], TrashRow>(`${LIST_SQL} WHERE t.id = ? GROUP BY t.id`).get(id);
}

/** Newest first. */
export function listTrash(catalog: Catalog): TrashItem[] {
  return catalog.db.prepare<[], TrashRow>(`${LIST_SQL} GROUP BY t.id ORDER BY t.deleted_at DESC, t.id DESC`).all().map(toItem);
}

/** The newest trash item deleted from `path` (a restore by path means the last delete there). */
export function findTrashItem(catalog: Catalog, path: string): TrashItem | undefined {
  const normalized = normalizeCatalogPath(path);
  const row = catalog.db
    .prepare<[string], TrashRow>(`${LIST_SQL} WHERE t.path = ? GROUP BY t.id ORDER BY t.deleted_at DESC, t.id DESC LIMIT 1`)
    .get(normalized);
  return row ? toItem(row) : undefined;
}

/** Moves the file or folder at `path` (with everything below it and every previous version) to the trash, in one transaction. */
export function moveToTrash(catalog: Catalog, path: string): TrashItem {
  const target = normalizeCatalogPath(path);
  if (target === ROOT) throw new CatalogError('invalid_path', 'The root folder cannot be deleted; delete the files and folders inside it instead.');
  const db = catalog.db;
  const id = catalog.change(() => {
    const now = catalog.now();
    const file = db.prepare<[string], { id: number }>('SELECT id FROM files WHERE path = ?').get(target);
    if (file) {
      const itemId = insertItem(catalog, target, 'file', now, []);
      retainFile(db, file.id, { trashItem: itemId, role: 'current', at: now });
      db.prepare<[number, string]>('UPDATE retained_files SET trash_item = ? WHERE trash_item IS NULL AND path = ?').run(itemId, target);
      db.prepare<[number]>('DELETE FROM files WHERE id = ?').run(file.id);
      return itemId;
    }
    if (!catalog.folderExists(target)) throw new CatalogError('not_found', `${target} is not in your files; refresh the view, it may have been moved or deleted.`);
    const { above, below } = descendantRange(target);
    const folders = db
      .prepare<[string, string, string], { path: string }>('SELECT path FROM folders WHERE path = ? OR (path > ? AND path < ?) ORDER BY path')
      .all(target, above, below)
      .map((row) => row.path);
    const itemId = insertItem(catalog, target, 'folder', now, folders);
    for (const row of db.prepare<[string, string], { id: number }>('SELECT id FROM files WHERE path > ? AND path < ?').all(above, below)) {
      retainFile(db, row.id, { trashItem: itemId, role: 'current', at: now });
    }
    db.prepare<[number, string, string]>('UPDATE retained_files SET trash_item = ? WHERE trash_item IS NULL AND path > ? AND path < ?').run(itemId, above, below);
    db.prepare<[string, string]>('DELETE FROM files WHERE path > ? AND path < ?').run(above, below);
    db.prepare<[string, string, string]>('DELETE FROM folders WHERE path = ? OR (path > ? AND path < ?)').run(target, above, below);
    return itemId;
  });
  return toItem(readItem(catalog, id)!);
}

function insertItem(catalog: Catalog, path: string, kind: 'file' | 'folder', at: number, folders: string[]): number {
  return catalog.db
    .prepare<[string, string, number, string], { id: number }>('INSERT INTO trash_items (path, kind, deleted_at, folders) VALUES (?, ?, ?, ?) RETURNING id')
    .get(path, kind, at, JSON.stringify(folders))!.id;
}

/** Puts a trash item back at its path (or beside what took its place, see above); returns where it went. */
export function restoreFromTrash(catalog: Catalog, id: number): { item: TrashItem; restoredTo: string } {
  const db = catalog.db;
  return catalog.change(() => {
    const row = readItem(catalog, id);
    if (!row) throw notFound(`Nothing with id ${id} is in the trash`);
    const item = toItem(row);
    const restoredTo = freePath(catalog, item.path, item.kind);
    const moved = (path: string) => restoredTo + path.slice(item.path.length);
    for (const folder of JSON.parse(row.folders) as string[]) catalog.ensureFolder(moved(folder));
    const held = selectRetained(db, 'trash_item = ? ORDER BY id', id);
    for (const entry of held.filter((e) => e.role === 'current')) {
      catalog.insertFile(moved(entry.path), contentOf(entry));
    }
    const setPath = db.prepare<[string, number]>('UPDATE retained_files SET trash_item = NULL, path = ? WHERE id = ?');
    for (const entry of held.filter((e) => e.role === 'version')) setPath.run(moved(entry.path), entry.id);
    // What was listed is listed again: deleting its trash rows releases nothing.
    const remove = db.prepare<[number]>('DELETE FROM retained_files WHERE id = ?');
    for (const entry of held.filter((e) => e.role === 'current')) remove.run(entry.id);
    db.prepare<[number]>('DELETE FROM trash_items WHERE id = ?').run(id);
    return { item, restoredTo };
  });
}

/** `path` when nothing is listed there, else the first free "name (restored)", "name (restored 2)", … beside it. */
function freePath(catalog: Catalog, path: string, kind: 'file' | 'folder'): string {
  const taken = (candidate: string) =>
    catalog.folderExists(candidate) || catalog.db.prepare<[string], { id: number }>('SELECT id FROM files WHERE path = ?').get(candidate) !== undefined;
  if (!taken(path)) return path;
  const folder = parentOf(path);
  const name = nameOf(path);
  const [stem, extension] = kind === 'file' ? splitExtension(name) : [name, ''];
  for (let n = 1; ; n++) {
    const candidateName = `${stem} (restored${n === 1 ? '' : ` ${n}`})${extension}`;
    const candidate = normalizeCatalogPath(`${folder === ROOT ? '' : folder}/${candidateName}`);
    if (!taken(candidate)) return candidate;
  }
}

/** Lets go of trash items for good: 'all' (Empty trash), the ones listed, or those deleted before a time. */
export function releaseTrash(
  catalog: Catalog,
  which: 'all' | { ids: readonly number[] } | { deletedBefore: number },
): { removed: number; released: ReleasedFile[] } {
  const db = catalog.db;
  return catalog.change(
    () => {
      const ids =
        which === 'all'
          ? db.prepare<[], { id: number }>('SELECT id FROM trash_items').all().map((r) => r.id)
          : 'ids' in which
            ? [...which.ids]
            : db.prepare<[number], { id: number }>('SELECT id FROM trash_items WHERE deleted_at < ?').all(which.deletedBefore).map((r) => r.id);
      const held = ids.flatMap((id) => selectRetained(db, 'trash_item = ?', id));
      const released = deleteRetained(db, held);
      const removeItem = db.prepare<[number]>('DELETE FROM trash_items WHERE id = ?');
      let removed = 0;
      for (const id of ids) removed += removeItem.run(id).changes;
      return { released, removed };
    },
    (r) => r.removed > 0,
  );
}

/**
 * Deletes the file or folder at `path` without the trash: the entries, their
 * previous versions and (for a folder) the folders below go at once.
 */
export function removePermanently(catalog: Catalog, path: string): { removed: number; released: ReleasedFile[] } {
  const target = normalizeCatalogPath(path);
  if (target === ROOT) throw new CatalogError('invalid_path', 'The root folder cannot be deleted; delete the files and folders inside it instead.');
  const db = catalog.db;
  return catalog.change(() => {
    const isFile = db.prepare<[string], { id: number }>('SELECT id FROM files WHERE path = ?').get(target) !== undefined;
    if (!isFile && !catalog.folderExists(target)) throw new CatalogError('not_found', `${target} is not in your files; refresh the view, it may have been moved or deleted.`);
    const { above, below } = descendantRange(target);
    const entries = isFile
      ? [catalog.getFile(target)!]
      : db
          .prepare<[string, string], { id: number }>('SELECT id FROM files WHERE path > ? AND path < ?')
          .all(above, below)
          .map((row) => catalog.getFileById(row.id)!);
    const versions = isFile
      ? selectRetained(db, 'trash_item IS NULL AND path = ?', target)
      : selectRetained(db, 'trash_item IS NULL AND path > ? AND path < ?', above, below);
    const removeFile = db.prepare<[number]>('DELETE FROM files WHERE id = ?');
    for (const entry of entries) removeFile.run(entry.id);
    if (!isFile) db.prepare<[string, string, string]>('DELETE FROM folders WHERE path = ? OR (path > ? AND path < ?)').run(target, above, below);
    const releasedVersions = deleteRetained(db, versions);
    const releasedFiles = releasedOf(db, entries);
    const bySi = new Map([...releasedVersions, ...releasedFiles].map((r) => [r.storageIndex, r]));
    return { removed: entries.length, released: [...bySi.values()] };
  });
}
