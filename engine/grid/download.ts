import { downloadChk, NotEnoughSharesError, parseCap, storageIndexOf } from '../chk';
import { CorruptShareError, type ChkReadCap, type ShareSource } from '../chk/api';
import type { StorageServer } from '../storage/types';
import { DownloadError, FileNotFoundInGridError } from './errors';
import { describeUnreachable, discoverShares, type FoundShare } from './share-discovery';

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
}

/**
 * Streams a file's plaintext (or a range of it) from the grid. Literal caps
 * carry the data themselves. Otherwise every server is asked for shares; each
 * share number is read from the first server (permuted order) holding it,
 * falling back to another copy if a read fails; every block is hash-checked by
 * the CHK layer, and shares that fail are reported to their server with
 * adviseCorruptShare.
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

  const sources = await chkShareSources(servers, cap);
  const advisories: Promise<void>[] = [];
  const onCorruptShare = (error: CorruptShareError): void => {
    const holder = sources.holderOf(error.shareNumber);
    if (!holder) return;
    advisories.push(holder.adviseCorruptShare(sources.storageIndex, error.shareNumber, error.reason).catch(() => undefined));
    options.onCorruptShare?.({ serverId: holder.serverId, nickname: holder.nickname, shareNumber: error.shareNumber, reason: error.reason });
  };

  let done = 0;
  options.onProgress?.(0, length);
  try {
    for await (const chunk of downloadChk(cap, sources.shares, { offset, length, onCorruptShare })) {
      done += chunk.length;
      yield chunk;
      options.onProgress?.(done, length);
    }
  } catch (error) {
    if (error instanceof NotEnoughSharesError) {
      throw new DownloadError(
        `download failed: ${error.message}; ${sources.describeFound()}. Run "raic check --repair" while enough shares remain, or restore the missing servers.`,
        { cause: error },
      );
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
  shares: ShareSource[];
  holderOf(shareNumber: number): StorageServer | undefined;
  describeFound(): string;
}

/** Finds the shares of a CHK file and wraps one source per share number. */
export async function chkShareSources(servers: readonly StorageServer[], cap: ChkReadCap): Promise<ChkShareSources> {
  const storageIndex = storageIndexOf(cap);
  const discovery = await discoverShares(servers, storageIndex);
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
  const holders = new Map<number, FoundShare>();
  const shares = [...discovery.copies].map(([shareNumber, copies]) => new FailoverShareSource(shareNumber, copies, holders));
  return { storageIndex, shares, holderOf: (n) => holders.get(n)?.server ?? discovery.copies.get(n)?.[0]?.server, describeFound };
}

/** Reads one share number from its first copy, moving to the next copy when a read fails. */
class FailoverShareSource implements ShareSource {
  private current = 0;

  constructor(
    readonly shareNumber: number,
    private readonly copies: FoundShare[],
    private readonly holders: Map<number, FoundShare>,
  ) {
    holders.set(shareNumber, copies[0]);
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    for (;;) {
      const index = this.current;
      try {
        return await this.copies[index].reader.read(offset, length);
      } catch (error) {
        // Concurrent reads failing on the same copy move on only once.
        if (index === this.current) {
          if (this.current + 1 >= this.copies.length) throw error;
          this.current++;
          this.holders.set(this.shareNumber, this.copies[this.current]);
        }
      }
    }
  }
}
