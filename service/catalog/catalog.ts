/**
 * The local catalog of the user's files in the grid: which path holds which
 * cap, where its shares are, and how healthy it was when last checked.
 *
 * Every change that spans several statements runs in one transaction, and the
 * database runs in WAL mode with synchronous=FULL, so a crash at any moment
 * leaves the catalog as it was after the last completed change.
 */
import type { Database, Statement } from './sqlite';
import { CatalogError } from './errors';
import { EventLog, MAX_EVENTS } from './event-log';
import { checkNewFile, checkPlacements, sortedPlacements } from './file-record';
import { FileReader } from './file-rows';
import { moveFolderTree } from './move-folder';
import { openCatalogDatabase } from './open-database';
import { ROOT, ancestorsOf, compareNames, descendantRange, nameOf, normalizeCatalogPath, normalizeFilePath, parentOf } from './paths';
import { parseCatalogSnapshot, SNAPSHOT_VERSION } from './snapshot';
import { exportRetained, importRetained } from './snapshot-retained';
import { prepareCatalogStatements, type CatalogStatements } from './statements';
import {
  FILE_HEALTHS,
  type AccountTotals,
  type CatalogSnapshot,
  type EventQuery,
  type FileContent,
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
} from './types';

/** What Catalog.pathState finds at a file path. */
export interface PathState {
  /** The file listed there, if any. */
  fileId: number | undefined;
  /** The path is a folder (no file may be listed there). */
  isFolder: boolean;
  /** The folder the path is in exists. */
  parentExists: boolean;
}

/** Placements per INSERT statement: a file has at most 256 shares, and SQLite binds at most 32,766 values. */
const MAX_PLACEMENTS_PER_INSERT = 64;

export interface CatalogOptions {
  /** Clock for every timestamp the catalog writes; ms since epoch. */
  now?: () => number;
  /** How many health events to keep; MAX_EVENTS unless told (tests use fewer). */
  eventLimit?: number;
}

/** The stored fields of a file besides its path and the check results. */
export type { FileContent };

function notFound(what: string): CatalogError {
  return new CatalogError('not_found', `${what} is not in the catalog; refresh the view, it may have been moved or removed.`);
}

function fileExists(path: string): CatalogError {
  return new CatalogError('conflict', `A file named ${path} already exists in the catalog; choose another name or replace it.`);
}

function folderExists(path: string): CatalogError {
  return new CatalogError('conflict', `${path} is a folder in the catalog; choose another name for the file.`);
}

function fileInTheWay(path: string, file: string): CatalogError {
  return new CatalogError('conflict', `Cannot create ${path}: ${file} is a file, not a folder; choose another folder.`);
}

export class Catalog {
  readonly db: Database;
  /** The catalog's clock (ms since epoch), also for its trash and versions modules. */
  readonly now: () => number;
  private readonly files: FileReader;
  private readonly events: EventLog;
  private readonly listeners = new Set<(revision: number) => void>();
  private readonly sql: CatalogStatements;
  /** The group of changes under way (groupChanges), whose revision step waits for its end. */
  private changeGroup: { changed: boolean } | undefined;

  private constructor(db: Database, options: CatalogOptions) {
    this.db = db;
    this.now = options.now ?? Date.now;
    this.files = new FileReader(db);
    this.events = new EventLog(db, this.now, options.eventLimit ?? MAX_EVENTS);
    this.sql = prepareCatalogStatements(db);
  }

  /** Opens the catalog at `file`, creating it (and its folder) when missing. */
  static open(file: string, options: CatalogOptions = {}): Catalog {
    return new Catalog(openCatalogDatabase(file), options);
  }

  close(): void {
    this.listeners.clear();
    if (this.db.open) this.db.close();
  }

  // ---- reading ----

  getFile(path: string): FileEntry | undefined {
    return this.files.selectOne('path = ?', normalizeFilePath(path));
  }

  getFileById(id: number): FileEntry | undefined {
    return this.files.selectOne('id = ?', id);
  }

  /** The id of the file at a normalized path, if one is there (one indexed lookup, without its placements). */
  fileIdAt(path: string): number | undefined {
    return this.sql.fileIdByPath.get(path)?.id;
  }

  allFiles(): FileEntry[] {
    return this.files.select('1 ORDER BY path');
  }

  filesOnAccount(accountId: string): FileEntry[] {
    return this.files.select('id IN (SELECT file_id FROM placements WHERE account_id = ?) ORDER BY path', accountId);
  }

  listFolder(folder: string): FolderListing {
    const path = normalizeCatalogPath(folder);
    return this.db.transaction(() => {
      if (!this.folderExists(path)) throw notFound(`The folder ${path}`);
      const folders = this.sql.childFolders.all(path).map(({ path: child }) => this.summarize(child));
      const files = this.files.select('folder = ?', path);
      folders.sort((a, b) => compareNames(a.name, b.name));
      files.sort((a, b) => compareNames(a.name, b.name));
      return { folder: path, folders, files };
    })();
  }

