import {
  computeConvergentKey,
  encodeChk,
  formatCap,
  literalCap,
  planEncoding,
} from '../chk';
import { LITERAL_THRESHOLD, type ByteSource, type EncodingParams } from '../chk/api';
import { base32Encode } from '../chk/base32';
import type { StorageServer } from '../storage/types';
import type { CheckedByteSource } from './byte-sources';
import { describeError, UploadCancelledError, UploadError } from './errors';
import { placeShares } from './placement';
import { ShareWriterPool } from './share-writer-pool';
import { domainHappinessOf } from './happiness';

export interface UploadOptions {
  encoding: EncodingParams;
  /** The grid's convergence secret: same plaintext + same secret = same cap. */
  convergence: Uint8Array;
  /** The grid's client lease secret; per-server lease secrets are derived from it (see secrets.ts). */
  leaseSecret: Uint8Array;
  /**
   * Progress in bytes of the file: `total` is the file's size, and `done`
   * grows from 0 to exactly `total`, never past it. Convergent encryption
   * reads the file twice (hashing for the key, then encoding), so each pass
   * counts half of every byte it reads: `done` is half the size once the key
   * is known and the whole size when the last segment is encoded. Callers
   * (jobs, the CLI) show it as it is.
   */
  onProgress?(done: number, total: number): void;
  signal?: AbortSignal;
  /** Each server's failure domain: shares reach every domain before a second server of one (placement.ts). */
  domainOf?: (serverId: string) => string | undefined;
  /**
   * Awaited with the base32 storage index once it is known, before any server
   * is asked: the service holds the storage index there, so a release of the
   * same content cannot remove shares this upload is about to rely on.
   */
  beforePlacement?(storageIndex: string): Promise<void>;
}

export interface ServerShares {
  serverId: string;
  nickname: string;
  shareNumbers: number[];
}

/** What an upload wrote on one server: how many shares, and their bytes (share data, as UploadReport counts them). */
export interface SharesWritten {
  serverId: string;
  shares: number;
  bytes: number;
}

/** The report's `uploaded`, per server, in shares and bytes: what callers note against each account's space and usage. */
export function sharesWrittenPerServer(report: Pick<UploadReport, 'uploaded' | 'shareSize'>): SharesWritten[] {
  return report.uploaded.map((group) => ({ serverId: group.serverId, shares: group.shareNumbers.length, bytes: group.shareNumbers.length * report.shareSize }));
}

export interface UploadReport {
  /** The read cap (URI:CHK:... or URI:LIT:...). */
  cap: string;
  /** The verify cap; null for literal files, which are stored in the cap itself. */
  verifyCap: string | null;
  /** Base32 storage index; null for literal files. */
  storageIndex: string | null;
  fileSize: number;
  /** Bytes of each share; 0 for literal files. */
  shareSize: number;
  /** Share bytes this upload wrote (all servers together). */
  bytesUploaded: number;
  /** Shares this upload wrote, per server (permuted order). */
  uploaded: ServerShares[];
  /** Shares the servers already held before this upload. */
  alreadyPresent: ServerShares[];
  happiness: number;
  /** With failure domains given: how many domains each hold a distinct share (happiness counted over domains). */
  domainHappiness?: number;
  /** Servers that could not be used, and why. */
  refused: { serverId: string; nickname: string; reason: string }[];
}

/**
 * Uploads an immutable file: a literal cap for 55 bytes or less; otherwise
 * convergent key, share placement by servers-of-happiness, then encoding
 * straight into the servers' buckets. Succeeds only with every written share
 * closed and happiness met; on any failure every bucket is aborted, so no
 * partial share is ever visible, and the thrown error says what to do.
 */
