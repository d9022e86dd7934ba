/**
 * Servers-of-happiness (Tahoe-LAFS docs/specifications/servers-of-happiness.rst):
 * the happiness of a placement is the size of a maximum matching in the
 * bipartite graph whose left side is servers, right side is share numbers, and
 * whose edges say "this server holds (or will hold) this share". It counts the
 * servers that each hold a distinct share, so any `happy` of them suffice when
 * happy >= needed.
 */

/** server id -> share numbers it holds or will hold. */
export type ShareMap = ReadonlyMap<string, Iterable<number>>;

/** A matching: server id -> the one share it is matched to. */
export type Matching = Map<string, number>;

/**
 * Grows `initial` into a maximum matching using augmenting paths (Kuhn's
 * algorithm). Augmenting never unmatches a vertex, so servers and shares
 * matched in `initial` stay matched: callers use this to prefer some edges
 * (shares already in place) over others (shares still to upload). Each
 * server's edges are tried in the order given.
 */
export function maximumMatching(edges: ReadonlyMap<string, readonly number[]>, initial: Matching = new Map()): Matching {
  const serverOfShare = new Map<number, string>();
  const shareOfServer = new Map<string, number>();
  for (const [server, share] of initial) {
    if (!edges.get(server)?.includes(share)) throw new Error(`initial matching uses an edge not in the graph: ${server} -> ${share}`);
    if (serverOfShare.has(share)) throw new Error(`initial matching uses share ${share} twice`);
    serverOfShare.set(share, server);
    shareOfServer.set(server, share);
  }

  const tryAugment = (server: string, visitedShares: Set<number>): boolean => {
    // A free share first (the first in the server's order): without this step the search moves earlier servers
    // to later shares, so a new file's shares landed in reverse permuted order (share N-1 on the first server).
    // With it, share i goes to the i-th server, as in Tahoe-LAFS, and a download that asks the first `needed`
    // servers finds the primary shares there (no erasure decoding).
    for (const share of edges.get(server) ?? []) {
      if (visitedShares.has(share) || serverOfShare.has(share)) continue;
      serverOfShare.set(share, server);
      shareOfServer.set(server, share);
      return true;
    }
    for (const share of edges.get(server) ?? []) {
      if (visitedShares.has(share)) continue;
      visitedShares.add(share);
      const holder = serverOfShare.get(share);
      if (holder === undefined || tryAugment(holder, visitedShares)) {
        serverOfShare.set(share, server);
        shareOfServer.set(server, share);
        return true;
      }
    }
    return false;
  };

  for (const server of edges.keys()) {
    if (!shareOfServer.has(server)) tryAugment(server, new Set());
  }
  return shareOfServer;
}

/** Happiness of a placement: the size of a maximum server-share matching. */
export function happinessOf(placement: ShareMap): number {
  const edges = new Map<string, number[]>();
  for (const [server, shares] of placement) edges.set(server, [...new Set(shares)]);
  return maximumMatching(edges).size;
}

/**
 * Happiness counted over failure domains: the maximum matching between
 * domains (each the union of its servers' shares) and share numbers. It says
 * how many domains each hold a distinct share, so how many disks or logins a
 * file really depends on; servers without a domain count as their own. Tahoe's
 * servers-of-happiness (happinessOf) stays the test of an upload or a healthy
 * file; this is what placement and rebalancing try to raise beyond it.
 */
export function domainHappinessOf(placement: ShareMap, domainOf: (serverId: string) => string | undefined): number {
  const byDomain = new Map<string, Set<number>>();
  for (const [server, shares] of placement) {
    const domain = domainOf(server) ?? `server:${server}`;
    const held = byDomain.get(domain) ?? new Set<number>();
    for (const share of shares) held.add(share);
    byDomain.set(domain, held);
  }
  return happinessOf(byDomain);
}
