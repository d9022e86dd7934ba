/**
 * Reading the first leases that immutable share files carry in their trailer
 * (share-trailer.ts), for the lease store and the collector: which shares of a
 * storage index have one, and which storage indexes hold immutable shares at
 * all (a storage index whose shares all still have only their first lease has
 * no file in leases/).
 */
import { join } from 'node:path';
import type { LeaseRecord } from '../blob-server/leases';
import { listDir } from './dir-listing';
import { parseShareFileName } from './layout';
import { readStoredShareFile } from './share-trailer';

/** Embedded leases of the immutable shares of one base32 storage index: all of them, or only `shareNumbers`. */
export type EmbeddedLeaseSource = (si: string, shareNumbers?: readonly number[]) => Promise<Map<number, LeaseRecord>>;

/** An EmbeddedLeaseSource over the bucket folders of `sharesDir` (shares/<prefix>/<si>/<shnum>). */
export function embeddedLeasesIn(sharesDir: string): EmbeddedLeaseSource {
  return async (si, shareNumbers) => {
    const bucketDir = join(sharesDir, si.slice(0, 2), si);
    const wanted = shareNumbers ?? (await listDir(bucketDir)).map(parseShareFileName).filter((n): n is number => n !== undefined);
    const out = new Map<number, LeaseRecord>();
    for (const shareNumber of wanted) {
      const stored = await readStoredShareFile(join(bucketDir, String(shareNumber)));
      if (stored?.embeddedLease) out.set(shareNumber, stored.embeddedLease);
    }
    return out;
  };
}

/** Base32 storage indexes with a bucket folder under `sharesDir`. */
export async function bucketStorageIndexes(sharesDir: string): Promise<string[]> {
  const out: string[] = [];
  for (const prefix of await listDir(sharesDir)) {
    for (const si of await listDir(join(sharesDir, prefix))) if (si.startsWith(prefix) && /^[a-z2-7]+$/.test(si)) out.push(si);
  }
  return out.sort();
}
