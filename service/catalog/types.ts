/** The shapes the catalog hands out and takes in. */

export interface FileEncoding {
  needed: number;
  happy: number;
  total: number;
  segmentSize: number;
}

export interface SharePlacement {
  accountId: string;
  shareNumber: number;
}

export const FILE_HEALTHS = ['healthy', 'degraded', 'at-risk', 'unreadable', 'unknown'] as const;
export type FileHealth = (typeof FILE_HEALTHS)[number];

export interface FileEntry {
  id: number;
  /** Normalized absolute catalog path, e.g. '/Photos/2024/a.jpg'. */
  path: string;
  /** 'a.jpg' */
  name: string;
  /** '/Photos/2024' ('/' for the root). */
  folder: string;
  /** Plaintext bytes. */
  size: number;
  /** URI:CHK:... or URI:LIT:... */
  cap: string;
  verifyCap: string | null;
  /** Base32; null for literal files. */
  storageIndex: string | null;
  encoding: FileEncoding;
  shareSize: number;
  /** Ms since epoch of the original file, when known. */
  sourceModifiedAt: number | null;
  /** Ms since epoch the upload completed. */
  storedAt: number;
  /** Which account holds which share numbers, as last known; sorted by accountId then shareNumber. */
  placements: SharePlacement[];
  /** 'unknown' until the first check. */
  health: FileHealth;
  lastCheckedAt: number | null;
  lastCheckSummary: string | null;
}

/** A file as an upload reports it; the catalog adds the id, name, folder, storedAt and check fields. */
export interface NewFile extends Pick<FileEntry, 'path' | 'size' | 'cap' | 'verifyCap' | 'storageIndex' | 'encoding' | 'shareSize' | 'placements'> {
  sourceModifiedAt?: number | null;
  health?: FileHealth;
}

/** A folder as seen from its parent; counts include all descendants. */
export interface FolderSummary {
  path: string;
  name: string;
  fileCount: number;
  totalBytes: number;
}

export interface FolderListing {
  folder: string;
  folders: FolderSummary[];
  files: FileEntry[];
}

export type EventSeverity = 'info' | 'warning' | 'error';

export interface HealthEvent {
  id: number;
  at: number;
  kind: string;
  severity: EventSeverity;
  message: string;
  accountId: string | null;
  filePath: string | null;
}

export interface NewHealthEvent {
  kind: string;
  severity: EventSeverity;
  message: string;
  accountId?: string | null;
  filePath?: string | null;
  at?: number;
}

export interface EventQuery {
  limit?: number;
  beforeId?: number;
  severity?: EventSeverity;
  kind?: string;
  accountId?: string;
}

export interface AccountTotals {
  files: number;
  shares: number;
  /** shares * shareSize, summed over the account's files. */
  bytes: number;
}

/** A file as a recovery snapshot keeps it: what is needed to read it back, nothing about this machine. */
export type SnapshotFile = Omit<FileEntry, 'id' | 'name' | 'folder' | 'health' | 'lastCheckedAt' | 'lastCheckSummary'>;

/** Content no longer listed (an earlier version, or something in the trash), as a snapshot keeps it. */
export interface SnapshotRetainedFile extends SnapshotFile {
  /** When it stopped being listed; the retention rules count from it. */
  retainedAt: number;
}

export interface SnapshotTrashEntry extends SnapshotRetainedFile {
  /** 'current': what was listed when deleted; 'version': an earlier content of that path. */
  role: 'current' | 'version';
}

/** One delete in the trash: a file, or a folder with what it held (its folders included, for a restore). */
export interface SnapshotTrashItem {
  path: string;
  kind: 'file' | 'folder';
  deletedAt: number;
  folders: string[];
  files: SnapshotTrashEntry[];
}

export interface CatalogSnapshot {
  format: 'raic-catalog';
  /** 2 adds `versions` and `trash`; a version 1 snapshot reads as having neither. */
  version: 1 | 2;
  exportedAt: number;
  folders: string[];
  files: SnapshotFile[];
  /** Earlier versions of listed files (their path follows the file). */
  versions: SnapshotRetainedFile[];
  /** Oldest delete first. */
  trash: SnapshotTrashItem[];
}

/** What an import added: listed files, earlier versions, trash items. */
export interface ImportResult {
  imported: number;
  skipped: number;
  versions: number;
  trashItems: number;
}

export interface ImportOptions {
  /** Old account id -> new account id, for accounts re-added on a new machine. */
  accountIdMap?: ReadonlyMap<string, string>;
  /** What to do with a snapshot file whose path the catalog already has; 'skip' unless told. */
  onConflict?: 'skip' | 'replace';
}

/** What a file row holds besides its path: its content, when it was stored and its health. */
export type FileContent = Omit<NewFile, 'path' | 'health'> & { storedAt: number; health: FileHealth };
