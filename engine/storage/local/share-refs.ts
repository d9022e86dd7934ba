/**
 * Which shares a storage index holds, named as the lease store names them
 * (kind and share number), and the 32-byte secrets that go with them.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { listDirEntries } from './dir-listing';
import { parseShareFileName, type FolderLayout } from './layout';
import type { ShareRef } from './lease-store';

/** Length of every lease secret and write enabler a client sends. */
export const SECRET_BYTES = 32;

export function validateSecret(name: string, secret: unknown): Uint8Array {
  if (!(secret instanceof Uint8Array) || secret.length !== SECRET_BYTES) throw new TypeError(`${name} must be ${SECRET_BYTES} bytes`);
  return secret;
}

export function immutableRefs(shareNumbers: Iterable<number>): ShareRef[] {
  return [...shareNumbers].map((shareNumber) => ({ kind: 'immutable', shareNumber }));
}

export function mutableRefs(shareNumbers: Iterable<number>): ShareRef[] {
  return [...shareNumbers].map((shareNumber) => ({ kind: 'mutable', shareNumber }));
}

/** Share numbers of the complete immutable shares held, from the folder listing alone (no stat per share). */
export async function heldShareNumbers(layout: FolderLayout, storageIndex: Uint8Array): Promise<Set<number>> {
  const bucketDir = layout.bucketDir(storageIndex);
  const held = new Set<number>();
  for (const entry of await listDirEntries(bucketDir)) {
    const shareNumber = parseShareFileName(entry.name);
    if (shareNumber === undefined) continue;
    // A share is a regular file; anything else named like one (a link, say) is checked as getBuckets does.
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(join(bucketDir, entry.name)).catch(() => undefined))?.isFile());
    if (isFile) held.add(shareNumber);
  }
  return held;
}
