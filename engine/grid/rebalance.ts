/**
 * Moving a healthy file's shares toward independence (issue 17): when one
 * failure domain (a disk, a login) holds several distinct shares of the file
 * and another domain has a server holding none, a copy of one of those shares
 * is regenerated onto that server (independence.ts chooses which). The copy
 * is read back and hash-checked against the cap; only then is the surplus
 * copy released, and only on a server that can release (a local folder:
 * StorageServer.releaseImmutableShare). Elsewhere the surplus stays, which
 * costs space but never safety.
 *
 * The new copy is written like a repair writes (repair.ts): the file is
 * downloaded block-checked, re-encoded for just the shares moved, and the
 * re-encoding is kept only when its URI extension hash equals the cap's.
 */
import { parseCap, storageIndexOf, toVerifyCap, verifyShare } from '../chk';
import type { StorageServer } from '../storage/types';
import { describeError } from './errors';
import { independenceMoves, type IndependenceMove } from './independence';
import type { RebalanceOutcome } from './types';

export type { RebalanceOutcome };
import { permuteServers } from './permute';
import { candidatePlans } from './repair';
import { regenerateShares } from './regenerate';
import { bucketSecrets } from './secrets';
import { ShareWriterPool, type ShareTarget } from './share-writer-pool';
import { discoverShares } from './share-discovery';

export interface RebalanceOptions {
  /** Failure domain of each server id; without one every server is its own. */
  domainOf: (serverId: string) => string | undefined;
  leaseSecret: Uint8Array;
  happy: number;
  maxSegmentSize?: number;
  /** Good shares per server, from a check just made (corrupt copies left out). */
  goodShares: ReadonlyMap<string, readonly number[]>;
}


const NOTHING: RebalanceOutcome = { moved: [], released: [], kept: [] };

export async function rebalanceFile(servers: readonly StorageServer[], capText: string, options: RebalanceOptions): Promise<RebalanceOutcome> {
  const cap = parseCap(capText.trim());
  if (cap.kind !== 'CHK') return NOTHING;
  // Most checks find nothing to move: decide that from the check's figures before asking any server.
  const idle = servers.map((s) => s.serverId).filter((id) => !(options.goodShares.get(id)?.length ?? 0));
  if (independenceMoves(options.goodShares, idle, options.domainOf).length === 0) return NOTHING;
  const storageIndex = storageIndexOf(cap);
  const discovery = await discoverShares(servers, storageIndex);
  const shareSize = [...discovery.copies.values()].flat()[0]?.reader.size;
  if (shareSize === undefined) return { ...NOTHING, error: 'no share was found to learn the share size from' };
  const writable = await writableServers(permuteServers(servers, storageIndex), storageIndex, shareSize);
  const moves = independenceMoves(options.goodShares, writable, options.domainOf);
  if (moves.length === 0) return NOTHING;

  const byId = new Map(servers.map((server) => [server.serverId, server]));
  const plans = candidatePlans(cap.key, cap.needed, cap.total, options, cap.size).filter((plan) => plan.shareSize === shareSize);
  if (plans.length === 0) return { ...NOTHING, error: 'no known segment size reproduces the stored shares' };

  let lastError = 'nothing was written';
  for (const plan of plans) {
    const targets: ShareTarget[] = [];
    try {
      for (const move of moves) {
        const server = byId.get(move.toServerId)!;
        const result = await server.allocateBuckets({
          storageIndex,
          ...bucketSecrets(options.leaseSecret, storageIndex, server.serverId),
          shareNumbers: [move.shareNumber],
          allocatedSize: shareSize,
        });
        const writer = result.allocated.get(move.shareNumber);
        if (writer) targets.push({ server, shareNumber: move.shareNumber, writer });
      }
    } catch (error) {
      await Promise.allSettled(targets.map((t) => t.writer.abort()));
      return { ...NOTHING, error: `could not allocate the new copies: ${describeError(error)}` };
    }
    if (targets.length === 0) return { ...NOTHING, error: 'no server took the new copies' };
    // Each target is a server that held nothing of this file: a new copy can only add to happiness.
    const pool = new ShareWriterPool({ targets, existing: new Map(), happy: 1 });
    let outcome;
    try {
      outcome = await regenerateShares(servers, capText.trim(), cap, plan, pool, [...new Set(targets.map((t) => t.shareNumber))].sort((a, b) => a - b));
    } catch (error) {
      return { ...NOTHING, error: `could not write the new copies: ${describeError(error)}` };
    }
    if (outcome === 'wrong-plan') {
      lastError = `segment size guess ${plan.params.maxSegmentSize} did not reproduce the file`;
      continue;
    }
    return releaseVerified(moves.filter((m) => targets.some((t) => t.server.serverId === m.toServerId && t.shareNumber === m.shareNumber)), byId, toVerifyCap(cap), storageIndex);
  }
  return { ...NOTHING, error: lastError };
}

/** Reads each new copy back and checks it against the cap; releases the old copy only for those that pass. */
async function releaseVerified(
  written: IndependenceMove[],
  byId: ReadonlyMap<string, StorageServer>,
  verifyCap: ReturnType<typeof toVerifyCap>,
  storageIndex: Uint8Array,
): Promise<RebalanceOutcome> {
  const outcome: RebalanceOutcome = { moved: [], released: [], kept: [] };
  for (const move of written) {
    const reader = (await byId.get(move.toServerId)!.getBuckets(storageIndex)).get(move.shareNumber);
    const verdict = reader ? await verifyShare(verifyCap, { shareNumber: move.shareNumber, read: (offset, length) => reader.read(offset, length) }) : undefined;
    if (!verdict?.ok) {
      outcome.error = `the new copy of share ${move.shareNumber} did not check out${verdict?.problem ? ` (${verdict.problem})` : ''}; the old copy was kept`;
      continue;
    }
    outcome.moved.push(move);
    const source = byId.get(move.fromServerId)!;
    const surplus = { serverId: move.fromServerId, shareNumber: move.shareNumber };
    if (source.releaseImmutableShare && (await source.releaseImmutableShare(storageIndex, move.shareNumber).catch(() => false))) outcome.released.push(surplus);
    else outcome.kept.push(surplus);
  }
  return outcome;
}

/** Servers that answer and have room for a share, in the file's permuted order. */
async function writableServers(servers: readonly StorageServer[], storageIndex: Uint8Array, shareSize: number): Promise<string[]> {
  const answers = await Promise.all(
    servers.map(async (server) => {
      try {
        const [version, buckets] = await Promise.all([server.getVersion(), server.getBuckets(storageIndex)]);
        const room = version.availableSpace >= shareSize && version.maximumImmutableShareSize >= shareSize;
        return room && buckets.size === 0 ? server.serverId : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return answers.filter((id): id is string => id !== undefined);
}
