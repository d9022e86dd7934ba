/**
 * One round of a backend fault scenario at the engine level: upload files
 * through the faulty grid, then download each and compare digests. Outcomes
 * are counted, not asserted, so a scenario reports everything that went
 * wrong at once; the test then asserts on the counts and records them.
 */
import { computeConvergentKey, planEncoding } from '../../engine/chk';
import type { EncodingParams } from '../../engine/chk/api';
import { base32Encode } from '../../engine/chk/base32';
import { bytesByteSource, downloadToBytes, uploadFile, type UploadReport } from '../../engine/grid';
import type { StorageServer } from '../../engine/storage/types';
import { settle, withDeadline } from './deadline';
import { sha256 } from './digest';
import type { Prng } from './prng';

export const ENCODING: EncodingParams = { needed: 3, happy: 4, total: 5, maxSegmentSize: 128 * 1024 };
const CONVERGENCE = new Uint8Array(16).fill(9);
export const LEASE_SECRET = new Uint8Array(32).fill(4);
/** Sizes just over the literal limit, one segment, and several segments. */
export const FILE_SIZES = [56, 20_000, 200_000, 600_000];

export interface StoredFile {
  cap: string;
  digest: string;
  report: UploadReport;
}

export interface UploadRound {
  attempted: number;
  stored: StoredFile[];
  /** Failed uploads that left nothing readable behind. */
  failedCleanly: number;
  /** Failed uploads with a share of the wrong size visible: the thing that must never happen. */
  partialShares: number;
  /** Complete shares a failed upload left (harmless: valid shares, reclaimed when leases expire). */
  leftoverShares: number;
  lowestHappiness: number;
  errors: string[];
}

export interface DownloadRound {
  attempted: number;
  exact: number;
  /** Downloads that returned bytes other than the original. */
  wrongBytes: number;
  /** Downloads that failed although `needed` shares sat on servers without faults. */
  failedWithSharesReachable: number;
  /** Downloads that failed with too few shares outside the faulty servers (not a loss: the data is there). */
  failedWithoutEnoughShares: number;
  errors: string[];
}

/** Uploads `count` seeded files; each upload has its own deadline. `clean` is the grid seen without faults. */
export async function uploadRound(servers: StorageServer[], clean: StorageServer[], prng: Prng, count: number, deadlineMs: number): Promise<UploadRound> {
  const round: UploadRound = { attempted: count, stored: [], failedCleanly: 0, partialShares: 0, leftoverShares: 0, lowestHappiness: Infinity, errors: [] };
  for (let i = 0; i < count; i++) {
    const data = prng.bytes(FILE_SIZES[i % FILE_SIZES.length]!);
    const result = await settle(
      withDeadline(`upload ${i}`, deadlineMs, uploadFile(servers, bytesByteSource(data), { encoding: ENCODING, convergence: CONVERGENCE, leaseSecret: LEASE_SECRET })),
    );
    if (result.ok) {
      round.stored.push({ cap: result.value.cap, digest: sha256(data), report: result.value });
      round.lowestHappiness = Math.min(round.lowestHappiness, result.value.happiness);
      continue;
    }
    round.errors.push(String(result.error));
    const left = await sharesLeftBy(clean, data, deadlineMs);
    round.partialShares += left.partial;
    round.leftoverShares += left.complete;
    if (left.partial === 0) round.failedCleanly++;
  }
  return round;
}

/** Shares of this plaintext's storage index on the clean grid, split by whether they have the full share size. */
async function sharesLeftBy(clean: StorageServer[], data: Uint8Array, deadlineMs: number): Promise<{ partial: number; complete: number }> {
  const key = await computeConvergentKey(bytesByteSource(data), ENCODING, CONVERGENCE);
  const plan = planEncoding(key, ENCODING, data.length);
  let partial = 0;
  let complete = 0;
  for (const server of clean) {
    const buckets = await withDeadline(`listing ${base32Encode(plan.storageIndex)} on ${server.nickname}`, deadlineMs, server.getBuckets(plan.storageIndex));
    for (const reader of buckets.values()) {
      if (reader.size === plan.shareSize) complete++;
      else partial++;
    }
  }
  return { partial, complete };
}

/** Downloads every stored file; `faulty` names the servers under a fault, to tell a loss from an outage. */
export async function downloadRound(servers: StorageServer[], files: StoredFile[], faulty: ReadonlySet<string>, deadlineMs: number): Promise<DownloadRound> {
  const round: DownloadRound = { attempted: files.length, exact: 0, wrongBytes: 0, failedWithSharesReachable: 0, failedWithoutEnoughShares: 0, errors: [] };
  for (const [i, file] of files.entries()) {
    const result = await settle(withDeadline(`download ${i}`, deadlineMs, downloadToBytes(servers, file.cap)));
    if (result.ok) {
      if (sha256(result.value) === file.digest) round.exact++;
      else round.wrongBytes++;
      continue;
    }
    round.errors.push(String(result.error));
    const outsideFaults = new Set(file.report.uploaded.filter((s) => !faulty.has(s.serverId)).flatMap((s) => s.shareNumbers));
    if (outsideFaults.size >= ENCODING.needed) round.failedWithSharesReachable++;
    else round.failedWithoutEnoughShares++;
  }
  return round;
}
