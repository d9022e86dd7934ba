import { maximumMatching, type Matching } from './happiness';

/** What placement knows about one server, in permuted order. */
export interface PlacementCandidate {
  serverId: string;
  /** Shares of this file the server holds already, or has accepted for this upload. */
  holds: ReadonlySet<number>;
  /** Whether the server may be asked to accept more shares. */
  writable: boolean;
  /** Shares this server cannot take (it holds a corrupt copy it will not replace). */
  cannotTake?: ReadonlySet<number>;
}

export interface PlacementPlan {
  /** New shares to ask each server for (only servers with something to take). */
  toAllocate: Map<string, number[]>;
  /** Happiness the placement reaches if every allocation succeeds. */
  happiness: number;
  /** The matching behind `happiness`: server -> its distinct share. */
  matching: Matching;
}

/**
 * Chooses where the shares 0..totalShares-1 go, maximising happiness with as
 * few new uploads as possible, following Tahoe-LAFS's share placement
 * (immutable/happiness_upload.py):
 *
 *  1. match servers to shares they already hold (costs nothing);
 *  2. grow that into a maximum matching using writable servers, which can take
 *     any share; a writable server prefers a share it holds, then one held
 *     nowhere, then any other (a duplicate that still adds a distinct server);
 *  3. every share still held nowhere goes to the writable server with the
 *     fewest shares, earlier in the permuted order on ties, so the surplus
 *     spreads evenly.
 */
export function planPlacement(totalShares: number, candidates: readonly PlacementCandidate[]): PlacementPlan {
  const heldSomewhere = new Set<number>();
  for (const candidate of candidates) for (const share of candidate.holds) if (share < totalShares) heldSomewhere.add(share);

  const heldEdges = new Map<string, number[]>();
  for (const candidate of candidates) {
    heldEdges.set(candidate.serverId, [...candidate.holds].filter((s) => s < totalShares).sort((a, b) => a - b));
  }
  const existingMatching = maximumMatching(heldEdges);

  const allShares = Array.from({ length: totalShares }, (_, i) => i);
  const fullEdges = new Map<string, number[]>();
  for (const candidate of candidates) {
    const held = heldEdges.get(candidate.serverId)!;
    if (!candidate.writable) {
      fullEdges.set(candidate.serverId, held);
      continue;
    }
    const takeable = allShares.filter((s) => !candidate.cannotTake?.has(s));
    const homeless = takeable.filter((s) => !heldSomewhere.has(s));
    const others = takeable.filter((s) => heldSomewhere.has(s) && !candidate.holds.has(s));
    fullEdges.set(candidate.serverId, [...held, ...homeless, ...others]);
  }
  const matching = maximumMatching(fullEdges, existingMatching);

  const toAllocate = new Map<string, number[]>();
  const load = new Map<string, number>();
  for (const candidate of candidates) load.set(candidate.serverId, candidate.holds.size);
  const assign = (serverId: string, share: number): void => {
    const list = toAllocate.get(serverId) ?? [];
    list.push(share);
    toAllocate.set(serverId, list);
    load.set(serverId, (load.get(serverId) ?? 0) + 1);
    heldSomewhere.add(share);
  };

  const holdsOf = new Map(candidates.map((c) => [c.serverId, c.holds]));
  for (const [serverId, share] of matching) {
    if (!holdsOf.get(serverId)!.has(share)) assign(serverId, share);
  }

  const writable = candidates.filter((c) => c.writable);
  if (writable.length > 0) {
    for (const share of allShares) {
      if (heldSomewhere.has(share)) continue;
      let best: PlacementCandidate | undefined;
      for (const candidate of writable) {
        if (candidate.cannotTake?.has(share)) continue;
        if (!best || load.get(candidate.serverId)! < load.get(best.serverId)!) best = candidate;
      }
      if (best) assign(best.serverId, share);
    }
  }
  for (const list of toAllocate.values()) list.sort((a, b) => a - b);
  return { toAllocate, happiness: matching.size, matching };
}

/**
 * The permuted order reordered so that failure domains take turns: the first
 * server of each domain (in the order the domains first appear), then the
 * second of each, and so on. planPlacement gives shares to earlier servers
 * first (the matching, then the surplus on ties), so a file reaches every
 * domain before any domain gets a second server. Servers without a domain are
 * each their own. Without `domainOf` the order is unchanged.
 */
export function spreadOverDomains<T extends { serverId: string }>(servers: readonly T[], domainOf?: (serverId: string) => string | undefined): T[] {
  if (!domainOf) return [...servers];
  const byDomain = new Map<string, T[]>();
  for (const server of servers) {
    const domain = domainOf(server.serverId) ?? `server:${server.serverId}`;
    byDomain.set(domain, [...(byDomain.get(domain) ?? []), server]);
  }
  const queues = [...byDomain.values()];
  const ordered: T[] = [];
  for (let round = 0; ordered.length < servers.length; round++) {
    for (const queue of queues) if (round < queue.length) ordered.push(queue[round]);
  }
  return ordered;
}
