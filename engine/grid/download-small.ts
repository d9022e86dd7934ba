/**
 * A whole small file into memory, for restores of many small files, where
 * each file's fixed costs (asking every server which shares it holds, opening
 * readers) are most of its time.
 *
 * The difference from downloadFile: only the first `needed` servers of the
 * file's permuted order are asked at first. Uploads place share i on the
 * i-th server of that order when they can, so on a healthy grid these
 * servers hold `needed` distinct shares and the others need not be asked
 * (on a 2-of-3 grid that is one listing in three saved per file). When they
 * do not, or one of them cannot answer, or the download from them fails for
 * any reason, the remaining servers are asked and the download runs as
 * downloadFile would, over every copy found. Every block is hash-checked
 * exactly as in downloadFile: asking fewer servers changes where blocks come
 * from, never what is accepted.
 */
import { downloadChk, parseCap, storageIndexOf } from '../chk';
import type { CorruptShareError } from '../chk/api';
import type { StorageServer } from '../storage/types';
import { chkShareSourcesFrom, downloadFile, downloadFromSources, type CorruptShareReport } from './download';
import { permuteServers } from './permute';
import { discoverSharesAmong, mergeDiscoveries } from './share-discovery';

export interface DownloadSmallFileOptions {
  /** Called for each share that fails its hash checks (it is also reported to its server). */
  onCorruptShare?(report: CorruptShareReport): void;
}

/** The file's plaintext as the pieces the decoder yields (write them with one writev, or concatenate). */
export async function downloadSmallFile(servers: readonly StorageServer[], capText: string, options: DownloadSmallFileOptions = {}): Promise<Uint8Array[]> {
  const cap = parseCap(capText.trim());
  if (cap.kind !== 'CHK') return collect(downloadFile(servers, capText, options)); // literal data, or the verify cap's clear refusal
  const storageIndex = storageIndexOf(cap);
  const ordered = permuteServers(servers, storageIndex);
  const firstServers = ordered.slice(0, cap.needed);
  const first = await discoverSharesAmong(firstServers, storageIndex);
  if (ordered.length > firstServers.length && first.unreachable.size === 0 && first.copies.size >= cap.needed) {
    const pieces = await fromFirstServers(cap, chkShareSourcesFrom(first, servers, cap, storageIndex), options).catch(() => undefined);
    if (pieces) return pieces;
  }
  const rest = ordered.length > firstServers.length ? await discoverSharesAmong(ordered.slice(firstServers.length), storageIndex) : undefined;
  const discovery = rest ? mergeDiscoveries(first, rest) : first;
  return collect(downloadFromSources(cap, chkShareSourcesFrom(discovery, servers, cap, storageIndex), 0, cap.size, options));
}

/**
 * The download from the first servers' shares. Shares found corrupt are
 * reported only if it succeeds: on failure the full download reads them
 * again and reports them itself, so a server is told once.
 */
async function fromFirstServers(
  cap: Parameters<typeof downloadChk>[0],
  sources: ReturnType<typeof chkShareSourcesFrom>,
  options: DownloadSmallFileOptions,
): Promise<Uint8Array[]> {
  const corrupt: CorruptShareError[] = [];
  const pieces: Uint8Array[] = [];
  for await (const piece of downloadChk(cap, sources.shares, { onCorruptShare: (error) => corrupt.push(error) })) pieces.push(piece);
  await Promise.all(
    corrupt.map((error) => {
      const holder = sources.holderOf(error.source ?? error.shareNumber);
      if (!holder) return undefined;
      options.onCorruptShare?.({ serverId: holder.serverId, nickname: holder.nickname, shareNumber: error.shareNumber, reason: error.reason });
      return holder.adviseCorruptShare(sources.storageIndex, error.shareNumber, error.reason).catch(() => undefined);
    }),
  );
  return pieces;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for await (const chunk of chunks) pieces.push(chunk);
  return pieces;
}
