/**
 * One file's health, through the engine's checker: where its shares are,
 * (with verify) whether each is intact, (with repair) regenerating what is
 * missing, then an assessment by account (classify.ts) and a line for people.
 *
 * In RAIC a storage server's serverId is the account id, so the engine's
 * per-server report is already per account.
 */
import { planEncoding } from '../../engine/chk';
import { checkFile, type CheckReport, type CorruptShareEntry } from '../../engine/grid';
import type { StorageServer } from '../../engine/storage/types';
import { assessFile, type DamagedCopy, type FileHealthAssessment } from './classify';
import { untilAborted } from './deadline';
import { LITERAL_SUMMARY, summarizeHealth } from './summary';
import { failureTolerance } from './domain-tolerance';

export interface GridEncoding {
  needed: number;
  happy: number;
  total: number;
  segmentSize: number;
}

export interface FileCheckResult {
  assessment: FileHealthAssessment;
  /** Good shares per account (after repair if repair ran). */
  sharesByAccount: Record<string, number[]>;
  /** Corrupt copies; `badBlocks` lists the bad segments when only blocks are bad (the rest of the copy still serves). */
  corrupt: { accountId: string; shareNumber: number; reason: string; badBlocks?: number[] }[];
  unreachableAccounts: { accountId: string; reason: string }[];
  verified: boolean;
  /** Repair ran and wrote shares. */
  repaired: boolean;
  /** Why a repair that was asked for and needed did not succeed (absent otherwise). */
  repairError?: string;
  /** One line for people. */
  summary: string;
  /** Share bytes read (verifying, and downloading to repair), estimated from the share size; 0 for a listing-only check. */
  bytesRead: number;
}

export interface FileCheckOptions {
  verify?: boolean;
  repair?: boolean;
  /** The grid's lease secret: repair needs it to allocate shares. */
  leaseSecret?: Uint8Array;
  /** Failure domain per account id: repair and rebalancing move shares toward independent disks and logins. */
  domainOf?: (serverId: string) => string | undefined;
  /** Stops waiting for the check (the engine's own work may finish in the background; it never leaves a partial share). */
  signal?: AbortSignal;
}

/**
 * Checks one file. The cap fixes `needed` and `total` (a file keeps the
 * encoding it was uploaded with); `encoding` supplies the happiness a healthy
 * file needs and the segment size repair tries first.
 */
export async function checkGridFile(servers: readonly StorageServer[], cap: string, encoding: GridEncoding, options: FileCheckOptions = {}): Promise<FileCheckResult> {
  options.signal?.throwIfAborted();
  const report = await untilAborted(
    checkFile(servers, cap, {
      verify: options.verify,
      repair: options.repair,
      happy: encoding.happy,
      maxSegmentSize: encoding.segmentSize,
      leaseSecret: options.leaseSecret,
      domainOf: options.domainOf,
    }),
    options.signal,
  );
  if (report.kind === 'LIT') return literalResult(servers.length, report.verified);

  const final = report.rebalance?.after ?? report.repair?.after ?? report;
  const sharesByAccount = goodSharesByAccount(final);
  const assessment = assessFile({ needed: final.needed, happy: final.happy, total: final.expected }, sharesByAccount, damagedCopies(final));
  const corrupt = distinctCorrupt([...report.corruptShares, ...final.corruptShares]);
  const unreachableAccounts = final.unreachable.map((u) => ({ accountId: u.serverId, reason: u.reason }));
  const repairPlaced = (report.repair?.placed.length ?? 0) > 0;
  // Shares moved toward independence were written too: the catalog and the pass report count them as repair work.
  const repaired = repairPlaced || (report.rebalance?.moved.length ?? 0) > 0;
  const repairError = report.repair?.error;
  const summary = summarizeHealth({
    assessment,
    needed: final.needed,
    total: final.expected,
    accountNames: new Map(servers.map((s) => [s.serverId, s.nickname])),
    accountsHoldingShares: Object.keys(sharesByAccount).length,
    offlineAccounts: unreachableAccounts.map((u) => u.accountId),
    corruptShares: corrupt.length,
    sharesWithBadBlocks: final.sharesWithBadBlocks,
    repaired: repairPlaced,
    repairError,
    sharesMoved: report.rebalance?.moved.length ?? 0,
    failureTolerance: failureTolerance(sharesByAccount, final.needed, options.domainOf),
  });
  return {
    assessment,
    sharesByAccount,
    corrupt,
    unreachableAccounts,
    verified: final.verified,
    repaired,
    ...(repairError ? { repairError } : {}),
    summary,
    bytesRead: estimateBytesRead(report, encoding.segmentSize),
  };
}

