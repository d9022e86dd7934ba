/**
 * Shares as files on local-folder accounts (`<root>/shares/<si[0:2]>/<si>/<n>`)
 * and the regions of a share's byte layout, so corruption tests can damage a
 * chosen part (header, blocks, hash trees, URI extension block) and put the
 * bytes back afterwards.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseShareHeader } from '../../engine/chk/share-layout';
import { parseShareTrailer, TRAILER_BYTES } from '../../engine/storage/local/share-trailer';

export interface ShareFile {
  /** Index of the server (account) in the list given. */
  server: number;
  shareNumber: number;
  file: string;
}

export function shareDir(root: string, storageIndex: string): string {
  return path.join(root, 'shares', storageIndex.slice(0, 2), storageIndex);
}

/** Every share file of a storage index on the given account roots. */
export async function findShareFiles(roots: readonly string[], storageIndex: string): Promise<ShareFile[]> {
  const found: ShareFile[] = [];
  for (const [server, root] of roots.entries()) {
    const dir = shareDir(root, storageIndex);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (/^\d+$/.test(name)) found.push({ server, shareNumber: Number(name), file: path.join(dir, name) });
  }
  return found;
}

/** Contents of files, to put back exactly after a trial. */
export async function snapshot(files: readonly ShareFile[]): Promise<Map<string, Buffer>> {
  return new Map(await Promise.all(files.map(async (f) => [f.file, await readFile(f.file)] as const)));
}

export interface Region {
  name: string;
  start: number;
  end: number;
}

/**
 * The share's own bytes in a share file: without the embedded-lease trailer
 * that local folders append (engine/storage/local/share-trailer.ts), which no
 * share reader sees.
 */
export function shareBytesOf(file: Uint8Array): Uint8Array {
  return trailerOf(file) ? file.subarray(0, file.length - TRAILER_BYTES) : file;
}

function trailerOf(file: Uint8Array): boolean {
  return file.length >= TRAILER_BYTES && parseShareTrailer(file.subarray(file.length - TRAILER_BYTES), file.length) !== undefined;
}

/**
 * The regions every reader checks, in a share file. Left out: the block-size and data-size
 * header fields and the plaintext hash tree area, which Tahoe-LAFS readers
 * never use (the sizes come from the URI extension block); see unreadRegions.
 */
export function checkedRegions(file: Uint8Array): Region[] {
  const share = shareBytesOf(file);
  const { version, offsets: o } = parseShareHeader(share);
  const sizeFieldsEnd = 4 + 2 * (version === 1 ? 4 : 8);
  return [
    { name: 'header version', start: 0, end: 4 },
    { name: 'header offsets', start: sizeFieldsEnd, end: o.data },
    { name: 'block data', start: o.data, end: o.plaintextHashTree },
    { name: 'crypttext hash tree', start: o.crypttextHashTree, end: o.blockHashes },
    { name: 'block hash tree', start: o.blockHashes, end: o.shareHashes },
    { name: 'share hash chain', start: o.shareHashes, end: o.uriExtension },
    { name: 'URI extension block', start: o.uriExtension, end: share.length },
  ];
}

/**
 * Bytes no reader uses: damage there cannot change a download (and, today, is not reported either).
 * The embedded-lease trailer is one: damaged, it is no longer taken for a trailer, the share reads as the
 * whole file, and the 128 bytes past its URI extension block are never read.
 */
export function unreadRegions(file: Uint8Array): Region[] {
  const share = shareBytesOf(file);
  const { version, offsets: o } = parseShareHeader(share);
  return [
    { name: 'header block-size and data-size fields', start: 4, end: 4 + 2 * (version === 1 ? 4 : 8) },
    { name: 'plaintext hash tree area', start: o.plaintextHashTree, end: o.crypttextHashTree },
    ...(share.length < file.length ? [{ name: 'embedded-lease trailer', start: share.length, end: file.length }] : []),
  ];
}
