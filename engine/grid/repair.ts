import { parseCap, planEncoding, storageIndexOf } from '../chk';
import type { EncodingPlan } from '../chk/api';
import type { StorageServer } from '../storage/types';
import type { CheckReport, RepairOutcome } from './types';
import { describeError } from './errors';
import { placeShares } from './placement';
import { discoverShares } from './share-discovery';
import { ShareWriterPool } from './share-writer-pool';
import { regenerateShares } from './regenerate';

export interface RepairOptions {
  happy: number;
  maxSegmentSize?: number;
  leaseSecret?: Uint8Array;
  /** Failure domain per server id: regenerated shares go to a domain the file lacks first (placement.ts). */
  domainOf?: (serverId: string) => string | undefined;
  recheck(): Promise<CheckReport>;
}

/** Segment sizes to try when the grid's one does not reproduce the file (Tahoe's 128 KiB, RAIC's 1 MiB). */
const COMMON_SEGMENT_SIZES = [128 * 1024, 1024 * 1024];

/**
 * Regenerates the shares a file lacks and places them where happiness needs
 * them. The plaintext comes from downloading the file (every block hash-
 * checked; a share with bad blocks still supplies its good ones, so any file
 * with `needed` good blocks per segment rebuilds), and encodeChk re-encodes
 * only the shares being placed: every share number that is missing or has a
 * bad copy gets a fresh, fully good share.
 *
 * A server keeps an existing share rather than replacing it, and the storage
 * interface cannot delete, so a corrupt copy stays where it is (reported to its
 * server with adviseCorruptShare) and its replacement goes to another server;
 * placement never asks a server for a share it holds a bad copy of.
 *
 * The cap does not record the segment size, which shapes every share; the
 * candidates that give the stored shares' exact size are tried in turn, and a
 * re-encoding is kept only if its URI extension hash equals the cap's, so a
 * wrong guess is aborted before any share becomes visible.
 */
