/**
 * Which shares to move so a file depends on more independent failure domains
 * (disks, logins): while one domain holds two or more distinct shares of the
 * file and another domain has a writable server holding none, one share of
 * the fullest domain gets a copy on that server. Each move lowers the most
 * shares any one domain holds or adds a domain, so no domain failure can lose
 * more than before. Pure: the caller writes, verifies and releases
 * (engine/grid/rebalance.ts).
 */

export interface IndependenceMove {
  shareNumber: number;
  /** The server whose copy becomes surplus once the new copy is verified. */
  fromServerId: string;
  toServerId: string;
}

/**
 * `holdings`: good shares per server; `writable`: servers that may take a
 * share, in the order to prefer them (the file's permuted order).
 */
export function independenceMoves(
  holdings: ReadonlyMap<string, readonly number[]>,
  writable: readonly string[],
  domainOf: (serverId: string) => string | undefined,
): IndependenceMove[] {
  const domain = (server: string) => domainOf(server) ?? `server:${server}`;
  const held = new Map<string, Set<number>>();
  for (const [server, shares] of holdings) if (shares.length > 0) held.set(server, new Set(shares));
  const sharesOfDomain = (d: string): Set<number> => {
    const out = new Set<number>();
    for (const [server, shares] of held) if (domain(server) === d) for (const s of shares) out.add(s);
    return out;
  };
  const moves: IndependenceMove[] = [];
  for (let guard = 0; guard < 1000; guard++) {
    const domains = new Set([...held.keys()].map(domain));
    const target = writable.find((server) => !held.has(server) && !domains.has(domain(server)));
    if (target === undefined) break;
    const fullest = [...domains].map((d) => ({ d, shares: sharesOfDomain(d) })).sort((a, b) => b.shares.size - a.shares.size)[0];
    if (!fullest || fullest.shares.size < 2) break;
    // Prefer a share with no copy outside the fullest domain, taken from its most loaded server.
    const elsewhere = new Set<number>();
    for (const [server, shares] of held) if (domain(server) !== fullest.d) for (const s of shares) elsewhere.add(s);
    const servers = [...held].filter(([server]) => domain(server) === fullest.d).sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
    let pick: { server: string; share: number } | undefined;
    for (const [server, shares] of servers) {
      const onlyHere = [...shares].filter((s) => !elsewhere.has(s)).sort((a, b) => b - a);
      if (onlyHere.length > 0) {
        pick = { server, share: onlyHere[0] };
        break;
      }
    }
    if (!pick) break;
    moves.push({ shareNumber: pick.share, fromServerId: pick.server, toServerId: target });
    const from = held.get(pick.server)!;
    from.delete(pick.share);
    if (from.size === 0) held.delete(pick.server);
    held.set(target, new Set([pick.share]));
  }
  return moves;
}
