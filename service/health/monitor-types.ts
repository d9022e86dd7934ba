/** The shapes the health monitor shares with the service that runs it (re-exported from monitor.ts). */
import type { FileCheckResult, GridEncoding } from './file-check';
import type { FileHealth } from './classify';

export interface MonitoredAccount {
  id: string;
  name: string;
  /** Resolves when the account answers; throws when it is unreachable, with a message shown to people. */
  probe(signal: AbortSignal): Promise<{ latencyMs: number }>;
}

export interface MonitoredFile {
  id: number;
  path: string;
  cap: string;
  size: number;
  encoding: GridEncoding;
  /** Last known health (from the catalog); '' or anything else when never checked. */
  health: string;
}

export interface AccountHealth {
  id: string;
  name: string;
  /** False also before the first probe: see lastProbeAt. */
  online: boolean;
  latencyMs: number | null;
  lastError: string | null;
  /** Null until the account has been probed. */
  lastProbeAt: number | null;
  /** When the current state (online or offline) began. */
  since: number | null;
}

export interface NewMonitorEvent {
  kind: 'account-offline' | 'account-online' | 'file-health' | 'share-corrupt' | 'repair-done' | 'repair-failed' | 'check-pass';
  severity: 'info' | 'warning' | 'error';
  message: string;
  accountId?: string;
  filePath?: string;
}

export interface MonitorDeps {
  accounts(): MonitoredAccount[];
  files(): MonitoredFile[];
  /** The service passes checkGridFile bound to its servers and lease secret. */
  check(file: MonitoredFile, options: { verify: boolean; repair: boolean; signal: AbortSignal }): Promise<FileCheckResult>;
  recordFileHealth(fileId: number, result: FileCheckResult, at: number): void;
  recordEvent(event: NewMonitorEvent): void;
  /**
   * Renews this grid's leases on everything the catalog references when
   * renewal is due (less than half the lease term left since the last
   * complete renewal: service/gc/renewal.ts); asked every LEASE_CHECK_INTERVAL_MS.
   */
  renewLeasesIfDue?(signal: AbortSignal): Promise<unknown>;
  /**
   * Every file with its last known placements (the catalog's). When given,
   * the grid's health is derived live from them and the accounts' current
   * state (live-health.ts), and re-derived whenever an account changes.
   */
  placedFiles?(): PlacedFile[];
  /** Changes whenever the files or their placements change (the catalog's revision), so the derivation is reused until then. */
  placedFilesVersion?(): number;
  /** Which disk or login each account is on, for the derived summaries (asked once per derivation). */
  domains?(): (accountId: string) => string | undefined;
  now?(): number;
}

export type GridStatus = FileHealth | 'unknown';

export interface GridHealth {
  status: GridStatus;
  /** Files per health; 'unknown' counts files not checked yet. */
  counts: Record<string, number>;
  /** The files in the worst state, worst first (healthy files are left out). */
  worstFiles: { path: string; health: string; summary: string }[];
  lastPassAt: number | null;
}

export interface PassReport {
  filesChecked: number;
  filesVerified: number;
  repaired: number;
  repairFailed: number;
  /** Files per health, as this pass found them. */
  counts: Record<string, number>;
  durationMs: number;
  /** The pass was stopped (stop() or its signal) before every file was checked. */
  interrupted: boolean;
}

export type MonitorNotice =
  | { type: 'account-health'; account: AccountHealth }
  | { type: 'grid-health'; grid: GridHealth }
  | { type: 'monitor-event'; event: NewMonitorEvent };

/** A catalog file as live health needs it: its encoding and where its shares are. */
export interface PlacedFile {
  id: number;
  path: string;
  cap: string;
  encoding: { needed: number; happy: number; total: number };
  placements: readonly { accountId: string; shareNumber: number }[];
}
