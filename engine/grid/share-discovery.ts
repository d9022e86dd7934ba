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
export function discoverShares(allServers: readonly StorageServer[], storageIndex: Uint8Array): Promise<ShareDiscovery> {
  return discoverSharesAmong(permuteServers(allServers, storageIndex), storageIndex);
}

/**
 * Asks the given servers, already in the file's permuted order (in parallel),
 * which shares of a storage index they hold. A download that asks the first
 * few servers first, then the others only if needed, merges the two answers
 * with mergeDiscoveries.
 */
export async function discoverSharesAmong(
  servers: StorageServer[],
  storageIndex: Uint8Array,
  /** How one server is asked (its place in `servers` given): getBuckets unless told otherwise. */
  lookUp: (server: StorageServer, position: number) => Promise<Map<number, BucketReader>> = (server) => server.getBuckets(storageIndex),
): Promise<ShareDiscovery> {
  const answers = await Promise.all(
    servers.map(async (server, position) => {
      try {
        return { server, buckets: await lookUp(server, position) };
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

/** One discovery of `first`'s servers then `then`'s (the later servers in permuted order): copies keep that order. */
export function mergeDiscoveries(first: ShareDiscovery, then: ShareDiscovery): ShareDiscovery {
  const copies = new Map<number, FoundShare[]>();
  for (const part of [first, then]) {
    for (const [shareNumber, list] of part.copies) copies.set(shareNumber, [...(copies.get(shareNumber) ?? []), ...list]);
  }
  return {
    servers: [...first.servers, ...then.servers],
    copies: new Map([...copies].sort(([a], [b]) => a - b)),
    byServer: new Map([...first.byServer, ...then.byServer]),
    unreachable: new Map([...first.unreachable, ...then.unreachable]),
  };
}
