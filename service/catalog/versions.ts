/**
 * Previous versions: a new upload to a listed path keeps what was there as a
 * version of that path (unless the content is the same: the same cap is not
 * a new version), and a version can be made current again. Old versions go
 * by the retention rules (./retention).
 */
import type { Catalog } from './catalog';
import { CatalogError } from './errors';
import { checkNewFile } from './file-record';
import { insertedEntry } from './file-rows';
import { normalizeFilePath } from './paths';
import { contentOf, releasedOf, retainFile, selectRetained, type ReleasedFile, type RetainedFile } from './retained-rows';
import type { FileEntry, NewFile } from './types';

/**
 * Lists a newly stored file at its path; what it replaces becomes a version,
 * or with `keepVersion: false` (re-encoding: the same content in another
 * encoding) is let go of, returned in `released` when nothing else references
 * it. One transaction.
 */
export function storeWithVersion(
  catalog: Catalog,
  file: NewFile,
  options: { keepVersion?: boolean } = {},
): { entry: FileEntry; keptVersion: boolean; released: ReleasedFile[] } {
  const path = normalizeFilePath(file.path);
  checkNewFile(file, path);
  const db = catalog.db;
  const { entry, keptVersion, released } = catalog.change(() => {
    const now = catalog.now();
    // A new path (the common case: a folder of new photos) costs one statement (pathState), not a read of a file and its placements;
    // insertFile takes the same answer about the path and its folder.
    const state = catalog.pathState(path);
    const existing = state.fileId === undefined ? undefined : catalog.getFileById(state.fileId);
    const changed = existing !== undefined && existing.cap !== file.cap;
    const keptVersion = changed && options.keepVersion !== false;
    if (existing && keptVersion) retainFile(db, existing.id, { trashItem: null, role: 'version', at: now });
    if (existing) db.prepare<[number]>('DELETE FROM files WHERE id = ?').run(existing.id);
    const content = { ...file, storedAt: now, health: file.health ?? 'unknown' } as const;
    const id = catalog.insertFile(path, content, state);
    const released = existing && changed && !keptVersion ? releasedOf(db, [existing]) : [];
    // The entry as written, not read back.
    return { entry: insertedEntry(id, path, content), keptVersion, released };
  });
  return { entry, keptVersion, released };
}

/** The previous versions of the file at `path`, newest first. */
export function listVersions(catalog: Catalog, path: string): RetainedFile[] {
  return selectRetained(catalog.db, 'trash_item IS NULL AND path = ? ORDER BY retained_at DESC, id DESC', normalizeFilePath(path));
}

/** Makes version `versionId` of `path` current again; what was current becomes a version. */
export function restoreVersion(catalog: Catalog, path: string, versionId: number): FileEntry {
  const target = normalizeFilePath(path);
  const db = catalog.db;
  const id = catalog.change(() => {
    const version = selectRetained(db, 'id = ? AND trash_item IS NULL AND path = ?', versionId, target)[0];
    if (!version) {
      throw new CatalogError('not_found', `${target} has no version ${versionId}; list its versions (raic versions ${target}) and pick one of them.`);
    }
    const current = db.prepare<[string], { id: number }>('SELECT id FROM files WHERE path = ?').get(target);
    if (current) {
      retainFile(db, current.id, { trashItem: null, role: 'version', at: catalog.now() });
      db.prepare<[number]>('DELETE FROM files WHERE id = ?').run(current.id);
    }
    db.prepare<[number]>('DELETE FROM retained_files WHERE id = ?').run(version.id);
    return catalog.insertFile(target, contentOf(version));
  });
  return catalog.getFileById(id)!;
}
