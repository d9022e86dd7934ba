/**
 * A whole small file into memory, for restores of many small files, where
 * each file's fixed costs (asking every server which shares it holds, opening
 * readers) are most of its time.
 *
 * The difference from downloadFile: only the first `needed` servers of the
 * file's permuted order are asked at first. Uploads spread a file's shares
 * one per server in that order while there are servers enough, so on a
 * healthy grid these servers hold `needed` distinct shares and the others
 * need not be asked (on a 2-of-3 grid one listing in three is saved per
 * file, on the default 3-of-5 grid two in five). When they
 * do not, or one of them cannot answer, or the download from them fails for
 * any reason, the remaining servers are asked and the download runs as
 * downloadFile would, over every copy found. Every block is hash-checked
 * exactly as in downloadFile: asking fewer servers changes where blocks come
 * from, never what is accepted.
 */
import { downloadChk, parseCap, storageIndexOf } from '../chk';
import type { ChkReadCap, CorruptShareError } from '../chk/api';
import type { StorageServer } from '../storage/types';
import { chkShareSourcesFrom, downloadFile, downloadFromSources, type ChkShareSources, type CorruptShareReport } from './download';
import { permuteServers } from './permute';
import { discoverSharesAmong, mergeDiscoveries, type ShareDiscovery } from './share-discovery';

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
  let rest: ShareDiscovery | undefined;
  try {
    const reported = new Set<string>();
    if (ordered.length > firstServers.length && first.unreachable.size === 0 && first.copies.size >= cap.needed) {
      const pieces = await fromFirstServers(cap, chkShareSourcesFrom(first, servers, cap, storageIndex), reported, options).catch(() => undefined);
      if (pieces) return pieces;
    }
    rest = ordered.length > firstServers.length ? await discoverSharesAmong(ordered.slice(firstServers.length), storageIndex) : undefined;
    const discovery = rest ? mergeDiscoveries(first, rest) : first;
    return await collect(downloadFromSources(cap, chkShareSourcesFrom(discovery, servers, cap, storageIndex), 0, cap.size, options, reported));
  } finally {
    // The plaintext pieces are fresh memory (decrypted), never views of what the readers read: their memory may be reused.
    for (const found of [first, rest]) for (const copies of found?.copies.values() ?? []) for (const copy of copies) copy.reader.release?.();
  }
}

/**
 * The download from the first servers' shares. A share found damaged is
 * reported to its server and to the caller whatever the outcome (the full
 * download that follows a failure may not read it again), and added to
 * `reported`, so that download does not report it twice.
 */
async function fromFirstServers(
  cap: ChkReadCap,
  sources: ChkShareSources,
  reported: Set<string>,
  options: DownloadSmallFileOptions,
): Promise<Uint8Array[]> {
  const advisories: Promise<void>[] = [];
  const onCorruptShare = (error: CorruptShareError): void => {
    const holder = sources.holderOf(error.source ?? error.shareNumber);
    const key = `${holder?.serverId}:${error.shareNumber}`;
    if (!holder || reported.has(key)) return;
    reported.add(key);
    advisories.push(holder.adviseCorruptShare(sources.storageIndex, error.shareNumber, error.reason).catch(() => undefined));
    options.onCorruptShare?.({ serverId: holder.serverId, nickname: holder.nickname, shareNumber: error.shareNumber, reason: error.reason });
  };
  try {
    const pieces: Uint8Array[] = [];
    for await (const piece of downloadChk(cap, sources.shares, { onCorruptShare })) pieces.push(piece);
    return pieces;
  } finally {
    await Promise.all(advisories);
  }
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  for await (const chunk of chunks) pieces.push(chunk);
  return pieces;
}
