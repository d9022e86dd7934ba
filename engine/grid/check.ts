import { parseCap, storageIndexOf, toVerifyCap, verifyShare } from '../chk';
import type { ChkVerifyCap } from '../chk/api';
import { base32Encode } from '../chk/base32';
import type { StorageServer } from '../storage/types';
import { describeError } from './errors';
import { domainHappinessOf, happinessOf } from './happiness';
import { rebalanceFile } from './rebalance';
import { discoverShares, type ShareDiscovery } from './share-discovery';
import { repairFile } from './repair';
import { weakestSegment, type CopyState } from './block-coverage';
import type { CheckReport, CorruptShareEntry } from './types';

export interface CheckOptions {
  /** Read and hash-check every share (slow: reads every byte). */
  verify?: boolean;
  /** Regenerate missing or corrupt shares and spread them to reach full health. */
  repair?: boolean;
  /** Happiness a healthy file needs; default min(N, number of servers). */
  happy?: number;
  /** The grid's segment size, tried first when regenerating shares. */
  maxSegmentSize?: number;
  /** Needed for repair: the grid's client lease secret. */
  leaseSecret?: Uint8Array;
  /**
   * Failure domain per server id. With it the report counts happiness over
   * domains too, repair places regenerated shares on domains the file lacks
   * first, and (with repair) a recoverable file whose shares crowd one domain
   * while another has room gets shares moved there (rebalance.ts).
   */
  domainOf?: (serverId: string) => string | undefined;
}

/**
 * Checks a file's health: which shares exist where, (with verify) whether each
 * is intact, and whether happiness is met. With repair, an unhealthy but
 * recoverable file gets its missing shares regenerated and placed, and the
 * report carries a fresh check made afterwards.
 */
export async function checkFile(servers: readonly StorageServer[], capText: string, options: CheckOptions = {}): Promise<CheckReport> {
  const cap = parseCap(capText.trim());
  if (cap.kind === 'LIT') {
    // The data is in the cap itself: nothing is stored, nothing can be lost.
    return {
      kind: 'LIT', storageIndex: null, fileSize: cap.data.length, verified: !!options.verify, needed: 0, expected: 0, happy: 0,
      sharesFound: [], distinctSharesFound: 0, goodShares: 0, corruptShares: [], sharesWithBadBlocks: 0, happiness: 0, healthy: true, recoverable: true, unreachable: [],
    };
  }
  const verifyCap: ChkVerifyCap = cap.kind === 'CHK' ? toVerifyCap(cap) : cap;
  const happy = options.happy ?? Math.min(cap.total, servers.length);
  const again = () => inspect(servers, verifyCap, happy, !!options.verify, options.domainOf);
  const report = await again();
  if (!options.repair) return report;
  if (!report.healthy) {
    report.repair = await repairFile(servers, capText.trim(), report, {
      happy,
      maxSegmentSize: options.maxSegmentSize,
      leaseSecret: options.leaseSecret,
      domainOf: options.domainOf,
      recheck: again,
    });
  }
  const current = report.repair?.after ?? report;
  if (options.domainOf && options.leaseSecret && current.recoverable) {
    const outcome = await rebalanceFile(servers, capText.trim(), {
      domainOf: options.domainOf,
      leaseSecret: options.leaseSecret,
      happy,
      maxSegmentSize: options.maxSegmentSize,
      goodShares: goodSharesOf(current),
    });
    if (outcome.moved.length > 0 || outcome.error) report.rebalance = { ...outcome, ...(outcome.moved.length > 0 ? { after: await again() } : {}) };
  }
  return report;
}

/** Good copies per server: what a check found, without the corrupt ones. */
function goodSharesOf(report: CheckReport): Map<string, number[]> {
  const bad = new Set(report.corruptShares.map((c) => `${c.serverId}/${c.shareNumber}`));
  return new Map(report.sharesFound.map((s) => [s.serverId, s.shareNumbers.filter((n) => n < report.expected && !bad.has(`${s.serverId}/${n}`))]));
}