  accountTotals(): Map<string, AccountTotals> {
    const totals = new Map<string, AccountTotals>();
    for (const row of this.sql.accountTotals.all()) totals.set(row.account_id, { files: row.files, shares: row.shares, bytes: row.bytes });
    return totals;
  }

  healthCounts(): Record<FileHealth, number> {
    const counts = Object.fromEntries(FILE_HEALTHS.map((health) => [health, 0])) as Record<FileHealth, number>;
    for (const row of this.sql.healthCounts.all()) counts[row.health] = row.files;
    return counts;
  }

  totals(): { files: number; bytes: number } {
    return { ...this.sql.totals.get()! };
  }

  /** Increments on every committed change to files, folders or placements; survives reopening. */
  revision(): number {
    return this.sql.revision.get()!.value;
  }

  /** Calls `listener` after each such change commits; returns the unsubscribe function. */
  onChange(listener: (revision: number) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- changing files and folders (each bumps the revision) ----

  addFile(file: NewFile, options: { replace?: boolean } = {}): FileEntry {
    return this.addFiles([file], options)[0]!;
  }

  /** Adds many files in one transaction: all or none. Entries come back in the order given. */
  addFiles(files: readonly NewFile[], options: { replace?: boolean } = {}): FileEntry[] {
    const paths = files.map((file) => normalizeFilePath(file.path));
    files.forEach((file, index) => checkNewFile(file, paths[index]!));
    const ids = this.change(() =>
      files.map((file, index) => {
        const path = paths[index]!;
        const existing = this.sql.fileIdByPath.get(path);
        if (existing && !options.replace) throw fileExists(path);
        if (existing) this.sql.deleteFileById.run(existing.id);
        return this.insertFile(path, { ...file, storedAt: this.now(), health: file.health ?? 'unknown' });
      }),
    );
    const byId = new Map(this.files.select('id IN (SELECT value FROM json_each(?))', JSON.stringify(ids)).map((entry) => [entry.id, entry]));
    return ids.map((id) => byId.get(id)!);
  }

  /**
   * Throws the conflict an upload to this path would meet at its end (the
   * path is a folder, or a folder above it is a file), so it is refused
   * before any byte is sent instead of failing after the upload.
   */
  checkFileTarget(target: string): void {
    this.checkFileTargets([target]);
  }

  /**
   * checkFileTarget for each of `targets` in order (a folder's uploads), in
   * one read transaction: one statement per target when its folder exists (a
   * folder's ancestors are folders, never files), as statements outside a
   * transaction each take the database's read locks. `before` runs ahead of
   * each target's check (the caller's own refusals keep their order).
   */
  checkFileTargets(targets: Iterable<string>, before?: (target: string) => void): void {
    // Folders not yet created that no file is in the way of: a new folder's files share them.
    const clear = new Set<string>();
    this.db.transaction(() => {
      for (const target of targets) {
        before?.(target);
        const path = normalizeFilePath(target);
        const state = this.pathState(path);
        if (state.isFolder) throw folderExists(path);
        if (state.parentExists) continue;
        for (const folder of ancestorsOf(path)) {
          if (clear.has(folder)) continue;
          if (this.sql.fileIdByPath.get(folder)) throw fileInTheWay(path, folder);
          clear.add(folder);
        }
      }
    })();
  }

  createFolder(folder: string): void {
    const path = normalizeCatalogPath(folder);
    this.change(() => this.ensureFolder(path), (created) => created);
  }

  removeFile(path: string): FileEntry {
    const normalized = normalizeFilePath(path);
    return this.change(() => {
      const entry = this.files.selectOne('path = ?', normalized);
      if (!entry) throw notFound(`The file ${normalized}`);
      this.sql.deleteFileById.run(entry.id);
      return entry;
    });
  }

  /** Removes a folder with everything below it; returns how many files went. */
  removeFolder(folder: string): number {
    const path = normalizeCatalogPath(folder);
    if (path === ROOT) throw new CatalogError('invalid_path', 'The root folder cannot be removed; remove the files and folders inside it instead.');
    return this.change(() => {
      if (!this.folderExists(path)) throw notFound(`The folder ${path}`);
      const { above, below } = descendantRange(path);
      const removed = this.sql.deleteFilesBelow.run(above, below).changes;
      this.sql.deleteFolderTree.run(path, above, below);
      return removed;
    });
  }

  moveFile(from: string, to: string): FileEntry {
    const source = normalizeFilePath(from);
    const target = normalizeFilePath(to);
    const id = this.change(
      () => {
        const existing = this.sql.fileIdByPath.get(source);
        if (!existing) throw notFound(`The file ${source}`);
        if (source === target) return existing.id;
        if (this.sql.fileIdByPath.get(target)) throw fileExists(target);
        if (this.folderExists(target)) throw folderExists(target);
        this.ensureFolder(parentOf(target));
        this.sql.moveFile.run(target, parentOf(target), nameOf(target), existing.id);
        return existing.id;
      },
      () => source !== target,
    );
    return this.getFileById(id)!;
  }

  /** Moves a folder with everything below it (./move-folder); returns how many files moved. */
  moveFolder(from: string, to: string): number {
    return this.change(() => moveFolderTree(this.db, normalizeCatalogPath(from), normalizeCatalogPath(to)));
  }

  setPlacements(fileId: number, placements: SharePlacement[]): void {
    this.change(() => {
      const file = this.sql.shareLimitById.get(fileId);
      if (!file) throw notFound(`The file with id ${fileId}`);
      checkPlacements(placements, file.total, file.path);
      this.sql.deletePlacements.run(fileId);
      this.insertPlacements(fileId, placements);
    });
  }

  /** Moves every placement from one account id to another (an account re-added under a new id). */
  remapAccount(fromId: string, toId: string): void {
    if (fromId === toId) return;
    this.change(
      () =>
        this.sql.remapPlacements.run(toId, fromId).changes +
        this.sql.deleteAccountPlacements.run(fromId).changes +
        // Earlier versions and the trash (retained-schema.ts) hold placements too.
        this.sql.remapRetainedPlacements.run(toId, fromId).changes +
        this.sql.deleteRetainedAccountPlacements.run(fromId).changes,
      (changed) => changed > 0,
    );
  }

  // ---- checks and events (no revision: they are not part of the recovery snapshot) ----

  recordCheck(fileId: number, check: { health: FileHealth; checkedAt?: number; summary: string }): void {
    if (!FILE_HEALTHS.includes(check.health)) {
      throw new CatalogError('invalid_file', `"${String(check.health)}" is not a file health (${FILE_HEALTHS.join(', ')}); this is a bug in RAIC, please report it.`);
    }
    const { changes } = this.sql.recordCheck.run(check.health, check.checkedAt ?? this.now(), check.summary, fileId);
    if (changes === 0) throw notFound(`The file with id ${fileId}`);
  }

  /** Logs an event, keeping only the newest MAX_EVENTS. */
  addEvent(event: NewHealthEvent): HealthEvent {
    return this.events.add(event);
  }

  /** Newest first; 100 unless `limit` says otherwise. */
  listEvents(query: EventQuery = {}): HealthEvent[] {
    return this.events.list(query);
  }

  // ---- recovery snapshot ----

  exportSnapshot(): CatalogSnapshot {
    return this.db.transaction(() => ({
      format: 'raic-catalog' as const,
      version: SNAPSHOT_VERSION,
      exportedAt: this.now(),
      folders: this.sql.allFolders.all().map((row) => row.path),
      files: this.allFiles().map((entry) => ({
        path: entry.path,
        size: entry.size,
        cap: entry.cap,
        verifyCap: entry.verifyCap,
        storageIndex: entry.storageIndex,
        encoding: entry.encoding,
        shareSize: entry.shareSize,
        sourceModifiedAt: entry.sourceModifiedAt,
        storedAt: entry.storedAt,
        placements: entry.placements,
      })),
      ...exportRetained(this.db),
    }))();
  }

  /**
   * Adds a snapshot's folders, files, earlier versions and trash in one
   * transaction (all or nothing). Files keep their original storedAt; their
   * health starts 'unknown' since this machine has not checked them yet.
   */
  importSnapshot(snapshot: CatalogSnapshot, options: ImportOptions = {}): ImportResult {
    const checked = parseCatalogSnapshot(snapshot);
    const accountId = (id: string) => options.accountIdMap?.get(id) ?? id;
    const mapPlacements = (placements: readonly SharePlacement[]) => placements.map((p) => ({ accountId: accountId(p.accountId), shareNumber: p.shareNumber }));
    const { imported, skipped, retained } = this.change(
      () => {
        let created = false;
        for (const folder of checked.folders) created = this.ensureFolder(folder) || created;
        let imported = 0;
        let skipped = 0;
        for (const file of checked.files) {
          const existing = this.sql.fileIdByPath.get(file.path);
          if (existing && options.onConflict !== 'replace') {
            skipped++;
            continue;
          }
          if (existing) this.sql.deleteFileById.run(existing.id);
          this.insertFile(file.path, { ...file, placements: mapPlacements(file.placements), health: 'unknown' });
          imported++;
        }
        const retained = importRetained(this.db, checked, mapPlacements);
        return { imported, skipped, created, retained };
      },
      (result) => result.imported > 0 || result.created || result.retained.versions > 0 || result.retained.trashItems > 0,
    );
    return { imported, skipped, ...retained };
  }

  // ---- internals (public for the catalog's own trash and versions modules, not for callers outside catalog/) ----

  /**
   * Runs a change to files, folders or placements in one transaction that
   * also bumps the revision (unless `changed` says nothing changed), then
   * tells the listeners once it has committed.
   */
  change<T>(work: () => T, changed: (result: T) => boolean = () => true): T {
    let revision: number | undefined;
    const group = this.changeGroup;
    const result = this.db.transaction(() => {
      const value = work();
      if (!changed(value)) return value;
      // In a group (groupChanges), the group bumps the revision once for all its changes.
      if (group) group.changed = true;
      else revision = this.sql.bumpRevision.get()!.value;
      return value;
    })();
    if (revision !== undefined) this.notify(revision);
    return result;
  }

  /**
   * Runs `work`, which makes several changes inside one transaction of the
   * caller's (a commit batch of uploads), so that they bump the revision once,
   * at its end, and the listeners hear of them once: the batch is one commit.
   * A change of the group rolled back later still counts (the revision only
   * ever moves forward, and a needless step just makes readers look again).
   */
  groupChanges<T>(work: () => T): T {
    if (this.changeGroup) return work();
    const group = { changed: false };
    this.changeGroup = group;
    let result: T;
    try {
      result = work();
    } finally {
      this.changeGroup = undefined;
    }
    if (group.changed) this.notify(this.sql.bumpRevision.get()!.value);
    return result;
  }

  private notify(revision: number): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(revision);
      } catch (error) {
        // The change is committed; a failing listener must not make the caller
        // believe it was not, nor keep the other listeners from hearing of it.
        console.error('A catalog change listener failed:', error);
      }
    }
  }

  folderExists(path: string): boolean {
    return this.sql.folderExists.get(path) !== undefined;
  }

  /** Creates a folder and any missing ancestors; true when something was created. */
  ensureFolder(path: string): boolean {
    if (path === ROOT) return false;
    // A folder that exists has every ancestor (folders.parent references folders), none of them a file: one lookup, not two statements per level.
    if (this.folderExists(path)) return false;
    let created = false;
    for (const folder of [...ancestorsOf(path), path]) {
      if (this.sql.fileIdByPath.get(folder)) throw fileInTheWay(path, folder);
      created = this.sql.insertFolder.run(folder, parentOf(folder)).changes > 0 || created;
    }
    return created;
  }

  /**
   * What is at a normalized file path and whether its folder exists, in one
   * statement: an upload's entry asks all three before it writes.
   */
  pathState(path: string): PathState {
    const [fileId, isFolder, parentExists] = this.sql.pathState.get(path, parentOf(path))!;
    return { fileId: fileId ?? undefined, isFolder: isFolder === 1, parentExists: parentExists === 1 };
  }

  /** Lists a file at `path`; `state` is pathState(path) when the caller already asked (a file removed from the path since does not change it). */
  insertFile(path: string, content: FileContent, state: PathState = this.pathState(path)): number {
    if (state.isFolder) throw folderExists(path);
    const folder = parentOf(path);
    if (!state.parentExists) this.ensureFolder(folder);
    const { encoding } = content;
    const id = Number(
      this.sql.insertFile.run(
        path,
        folder,
        nameOf(path),
        content.size,
        content.cap,
        content.verifyCap,
        content.storageIndex,
        encoding.needed,
        encoding.happy,
        encoding.total,
        encoding.segmentSize,
        content.shareSize,
        content.sourceModifiedAt ?? null,
        content.storedAt,
        content.health,
      ).lastInsertRowid,
    );
    this.insertPlacements(id, content.placements);
    return id;
  }

  /** A file's placements in as few statements as possible (one for the usual handful of shares). */
  private insertPlacements(fileId: number, placements: readonly SharePlacement[]): void {
    const sorted = sortedPlacements(placements);
    for (let start = 0; start < sorted.length; start += MAX_PLACEMENTS_PER_INSERT) {
      const chunk = sorted.slice(start, start + MAX_PLACEMENTS_PER_INSERT);
      const values: (string | number)[] = [];
      for (const placement of chunk) values.push(fileId, placement.accountId, placement.shareNumber);
      this.placementInsert(chunk.length).run(...values);
    }
  }

  /** The INSERT of `count` placements (prepared once per count). */
  private placementInsert(count: number): Statement<(string | number)[]> {
    return this.db.prepareCached(`INSERT INTO placements (file_id, account_id, share_number) VALUES ${Array(count).fill('(?, ?, ?)').join(', ')}`);
  }

  private summarize(path: string): FolderSummary {
    const { above, below } = descendantRange(path);
    const { files, bytes } = this.sql.filesBelow.get(above, below)!;
    return { path, name: nameOf(path), fileCount: files, totalBytes: bytes };
  }
}
