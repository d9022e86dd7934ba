/**
 * A whole small file into memory, for restores of many small files, where
 * each file's fixed costs (asking every server which shares it holds, opening
 * readers) are most of its time.
 *
 * The difference from downloadFile: only the first `needed` servers of the
 * file's permuted order are asked at first. Uploads spread a file's shares
 * one per server in that order while there are servers enough, share i on
 * the i-th server (happiness.ts), so on a healthy grid these servers hold
 * `needed` distinct shares and the others need not be asked (on a 2-of-3
 * grid one listing in three is saved per file, on the default 3-of-5 grid
 * two in five). A server that can open one share directly
 * (StorageServer.openShare: a local folder, or a cloud account's blob
 * server) is asked for share i alone, which spares it listing the file's
 * folder or bucket first; when it
 * has no such share (files placed before that order, in reverse, or moved by
 * repair or rebalancing) or cannot open it, it is asked what it holds as
 * any other server is. When the first servers do not hold enough shares, or
 * one of them cannot answer, or the download from them fails for any
 * reason, every server not yet listed is asked (the first ones too: a server
 * opened for one share may hold others) and the download runs as
 * downloadFile would, over every copy found. Every block is hash-checked
 * exactly as in downloadFile: asking fewer servers changes where blocks come
 * from, never what is accepted.
 */
import { downloadChk, parseCap, storageIndexOf } from '../chk';
import type { ChkReadCap, CorruptShareError } from '../chk/api';
import type { BucketReader, StorageServer } from '../storage/types';
import { chkShareSourcesFrom, downloadFile, downloadFromSources, type ChkShareSources, type CorruptShareReport } from './download';
import { permuteServers } from './permute';
import { discoverSharesAmong, mergeDiscoveries, type FoundShare, type ShareDiscovery } from './share-discovery';

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
  /** The servers asked what they hold (getBuckets), as opposed to opened for their expected share alone. */
  const listed = new Set<StorageServer>();
  const lookUp = async (server: StorageServer, position: number): Promise<Map<number, BucketReader>> => {
    if (server.openShare) {
      // Any failure here is answered by the listing below, which reports an unreachable server as such.
      const reader = await server.openShare(storageIndex, position).catch(() => undefined);
      if (reader) return new Map([[position, reader]]);
    }
    listed.add(server);
    return server.getBuckets(storageIndex);
  };
  const first = await discoverSharesAmong(firstServers, storageIndex, lookUp);
  let rest: ShareDiscovery | undefined;
  try {
    const reported = new Set<string>();
    const othersToAsk = ordered.filter((server) => !listed.has(server));
    if (othersToAsk.length > 0 && first.unreachable.size === 0 && first.copies.size >= cap.needed) {
      const pieces = await fromFirstServers(cap, chkShareSourcesFrom(first, servers, cap, storageIndex), reported, options).catch(() => undefined);
      if (pieces) return pieces;
    }
    rest = othersToAsk.length > 0 ? await discoverSharesAmong(othersToAsk, storageIndex) : undefined;
    // The servers opened directly are in `rest` with all they hold: their single copies are left out here.
    const discovery = rest ? mergeDiscoveries(onlyFrom(first, listed), rest) : first;
    return await collect(downloadFromSources(cap, chkShareSourcesFrom(discovery, servers, cap, storageIndex), 0, cap.size, options, reported));
  } finally {
    // The plaintext pieces are fresh memory (decrypted), never views of what the readers read: their memory may be reused.
    for (const found of [first, rest]) for (const copies of found?.copies.values() ?? []) for (const copy of copies) copy.reader.release?.();
  }
}

/** The part of a discovery that came from the given servers. */
function onlyFrom(discovery: ShareDiscovery, keep: ReadonlySet<StorageServer>): ShareDiscovery {
  const copies = new Map<number, FoundShare[]>();
  for (const [shareNumber, list] of discovery.copies) {
    const kept = list.filter((copy) => keep.has(copy.server));
    if (kept.length > 0) copies.set(shareNumber, kept);
  }
  const keptIds = new Set([...keep].map((server) => server.serverId));
  return {
    servers: discovery.servers.filter((server) => keep.has(server)),
    copies,
    byServer: new Map([...discovery.byServer].filter(([id]) => keptIds.has(id))),
    unreachable: new Map([...discovery.unreachable].filter(([id]) => keptIds.has(id))),
  };
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