export async function uploadFile(servers: readonly StorageServer[], source: CheckedByteSource, options: UploadOptions): Promise<UploadReport> {
  const { encoding, signal } = options;
  validateEncoding(encoding);
  const throwIfCancelled = (): void => {
    if (signal?.aborted) throw new UploadCancelledError();
  };
  throwIfCancelled();

  if (source.size <= LITERAL_THRESHOLD) {
    const data = await source.read(0, source.size);
    await source.checkUnchanged?.();
    options.onProgress?.(source.size, source.size);
    return {
      cap: formatCap(literalCap(data)),
      verifyCap: null,
      storageIndex: null,
      fileSize: source.size,
      shareSize: 0,
      bytesUploaded: 0,
      uploaded: [],
      alreadyPresent: [],
      happiness: 0,
      refused: [],
    };
  }

  const progress = new TwoPassProgress(source.size, options.onProgress);
  const keyPass = trackedSource(source, throwIfCancelled, (bytes) => progress.keyed(bytes));
  const encodePass = trackedSource(source, throwIfCancelled, (bytes) => progress.encoded(bytes));

  const key = await computeConvergentKey(keyPass, encoding, options.convergence);
  throwIfCancelled();
  const plan = planEncoding(key, encoding, source.size);
  await options.beforePlacement?.(base32Encode(plan.storageIndex));
  throwIfCancelled();
  const placement = await placeShares(servers, {
    storageIndex: plan.storageIndex,
    shareSize: plan.shareSize,
    totalShares: encoding.total,
    happy: encoding.happy,
    leaseSecret: options.leaseSecret,
    domainOf: options.domainOf,
  });

  const pool = new ShareWriterPool({ targets: placement.allocated, existing: placement.existing, happy: encoding.happy });
  let result;
  try {
    throwIfCancelled();
    const toWrite = [...new Set(placement.allocated.map((a) => a.shareNumber))].sort((a, b) => a - b);
    // Progress covers the encoding pass even when every share is already stored.
    result = await encodeChk(plan, encodePass, pool.sink, { shareNumbers: toWrite });
    throwIfCancelled();
    await source.checkUnchanged?.();
    await pool.finish();
  } catch (error) {
    await pool.abortAll();
    if (error instanceof UploadError) throw error;
    if (signal?.aborted) throw new UploadCancelledError();
    throw new UploadError(`upload failed: ${describeError(error)}`, { cause: error });
  }

  const byId = new Map(placement.servers.map((s) => [s.serverId, s]));
  const sharesList = (map: ReadonlyMap<string, Iterable<number>>): ServerShares[] =>
    placement.servers
      .filter((s) => map.has(s.serverId) && [...map.get(s.serverId)!].length > 0)
      .map((s) => ({ serverId: s.serverId, nickname: s.nickname, shareNumbers: [...map.get(s.serverId)!].sort((a, b) => a - b) }));
  const lost = pool.lostServers;
  return {
    cap: formatCap(result.readCap),
    verifyCap: formatCap(result.verifyCap),
    storageIndex: base32Encode(plan.storageIndex),
    fileSize: source.size,
    shareSize: plan.shareSize,
    bytesUploaded: pool.bytesWritten,
    uploaded: sharesList(pool.placedShares()),
    alreadyPresent: sharesList(placement.existing),
    happiness: pool.currentHappiness(),
    ...(options.domainOf ? { domainHappiness: domainHappinessOf(mergedShares(placement.existing, pool.placedShares()), options.domainOf) } : {}),
    refused: [
      ...[...placement.refused].map(([serverId, reason]) => ({ serverId, nickname: byId.get(serverId)?.nickname ?? serverId, reason })),
      ...[...lost].map(([serverId, reason]) => ({ serverId, nickname: byId.get(serverId)?.nickname ?? serverId, reason })),
    ],
  };
}

/** Counts the two reads of the file as one progress in file bytes (see UploadOptions.onProgress). */
class TwoPassProgress {
  private keyedBytes = 0;
  private encodedBytes = 0;
  private reported = -1;

  constructor(
    private readonly size: number,
    private readonly report: ((done: number, total: number) => void) | undefined,
  ) {}

  keyed(bytes: number): void {
    this.keyedBytes = Math.min(this.size, this.keyedBytes + bytes);
    this.emit();
  }

  encoded(bytes: number): void {
    this.encodedBytes = Math.min(this.size, this.encodedBytes + bytes);
    this.emit();
  }

  private emit(): void {
    // Each pass is capped at the size, so the sum halved never passes it; it equals it only when both passes are through.
    const done = Math.floor((this.keyedBytes + this.encodedBytes) / 2);
    if (done === this.reported) return;
    this.reported = done;
    this.report?.(done, this.size);
  }
}

/** The source as one pass reads it: checks for cancellation before each read, and counts the bytes read. */
function trackedSource(source: CheckedByteSource, throwIfCancelled: () => void, counted: (bytes: number) => void): ByteSource {
  const tracked: ByteSource = {
    size: source.size,
    read: async (offset, length) => {
      throwIfCancelled();
      const bytes = await source.read(offset, length);
      counted(length);
      return bytes;
    },
  };
  if (source.view) {
    const view = source.view.bind(source);
    tracked.view = async (offset, length) => {
      throwIfCancelled();
      const bytes = await view(offset, length);
      counted(length);
      return bytes;
    };
  }
  if (source.readInto) {
    const readInto = source.readInto.bind(source);
    tracked.readInto = async (offset, target) => {
      throwIfCancelled();
      await readInto(offset, target);
      counted(target.length);
    };
  }
  return tracked;
}

export function validateEncoding(encoding: EncodingParams): void {
  const { needed, happy, total, maxSegmentSize } = encoding;
  const ok =
    Number.isInteger(needed) && Number.isInteger(happy) && Number.isInteger(total) && Number.isInteger(maxSegmentSize) &&
    needed >= 1 && total >= needed && total <= 256 && happy >= 1 && happy <= total && maxSegmentSize >= 1;
  if (!ok) {
    throw new UploadError(
      `bad encoding parameters needed=${needed}, happy=${happy}, total=${total}, segment size=${maxSegmentSize}: ` +
        'need 1 <= needed <= total <= 256, 1 <= happy <= total and a positive segment size',
    );
  }
}

function mergedShares(...maps: ReadonlyMap<string, Iterable<number>>[]): Map<string, number[]> {
  const merged = new Map<string, number[]>();
  for (const map of maps) for (const [server, shares] of map) merged.set(server, [...(merged.get(server) ?? []), ...shares]);
  return merged;
}
