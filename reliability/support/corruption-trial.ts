/**
 * One corruption trial on a local-folder grid: damage some share files of a
 * file, check with verify, download, optionally repair and download again,
 * then put the grid back exactly as it was (damaged bytes restored, shares
 * the repair added removed) so the next trial starts from the same state.
 */
import { rm, writeFile } from 'node:fs/promises';
import { checkFile, downloadToBytes } from '../../engine/grid';
import type { LocalFolderStorageServer } from '../../engine/storage/local';
import { settle } from './deadline';
import { sha256 } from './digest';
import { findShareFiles, snapshot, type ShareFile } from './share-files';

export interface CorruptionGrid {
  servers: LocalFolderStorageServer[];
  happy: number;
  maxSegmentSize: number;
  leaseSecret: Uint8Array;
}

export interface TrialTarget {
  cap: string;
  storageIndex: string;
  digest: string;
}

/** Damages shares and returns those that are now bad (an empty list means "should be harmless"). */
export type Damage = (shares: ShareFile[]) => Promise<ShareFile[]>;

export interface TrialOutcome {
  /** Every damaged share was reported corrupt by the verifying check. */
  detected: boolean;
  /** Shares reported corrupt that were not damaged. */
  falseAlarms: number;
  /** The check called the file unhealthy. */
  reportedUnhealthy: boolean;
  /** Downloads that returned other bytes than the original. */
  wrongBytes: number;
  /** Downloads that failed (enough good shares always remain in these trials). */
  failedDownloads: number;
  /** With repair: it succeeded and the recheck says healthy. */
  repaired?: boolean;
  problem?: string;
}

export async function corruptionTrial(grid: CorruptionGrid, target: TrialTarget, damage: Damage, repair: boolean): Promise<TrialOutcome> {
  const roots = grid.servers.map((s) => s.root);
  const before = await findShareFiles(roots, target.storageIndex);
  const saved = await snapshot(before);
  try {
    const damaged = await damage(before);
    const key = (server: number, shareNumber: number) => `${grid.servers[server]!.serverId}/${shareNumber}`;
    const options = { verify: true, happy: grid.happy, maxSegmentSize: grid.maxSegmentSize, leaseSecret: grid.leaseSecret };
    const check = await checkFile(grid.servers, target.cap, options);
    const flagged = new Set(check.corruptShares.map((c) => `${c.serverId}/${c.shareNumber}`));
    const expected = new Set(damaged.map((d) => key(d.server, d.shareNumber)));
    const outcome: TrialOutcome = {
      detected: [...expected].every((k) => flagged.has(k)),
      falseAlarms: [...flagged].filter((k) => !expected.has(k)).length,
      reportedUnhealthy: !check.healthy,
      wrongBytes: 0,
      failedDownloads: 0,
    };
    await download(grid, target, outcome);
    if (repair) {
      const repaired = await checkFile(grid.servers, target.cap, { ...options, repair: true });
      // No repair report means the check found nothing to repair: healthy as it is.
      outcome.repaired = repaired.repair ? repaired.repair.succeeded && repaired.repair.after?.healthy === true : repaired.healthy;
      if (!outcome.repaired) outcome.problem = repaired.repair?.error ?? 'repair did not reach full health';
      await download(grid, target, outcome);
    }
    return outcome;
  } finally {
    await restoreShares(roots, target.storageIndex, saved);
  }
}

async function download(grid: CorruptionGrid, target: TrialTarget, outcome: TrialOutcome): Promise<void> {
  const result = await settle(downloadToBytes(grid.servers, target.cap));
  if (!result.ok) {
    outcome.failedDownloads++;
    outcome.problem = String(result.error);
  } else if (sha256(result.value) !== target.digest) {
    outcome.wrongBytes++;
  }
}

/** Puts saved share bytes back and removes shares added since (a repair's new copies). */
export async function restoreShares(roots: string[], storageIndex: string, saved: Map<string, Buffer>): Promise<void> {
  for (const share of await findShareFiles(roots, storageIndex)) if (!saved.has(share.file)) await rm(share.file);
  for (const [file, bytes] of saved) await writeFile(file, bytes);
}

/** Totals over many trials, for the assertions and the report line. */
export interface TrialTotals {
  trials: number;
  detected: number;
  reportedUnhealthy: number;
  falseAlarms: number;
  wrongBytes: number;
  failedDownloads: number;
  repairs: number;
  repaired: number;
  problems: string[];
}

export function emptyTotals(): TrialTotals {
  return { trials: 0, detected: 0, reportedUnhealthy: 0, falseAlarms: 0, wrongBytes: 0, failedDownloads: 0, repairs: 0, repaired: 0, problems: [] };
}

export function addOutcome(totals: TrialTotals, outcome: TrialOutcome, label: string): void {
  totals.trials++;
  if (outcome.detected) totals.detected++;
  else totals.problems.push(`${label}: not detected`);
  if (outcome.reportedUnhealthy) totals.reportedUnhealthy++;
  totals.falseAlarms += outcome.falseAlarms;
  totals.wrongBytes += outcome.wrongBytes;
  totals.failedDownloads += outcome.failedDownloads;
  if (outcome.repaired !== undefined) {
    totals.repairs++;
    if (outcome.repaired) totals.repaired++;
  }
  if (outcome.problem) totals.problems.push(`${label}: ${outcome.problem}`);
}
