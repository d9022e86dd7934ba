import type { BucketReader, StorageServer } from '../storage/types';
import { describeError } from './errors';
import { permuteServers } from './permute';

export interface FoundShare {
  server: StorageServer;
  reader: BucketReader;
}

export interface ShareDiscovery {
  /** Servers in this file's permuted order. */
  servers: StorageServer[];
  /** share number -> every copy found, in permuted server order. */
  copies: Map<number, FoundShare[]>;
  /** server id -> share numbers it holds. */
  byServer: Map<string, number[]>;
  /** Servers that could not be asked, and why. */
  unreachable: Map<string, string>;
}

/** Asks every server (in parallel) which shares of a storage index it holds. */
export async function discoverShares(allServers: readonly StorageServer[], storageIndex: Uint8Array): Promise<ShareDiscovery> {
  const servers = permuteServers(allServers, storageIndex);
  const answers = await Promise.all(
    servers.map(async (server) => {
      try {
        return { server, buckets: await server.getBuckets(storageIndex) };
      } catch (error) {
        return { server, error: describeError(error) };
      }
    }),
  );
  const copies = new Map<number, FoundShare[]>();
  const byServer = new Map<string, number[]>();
  const unreachable = new Map<string, string>();
  for (const answer of answers) {
    if (answer.error !== undefined || !answer.buckets) {
      unreachable.set(answer.server.serverId, answer.error ?? 'no answer');
      continue;
    }
    const numbers = [...answer.buckets.keys()].sort((a, b) => a - b);
    if (numbers.length > 0) byServer.set(answer.server.serverId, numbers);
    for (const [shareNumber, reader] of answer.buckets) {
      const list = copies.get(shareNumber) ?? [];
      list.push({ server: answer.server, reader });
      copies.set(shareNumber, list);
    }
  }
  return { servers, copies: new Map([...copies].sort(([a], [b]) => a - b)), byServer, unreachable };
}

export function describeUnreachable(discovery: ShareDiscovery): string {
  if (discovery.unreachable.size === 0) return '';
  const names = new Map(discovery.servers.map((s) => [s.serverId, s.nickname]));
  return `; ${discovery.unreachable.size} could not be asked: ${[...discovery.unreachable]
    .map(([id, why]) => `"${names.get(id)}": ${why}`)
    .join('; ')}`;
}
