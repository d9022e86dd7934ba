import { downloadChk, NotEnoughSharesError, parseCap, storageIndexOf } from '../chk';
import { CorruptShareError, type ChkReadCap, type ShareSource } from '../chk/api';
import type { StorageServer } from '../storage/types';
import { DownloadError, FileNotFoundInGridError } from './errors';
import { describeUnreachable, discoverShares, type ShareDiscovery } from './share-discovery';

export interface CorruptShareReport {
  serverId: string;
  nickname: string;
  shareNumber: number;
  reason: string;
}

export interface DownloadFileOptions {
  /** First plaintext byte wanted (default 0). */
  offset?: number;
  /** Number of plaintext bytes wanted (default: to the end). */
  length?: number;
  /** Plaintext bytes delivered so far, of the range asked for. */
  onProgress?(done: number, total: number): void;
  /** Called for each share that fails its hash checks (it is also reported to its server). */
  onCorruptShare?(report: CorruptShareReport): void;
  /** Segments fetched ahead (see the CHK layer's DownloadOptions); the default suits local and cloud stores. */
  prefetchSegments?: number;
}

/**
 * Streams a file's plaintext (or a range of it) from the grid. Literal caps
 * carry the data themselves. Otherwise every server is asked for shares; each
 * share number is read from the first server (permuted order) holding it,
 * falling back to another copy if a read fails or the copy is corrupt; every
 * block is hash-checked by the CHK layer, and shares that fail (a bad layout,
 * or any bad block) are reported to their server with adviseCorruptShare. A
 * bad block spoils only its segment: the file reads while every segment has
 * k good blocks among all shares.
 */
export async function* downloadFile(servers: readonly StorageServer[], capText: string, options: DownloadFileOptions = {}): AsyncGenerator<Uint8Array> {
  const cap = parseCap(capText.trim());
  if (cap.kind === 'CHK-Verifier') {
    throw new DownloadError('a verify cap cannot be downloaded: it lets you check the file, not read it; use the read cap (URI:CHK:...)');
  }
  const fileSize = cap.kind === 'LIT' ? cap.data.length : cap.size;
  const offset = options.offset ?? 0;
  const length = options.length ?? Math.max(0, fileSize - offset);
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0 || offset + length > fileSize) {
    throw new RangeError(`range of ${length} bytes at ${offset} is outside the ${fileSize}-byte file`);
  }

  if (cap.kind === 'LIT') {
    if (length > 0) yield cap.data.slice(offset, offset + length);
    options.onProgress?.(length, length);
    return;
  }

  yield* downloadFromSources(cap, await chkShareSources(servers, cap), offset, length, options);
}

/** The CHK part of downloadFile, from shares already found (the range already checked). */
export async function* downloadFromSources(
  cap: ChkReadCap,
  sources: ChkShareSources,
  offset: number,
  length: number,
  options: DownloadFileOptions,
  /** Damaged shares already reported to their servers, as "serverId:shareNumber": not reported again. */
  alreadyReported: ReadonlySet<string> = new Set(),
): AsyncGenerator<Uint8Array> {
  const advisories: Promise<void>[] = [];
  const onCorruptShare = (error: CorruptShareError): void => {
    const holder = sources.holderOf(error.source ?? error.shareNumber);
    if (!holder || alreadyReported.has(`${holder.serverId}:${error.shareNumber}`)) return;
    advisories.push(holder.adviseCorruptShare(sources.storageIndex, error.shareNumber, error.reason).catch(() => undefined));
    options.onCorruptShare?.({ serverId: holder.serverId, nickname: holder.nickname, shareNumber: error.shareNumber, reason: error.reason });
  };

  let done = 0;
  options.onProgress?.(0, length);
  try {
    for await (const chunk of downloadChk(cap, sources.shares, { offset, length, onCorruptShare, prefetchSegments: options.prefetchSegments })) {
      done += chunk.length;
      yield chunk;
      options.onProgress?.(done, length);
    }
  } catch (error) {
    if (error instanceof NotEnoughSharesError) {
      // Blocks too damaged in one segment cannot be rebuilt by repair; missing shares may come back with their servers.
      const advice =
        error.segment === undefined
          ? 'Run "raic check --repair" while enough shares remain, or restore the missing servers.'
          : 'Repair cannot rebuild that segment from these shares; restore the missing servers or the damaged share files from a backup. The other segments can still be read as byte ranges.';
      throw new DownloadError(`download failed: ${error.message}; ${sources.describeFound()}. ${advice}`, { cause: error });
    }
    throw error;
  } finally {
    await Promise.all(advisories);
  }
}

/** Downloads a whole file (or range) into memory; for small files and tests. */
export async function downloadToBytes(servers: readonly StorageServer[], capText: string, options: DownloadFileOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of downloadFile(servers, capText, options)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

export interface ChkShareSources {
  storageIndex: Uint8Array;
  /** One source per copy found: every share number's first copy, then the second copies, and so on. */
  shares: ShareSource[];
  /** The server holding a source (or, given a share number, its first copy). */
  holderOf(share: ShareSource | number): StorageServer | undefined;
  describeFound(): string;
}

/**
 * Finds the shares of a CHK file and wraps one source per copy. The decoder
 * uses the first copy of each share number and turns to another copy when one
 * cannot be read, is corrupt, or has a bad block in the segment it needs.
 */
export async function chkShareSources(servers: readonly StorageServer[], cap: ChkReadCap): Promise<ChkShareSources> {
  const storageIndex = storageIndexOf(cap);
  return chkShareSourcesFrom(await discoverShares(servers, storageIndex), servers, cap, storageIndex);
}

/** chkShareSources from a discovery already made (of `servers`, or of some of them). */
export function chkShareSourcesFrom(discovery: ShareDiscovery, servers: readonly StorageServer[], cap: ChkReadCap, storageIndex: Uint8Array): ChkShareSources {
  const reachable = servers.length - discovery.unreachable.size;
  if (discovery.copies.size === 0) {
    throw new FileNotFoundInGridError(
      `no shares of this file were found on any of the ${servers.length} servers (${reachable} answered${describeUnreachable(discovery)}); ` +
        'it was never uploaded to this grid, or all its shares were deleted. Check the cap and the configured servers.',
    );
  }
  const describeFound = (): string =>
    `${discovery.copies.size} distinct share${discovery.copies.size === 1 ? '' : 's'} found on ${discovery.byServer.size} of ${servers.length} servers, ` +
    `${cap.needed} needed${describeUnreachable(discovery)}`;
  if (discovery.copies.size < cap.needed) {
    throw new DownloadError(`download failed: not enough shares: ${describeFound()}. Restore the missing servers, then run "raic check --repair".`);
  }
  const holders = new Map<ShareSource, StorageServer>();
  const shares: ShareSource[] = [];
  const deepest = Math.max(...[...discovery.copies.values()].map((copies) => copies.length));
  for (let rank = 0; rank < deepest; rank++) {
    for (const [shareNumber, copies] of discovery.copies) {
      const copy = copies[rank];
      if (!copy) continue;
      const reader = copy.reader;
      const source: ShareSource = { shareNumber, read: (offset, length) => reader.read(offset, length) };
      if (reader.readInto) source.readInto = (offset, target) => reader.readInto!(offset, target);
      holders.set(source, copy.server);
      shares.push(source);
    }
  }
  const holderOf = (share: ShareSource | number): StorageServer | undefined =>
    typeof share === 'number' ? discovery.copies.get(share)?.[0]?.server : holders.get(share);
  return { storageIndex, shares, holderOf, describeFound };
}