/**
 * A literal cap holds the file itself: nothing is stored, so nothing can be
 * lost. Its tolerance is the number of accounts (losing all of them still
 * leaves it readable), its weakest set empty.
 */
function literalResult(accountCount: number, verified: boolean): FileCheckResult {
  return {
    assessment: { health: 'healthy', distinctGoodShares: 0, happiness: 0, tolerance: accountCount, weakestAccounts: [] },
    sharesByAccount: {},
    corrupt: [],
    unreachableAccounts: [],
    verified,
    repaired: false,
    summary: LITERAL_SUMMARY,
    bytesRead: 0,
  };
}

function goodSharesByAccount(report: CheckReport): Record<string, number[]> {
  const bad = new Set(report.corruptShares.map((c) => `${c.serverId}/${c.shareNumber}`));
  const result: Record<string, number[]> = {};
  for (const holder of report.sharesFound) {
    const good = holder.shareNumbers.filter((n) => !bad.has(`${holder.serverId}/${n}`));
    if (good.length > 0) result[holder.serverId] = good;
  }
  return result;
}

/** Copies corrupt only in some blocks: they still count for the other segments (classify.ts). */
function damagedCopies(report: CheckReport): DamagedCopy[] {
  return report.corruptShares.flatMap((c) => (c.badBlocks ? [{ accountId: c.serverId, shareNumber: c.shareNumber, badSegments: c.badBlocks }] : []));
}

/** A corrupt copy stays on its server after repair, so the check after repair reports it again. */
function distinctCorrupt(entries: readonly CorruptShareEntry[]): FileCheckResult['corrupt'] {
  const seen = new Map<string, FileCheckResult['corrupt'][number]>();
  for (const e of entries) {
    seen.set(`${e.serverId}/${e.shareNumber}`, { accountId: e.serverId, shareNumber: e.shareNumber, reason: e.reason, ...(e.badBlocks ? { badBlocks: e.badBlocks } : {}) });
  }
  return [...seen.values()];
}

/**
 * The engine does not count bytes read, so this is derived from the share
 * size the cap's encoding gives (exact when the file used the grid's segment
 * size): verifying reads every copy in full, before and again after a repair,
 * and repair downloads `needed` shares' worth to rebuild the file.
 */
function estimateBytesRead(report: CheckReport, segmentSize: number): number {
  if (!report.verified && !report.repair?.attempted) return 0;
  const shareSize = estimateShareSize(report, segmentSize);
  const copies = (r: CheckReport | undefined): number => (r?.verified ? r.sharesFound.reduce((sum, s) => sum + s.shareNumbers.length, 0) : 0);
  const repairDownload = report.repair?.attempted ? report.needed : 0;
  return shareSize * (copies(report) + copies(report.repair?.after) + repairDownload);
}

function estimateShareSize(report: CheckReport, segmentSize: number): number {
  // Only sizes depend on the plan, never the key, so any 16-byte key gives the right share size.
  const params = { needed: report.needed, total: report.expected, happy: 1, maxSegmentSize: segmentSize };
  return planEncoding(new Uint8Array(16), params, report.fileSize).shareSize;
}
