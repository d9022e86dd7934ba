/**
 * Corruption advisories, one small JSON object per report under
 * `corruption-advisories/`: a BlobStore cannot append, and separate objects
 * never race with each other. Names start with the time, so a listing sorts
 * them oldest first.
 */
import { randomBytes } from 'node:crypto';
import type { BlobStore } from '../../backends/types';
import { readJson, writeJson } from './json-objects';
import { ADVISORIES_PREFIX } from './keys';

export interface BlobCorruptionAdvisory {
  /** ISO-8601 time the report arrived. */
  time: string;
  /** Base32 storage index. */
  storageIndex: string;
  shareNumber: number;
  shareType: 'immutable' | 'mutable';
  reason: string;
}

/** HTTP protocol limit on the reason text. */
const MAX_REASON_CHARS = 32765;

export async function recordAdvisory(store: BlobStore, advisory: BlobCorruptionAdvisory): Promise<void> {
  const stamp = advisory.time.replace(/[^0-9]/g, '');
  const key = `${ADVISORIES_PREFIX}${stamp}-${advisory.storageIndex}-${advisory.shareNumber}-${randomBytes(4).toString('hex')}.json`;
  await writeJson(store, key, { ...advisory, reason: advisory.reason.slice(0, MAX_REASON_CHARS) });
}

export async function listAdvisories(store: BlobStore): Promise<BlobCorruptionAdvisory[]> {
  const keys: string[] = [];
  for await (const info of store.list(ADVISORIES_PREFIX)) keys.push(info.key);
  keys.sort();
  const out: BlobCorruptionAdvisory[] = [];
  for (const key of keys) {
    try {
      const advisory = await readJson<BlobCorruptionAdvisory>(store, key);
      if (advisory) out.push(advisory);
    } catch {
      // An unreadable report is skipped, not fatal to listing the others.
    }
  }
  return out;
}

export async function countAdvisories(store: BlobStore): Promise<number> {
  let count = 0;
  for await (const info of store.list(ADVISORIES_PREFIX)) if (info.key.endsWith('.json')) count++;
  return count;
}
