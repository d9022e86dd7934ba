/**
 * The least a small-file upload in Tahoe-LAFS's format costs on this machine,
 * for the peer benchmark to set beside RAIC's and rclone's times of the same
 * run: each file's convergent key and CHK shares computed by RAIC's engine in
 * memory, then every share written durably in Tahoe's storage layout
 * (`shares/<prefix>/<storage index>/<share number>`: a new file written,
 * fdatasynced and renamed into the storage index's folder, that folder
 * fsynced), the shares of a file at once and 24 files in flight, as RAIC's
 * job runner has on local folders.
 *
 * Everything else RAIC does per file is left out: no catalog, placement,
 * leases, job rows, trailer or command start. So RAIC's service can come
 * close to this figure but not below it, and nor can any program that stores
 * one Tahoe-LAFS file per user file (one cap each) and makes its shares
 * durable before it reports them stored. rclone stores one encrypted file per
 * copy and syncs nothing, so this is the fairest floor to read the small-file
 * ratio against.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { EncodingParams } from '../engine/chk/api';
import { base32Encode } from '../engine/chk/base32';
import { encodeChk } from '../engine/chk/encoder';
import { MemoryShareStore } from '../engine/chk/memory-shares';
import { computeConvergentKey, planEncoding } from '../engine/chk/plan';
import { fileByteSource } from '../engine/grid/byte-sources';
import { closeDescriptor, datasyncDescriptor, makeFolder, openDescriptor, renamePath, writeAt } from '../engine/storage/local/fs-calls';
import { syncDirectory } from '../engine/storage/local/private-files';

/** RAIC's small jobs in flight on local folders (service/jobs/runner-options.ts). */
const FILES_IN_FLIGHT = 24;

export interface FormatFloor {
  seconds: number;
  sharesWritten: number;
}

/** Stores `files` as Tahoe-LAFS CHK shares on `stores` (one share each, so params.total must equal stores.length) and times it. */
export async function measureFormatFloor(files: readonly string[], stores: readonly string[], params: EncodingParams): Promise<FormatFloor> {
  if (params.total !== stores.length) throw new RangeError(`${params.total} shares need ${params.total} stores, got ${stores.length}`);
  for (const store of stores) await makeFolder(path.join(store, 'incoming'), 0o700, true);
  // A convergence secret of its own, so no share matches one RAIC stored earlier in the run.
  const convergence = randomBytes(32);
  let next = 0;
  let sharesWritten = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++];
      const source = await fileByteSource(file);
      try {
        const plan = planEncoding(await computeConvergentKey(source, params, convergence), params, source.size);
        const shares = new MemoryShareStore(plan.shareSize);
        await encodeChk(plan, source, shares);
        const storageIndex = base32Encode(plan.storageIndex);
        await Promise.all(stores.map((store, shareNumber) => storeShareDurably(store, storageIndex, shareNumber, shares.bytes(shareNumber))));
        sharesWritten += stores.length;
      } finally {
        await source.close();
      }
    }
  };
  await Promise.all(Array.from({ length: FILES_IN_FLIGHT }, worker));
  return { seconds: (performance.now() - started) / 1000, sharesWritten };
}

async function storeShareDurably(store: string, storageIndex: string, shareNumber: number, bytes: Uint8Array): Promise<void> {
  const folder = path.join(store, 'shares', storageIndex.slice(0, 2), storageIndex);
  const incoming = path.join(store, 'incoming', `${storageIndex}.${shareNumber}`);
  await makeFolder(folder, 0o700, true);
  const fd = await openDescriptor(incoming, 'wx', 0o600);
  try {
    await writeAt(fd, [bytes], 0);
    await datasyncDescriptor(fd);
  } finally {
    await closeDescriptor(fd);
  }
  await renamePath(incoming, path.join(folder, String(shareNumber)));
  await syncDirectory(folder);
}
