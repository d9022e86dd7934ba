/**
 * What a blob server holds, share by share, measured by listing the bucket:
 * the bytes every chunk object of a share takes (an interrupted deletion's
 * leftovers included, since the provider bills them) and whether a lease
 * still claims it. For usage figures and the orphan sweep.
 */
import type { BlobStore } from '../../backends/types';
import { latestExpiry, leaseStateOf, type StoredShareInfo } from '../lease-collection';
import { parseShareObjectKey, SHARES_PREFIX, SLOTS_PREFIX, storageIndexOfSlotMetaKey } from './keys';
import type { LeaseBook } from './leases';
import type { SlotStore } from './slots';

export async function listStoredBlobShares(store: BlobStore, leases: LeaseBook, slots: SlotStore, now: number): Promise<StoredShareInfo[]> {
  const immutable = new Map<string, Map<number, number>>();
  for await (const info of store.list(SHARES_PREFIX)) {
    const parsed = parseShareObjectKey(SHARES_PREFIX, info.key);
    if (!parsed) continue;
    const shares = immutable.get(parsed.si) ?? new Map<number, number>();
    shares.set(parsed.shareNumber, (shares.get(parsed.shareNumber) ?? 0) + info.size);
    immutable.set(parsed.si, shares);
  }
  const mutable = new Map<string, Map<number, number>>();
  for await (const info of store.list(SLOTS_PREFIX)) {
    const si = storageIndexOfSlotMetaKey(info.key);
    if (!si) continue;
    const meta = await slots.meta(si);
    mutable.set(si, new Map(Object.entries(meta?.shares ?? {}).map(([share, m]) => [Number(share), m.length])));
  }
  const out: StoredShareInfo[] = [];
  for (const si of [...new Set([...immutable.keys(), ...mutable.keys()])].sort()) {
    const records = await leases.read(si);
    const state = (share: number) => {
      const expiries = (records.get(share) ?? []).map((lease) => lease.expiresAt);
      return { lease: leaseStateOf(expiries, now), ...latestExpiry(expiries) };
    };
    for (const [shareNumber, bytes] of immutable.get(si) ?? []) out.push({ storageIndex: si, kind: 'immutable', shareNumber, bytes, ...state(shareNumber) });
    for (const [shareNumber, bytes] of mutable.get(si) ?? []) out.push({ storageIndex: si, kind: 'mutable', shareNumber, bytes, ...state(shareNumber) });
  }
  return out;
}