export async function repairFile(servers: readonly StorageServer[], capText: string, before: CheckReport, options: RepairOptions): Promise<RepairOutcome> {
  const fail = (error: string): RepairOutcome => ({ attempted: false, succeeded: false, placed: [], error });
  const cap = parseCap(capText);
  if (cap.kind !== 'CHK') return fail('repair needs the read cap (URI:CHK:...): a verify cap cannot decrypt the file to regenerate shares');
  if (!before.recoverable) return fail(unrecoverableReason(before));
  if (!options.leaseSecret) return fail('repair needs the grid lease secret to allocate shares');

  const badShares = new Map<string, Set<number>>();
  for (const entry of before.corruptShares) {
    const set = badShares.get(entry.serverId) ?? new Set<number>();
    set.add(entry.shareNumber);
    badShares.set(entry.serverId, set);
  }
  const discovery = await discoverShares(servers, storageIndexOf(cap));
  // A copy with only bad blocks opened and checked out otherwise, so its size is right too.
  const blocksOnly = new Set(before.corruptShares.filter((c) => c.badBlocks).map((c) => `${c.serverId}/${c.shareNumber}`));
  const copies = [...discovery.copies].flatMap(([n, list]) => list.map((copy) => ({ n, copy })));
  const sizeFrom =
    copies.find(({ n, copy }) => !badShares.get(copy.server.serverId)?.has(n)) ?? copies.find(({ n, copy }) => blocksOnly.has(`${copy.server.serverId}/${n}`));
  const goodCopy = sizeFrom?.copy;
  if (!goodCopy) return fail('cannot repair: no good share was found to learn the share size from');

  const plans = candidatePlans(cap.key, cap.needed, cap.total, options, cap.size).filter((plan) => plan.shareSize === goodCopy.reader.size);
  if (plans.length === 0) {
    return fail(`cannot repair: no known segment size reproduces the stored ${goodCopy.reader.size}-byte shares; repair with the segment size the file was uploaded with`);
  }

  let lastError = '';
  for (const plan of plans) {
    let placement;
    try {
      placement = await placeShares(servers, {
        storageIndex: plan.storageIndex,
        shareSize: plan.shareSize,
        totalShares: cap.total,
        happy: options.happy,
        leaseSecret: options.leaseSecret,
        badShares,
        domainOf: options.domainOf,
      });
    } catch (error) {
      return { attempted: true, succeeded: false, placed: [], error: describeError(error).replace(/^upload failed/, 'repair failed'), after: await options.recheck() };
    }
    const toWrite = [...new Set(placement.allocated.map((a) => a.shareNumber))].sort((a, b) => a - b);
    if (toWrite.length === 0) {
      return { attempted: true, succeeded: false, placed: [], error: 'repair failed: no server could take the missing shares; add storage servers or free space', after: await options.recheck() };
    }
    const pool = new ShareWriterPool({ targets: placement.allocated, existing: placement.existing, happy: options.happy });
    let outcome;
    try {
      outcome = await regenerateShares(servers, capText, cap, plan, pool, toWrite);
    } catch (error) {
      return { attempted: true, succeeded: false, placed: [], error: `repair failed: ${describeError(error)}`, after: await options.recheck() };
    }
    if (outcome === 'wrong-plan') {
      lastError = `segment size guess ${plan.params.maxSegmentSize} did not reproduce the file`;
      continue;
    }
    const placed = pool.placedShares();
    const after = await options.recheck();
    const rewritten = new Set([...placed.values()].flat());
    const corruptCopiesLeft = before.corruptShares.filter((c) => rewritten.has(c.shareNumber));
    return {
      attempted: true,
      succeeded: after.healthy,
      placed: placement.servers
        .filter((s) => placed.has(s.serverId))
        .map((s) => ({ serverId: s.serverId, nickname: s.nickname, shareNumbers: placed.get(s.serverId)! })),
      ...(corruptCopiesLeft.length > 0 ? { corruptCopiesLeft } : {}),
      ...(after.healthy ? {} : { error: 'repair placed shares but the file is still not healthy (see the report after repair)' }),
      after,
    };
  }
  return { attempted: true, succeeded: false, placed: [], error: `repair failed: ${lastError}`, after: await options.recheck() };
}

/** Why the file cannot be rebuilt: too few shares, or (block by block) some segment with too few good blocks. */
function unrecoverableReason(report: CheckReport): string {
  const weakest = report.weakestSegment;
  if (weakest && report.sharesWithBadBlocks > 0) {
    return (
      `cannot repair: segment ${weakest.segment} has a good block in only ${weakest.goodBlocks} share${weakest.goodBlocks === 1 ? '' : 's'} ` +
      `and ${report.needed} are needed to rebuild the file (${report.goodShares} fully good shares, ${report.sharesWithBadBlocks} with bad blocks)`
    );
  }
  return `cannot repair: only ${report.goodShares} good shares remain and ${report.needed} are needed to rebuild the file`;
}

export function candidatePlans(key: Uint8Array, needed: number, total: number, options: Pick<RepairOptions, 'happy' | 'maxSegmentSize'>, size: number): EncodingPlan[] {
  const sizes = [...new Set([options.maxSegmentSize, ...COMMON_SEGMENT_SIZES, size].filter((s): s is number => !!s && s > 0))];
  const plans: EncodingPlan[] = [];
  const seen = new Set<number>();
  for (const maxSegmentSize of sizes) {
    // Tahoe-LAFS's effective segment size: the maximum clipped to the file, rounded up to a multiple of k.
    const effective = Math.ceil(Math.min(maxSegmentSize, size) / needed) * needed;
    if (seen.has(effective)) continue;
    seen.add(effective);
    plans.push(planEncoding(key, { needed, total, happy: Math.min(options.happy, total), maxSegmentSize }, size));
  }
  return plans;
}