async function inspect(
  servers: readonly StorageServer[],
  cap: ChkVerifyCap,
  happy: number,
  verify: boolean,
  domainOf?: (serverId: string) => string | undefined,
): Promise<CheckReport> {
  const storageIndex = storageIndexOf(cap);
  const discovery = await discoverShares(servers, storageIndex);
  const { corrupt, segmentCount } = verify ? await verifyAll(discovery, cap, storageIndex) : { corrupt: [], segmentCount: undefined };
  const bad = new Set(corrupt.map((c) => `${c.serverId}/${c.shareNumber}`));

  const good = new Map<string, number[]>();
  for (const [serverId, shares] of discovery.byServer) {
    const ok = shares.filter((n) => n < cap.total && !bad.has(`${serverId}/${n}`));
    if (ok.length > 0) good.set(serverId, ok);
  }
  const goodDistinct = new Set([...good.values()].flat()).size;
  const happiness = happinessOf(good);
  // Verified: judge block by block (a copy with bad blocks still serves its other segments). The segment
  // count is known whenever some copy has bad blocks; without one, every segment is alike and one stands for all.
  const weakest = verify ? weakestSegment(copyStates(discovery, corrupt), cap.total, segmentCount ?? 1) : undefined;
  const recoverable = weakest ? weakest.goodBlocks >= cap.needed : goodDistinct >= cap.needed;
  const names = new Map(discovery.servers.map((s) => [s.serverId, s.nickname]));
  return {
    kind: 'CHK',
    storageIndex: base32Encode(storageIndex),
    fileSize: cap.size,
    verified: verify,
    needed: cap.needed,
    expected: cap.total,
    happy,
    sharesFound: discovery.servers
      .filter((s) => discovery.byServer.has(s.serverId))
      .map((s) => ({ serverId: s.serverId, nickname: s.nickname, shareNumbers: discovery.byServer.get(s.serverId)! })),
    distinctSharesFound: discovery.copies.size,
    goodShares: goodDistinct,
    corruptShares: corrupt,
    sharesWithBadBlocks: corrupt.filter((c) => c.badBlocks).length,
    ...(segmentCount === undefined ? {} : { segmentCount }),
    ...(weakest ? { weakestSegment: weakest } : {}),
    happiness,
    ...(domainOf ? { domainHappiness: domainHappinessOf(good, domainOf) } : {}),
    healthy: goodDistinct >= cap.total && happiness >= happy,
    recoverable,
    unreachable: [...discovery.unreachable].map(([serverId, reason]) => ({ serverId, nickname: names.get(serverId) ?? serverId, reason })),
  };
}

/** Every copy found, with what verification said about its blocks. */
function copyStates(discovery: ShareDiscovery, corrupt: readonly CorruptShareEntry[]): CopyState[] {
  const verdicts = new Map(corrupt.map((c) => [`${c.serverId}/${c.shareNumber}`, c.badBlocks ?? null]));
  return [...discovery.byServer].flatMap(([serverId, numbers]) =>
    numbers.map((shareNumber) => ({ shareNumber, badBlocks: verdicts.has(`${serverId}/${shareNumber}`) ? verdicts.get(`${serverId}/${shareNumber}`) : undefined })),
  );
}

const VERIFY_CONCURRENCY = 4;

interface Verified {
  corrupt: CorruptShareEntry[];
  /** Learned from a share with bad blocks (a good share's verdict does not carry it). */
  segmentCount: number | undefined;
}

async function verifyAll(discovery: ShareDiscovery, cap: ChkVerifyCap, storageIndex: Uint8Array): Promise<Verified> {
  const jobs = [...discovery.copies].flatMap(([shareNumber, copies]) => copies.map((copy) => ({ shareNumber, ...copy })));
  const corrupt: CorruptShareEntry[] = [];
  let segmentCount: number | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++];
      let problem: string | undefined;
      let badBlocks: number[] | undefined;
      if (job.shareNumber >= cap.total) {
        problem = `share number ${job.shareNumber} is outside 0..${cap.total - 1}`;
      } else {
        try {
          const result = await verifyShare(cap, { shareNumber: job.shareNumber, read: (o, l) => job.reader.read(o, l) });
          segmentCount ??= result.segmentCount;
          if (!result.ok) problem = result.problem ?? 'failed verification';
          badBlocks = result.badBlocks;
        } catch (error) {
          problem = `could not be read: ${describeError(error)}`;
        }
      }
      if (problem === undefined) continue;
      corrupt.push({ serverId: job.server.serverId, nickname: job.server.nickname, shareNumber: job.shareNumber, reason: problem, ...(badBlocks ? { badBlocks } : {}) });
      await job.server.adviseCorruptShare(storageIndex, job.shareNumber, problem).catch(() => undefined);
    }
  };
  await Promise.all(Array.from({ length: VERIFY_CONCURRENCY }, worker));
  return { corrupt: corrupt.sort((a, b) => a.shareNumber - b.shareNumber || a.serverId.localeCompare(b.serverId)), segmentCount };
}
