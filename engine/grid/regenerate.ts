/**
 * Writing shares of a stored file again, for repair and for rebalancing: the
 * plaintext is read back from the grid (hash-checked as any download) and
 * encoded again. Convergent encryption reproduces the stored shares only with
 * the segment size the file was uploaded with, which the cap does not record,
 * so callers try candidate plans; the URI extension hash in the cap tells
 * whether a plan reproduced the file.
 */
import { encodeChk } from '../chk';
import type { ChkReadCap, EncodingPlan } from '../chk/api';
import type { StorageServer } from '../storage/types';
import { downloadByteSource } from './download-source';
import type { ShareWriterPool } from './share-writer-pool';

/**
 * Encodes the file with `plan` into `pool`, writing `shareNumbers`. 'written'
 * when the plan reproduced the file and every writer closed; 'wrong-plan' when
 * it did not (the pool is aborted: try the next plan). A write failure aborts
 * the pool and is thrown.
 */
export async function regenerateShares(
  servers: readonly StorageServer[],
  capText: string,
  cap: ChkReadCap,
  plan: EncodingPlan,
  pool: ShareWriterPool,
  shareNumbers: readonly number[],
): Promise<'written' | 'wrong-plan'> {
  const plaintext = downloadByteSource(servers, capText, cap.size);
  try {
    const result = await encodeChk(plan, plaintext, pool.sink, { shareNumbers: [...shareNumbers] });
    if (!sameBytes(result.readCap.uebHash, cap.uebHash)) {
      await pool.abortAll();
      return 'wrong-plan';
    }
    await pool.finish();
    return 'written';
  } catch (error) {
    await pool.abortAll();
    throw error;
  } finally {
    await plaintext.close();
  }
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}
