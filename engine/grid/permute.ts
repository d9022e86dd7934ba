import { createHash } from 'node:crypto';
import type { StorageServer } from '../storage/types';

/**
 * The per-file server order. Tahoe-LAFS sorts servers by
 * SHA-1(storage index + server permutation seed); we sort by
 * SHA-256(storage index + UTF-8 server id), the same idea with a current hash
 * and our stable server ids as the seed. Each file gets its own pseudo-random
 * order, so load spreads evenly while any client can recompute where a file's
 * shares are most likely to be.
 */
export function permuteServers<T extends Pick<StorageServer, 'serverId'>>(servers: readonly T[], storageIndex: Uint8Array): T[] {
  const keyed = servers.map((server) => ({
    server,
    key: createHash('sha256').update(storageIndex).update(server.serverId, 'utf8').digest('hex'),
  }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.server.serverId < b.server.serverId ? -1 : 1));
  return keyed.map((entry) => entry.server);
}
