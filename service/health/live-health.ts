/**
 * Live health: every file's health derived at once from what the catalog
 * knows of its placements (which account holds which shares) and what the
 * account prober knows right now (which accounts answer). No share is read,
 * so it is re-derived whenever an account goes offline, comes back or fails,
 * instead of waiting for the next full check (issue 20, item 1).
 *
 * The catalog's placements are the last complete picture a check or an upload
 * gave (service-context.ts replaces them only when every account answered),
 * so taking away the shares on accounts that do not answer now gives what a
 * check would find, without its cost. A share found corrupt is already absent
 * from the placements the check recorded.
 *
 * An account that has not been probed yet is neither online nor offline: the
 * files with shares on it are 'unknown' until the first probe answers, so the
 * grid is never called healthy on a guess.
 */
import { assessFile, severityOf, type FileHealth } from './classify';
import { failureTolerance } from './domain-tolerance';
import { summarizeGrid, type CheckedFileStatus } from './grid-status';
import type { AccountHealth, GridHealth, PlacedFile } from './monitor-types';

export type { PlacedFile } from './monitor-types';
import { LITERAL_SUMMARY, summarizeHealth } from './summary';

export type AccountState = 'online' | 'offline' | 'not-probed';

export interface LiveFileHealth extends Omit<CheckedFileStatus, 'health'> {
  /** 'unknown' while an account holding its shares has not answered a probe yet. */
  health: FileHealth | 'unknown';
}

/**
 * Each account's state as the prober last saw it. Accounts that hold shares
 * but are not probed at all (disabled, removed, or not openable) are offline.
 */
export function accountStates(accounts: readonly AccountHealth[]): (accountId: string) => AccountState {
  const states = new Map(accounts.map((a) => [a.id, a.lastProbeAt === null ? 'not-probed' : a.online ? 'online' : 'offline'] as const));
  return (accountId) => states.get(accountId) ?? 'offline';
}

export interface DeriveOptions {
  stateOf: (accountId: string) => AccountState;
  accountNames: ReadonlyMap<string, string>;
  domainOf?: (accountId: string) => string | undefined;
}

/** One file's health as a check would find it with the accounts as they are now. */
export function deriveFileHealth(file: PlacedFile, options: DeriveOptions): LiveFileHealth {
  if (file.cap.startsWith('URI:LIT:')) return { path: file.path, health: 'healthy', summary: LITERAL_SUMMARY };
  const holders = [...new Set(file.placements.map((p) => p.accountId))];
  const notProbed = holders.filter((id) => options.stateOf(id) === 'not-probed');
  if (notProbed.length > 0) {
    const names = notProbed.map((id) => `"${options.accountNames.get(id) ?? id}"`).join(', ');
    return { path: file.path, health: 'unknown', summary: `waiting for the first answer from ${notProbed.length === 1 ? 'account' : 'accounts'} ${names}` };
  }
  const offline = holders.filter((id) => options.stateOf(id) === 'offline');
  const shares: Record<string, number[]> = {};
  for (const { accountId, shareNumber } of file.placements) {
    if (options.stateOf(accountId) !== 'online') continue;
    (shares[accountId] ??= []).push(shareNumber);
  }
  const assessment = assessFile(file.encoding, shares);
  const summary = summarizeHealth({
    assessment,
    needed: file.encoding.needed,
    total: file.encoding.total,
    accountNames: options.accountNames,
    accountsHoldingShares: Object.keys(shares).length,
    offlineAccounts: offline,
    corruptShares: 0,
    repaired: false,
    failureTolerance: failureTolerance(shares, file.encoding.needed, options.domainOf),
  });
  return { path: file.path, health: assessment.health, summary };
}

/**
 * The grid's health from every file's derived health: as bad as its worst
 * file; 'unknown' only while some file waits for an account's first probe and
 * no file is known to be worse; healthy with no files.
 */
export function deriveGridHealth(files: readonly PlacedFile[], options: DeriveOptions, lastPassAt: number | null): GridHealth {
  return deriveHealth(files, options, lastPassAt).grid;
}

/** The grid's health and each file's, by file id (for the file list's badges). */
export function deriveHealth(files: readonly PlacedFile[], options: DeriveOptions, lastPassAt: number | null): { grid: GridHealth; byId: Map<number, LiveFileHealth> } {
  const derived = files.map((file) => deriveFileHealth(file, options));
  const byId = new Map(files.map((file, i) => [file.id, derived[i]!]));
  const known = derived.filter((f): f is CheckedFileStatus => f.health !== 'unknown');
  const grid = summarizeGrid(known, files.length, lastPassAt);
  if (files.length === 0) return { grid, byId };
  const worstKnown = known.reduce<FileHealth | undefined>((worst, f) => (worst === undefined || severityOf(f.health) < severityOf(worst) ? f.health : worst), undefined);
  const waiting = known.length < files.length;
  // A known problem is news even while other accounts are still being asked; "healthy" is not, until every account answered.
  const status = worstKnown === undefined || (waiting && worstKnown === 'healthy') ? 'unknown' : worstKnown;
  return { grid: { ...grid, status }, byId };
}
