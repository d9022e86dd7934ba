import { describe, expect, it } from 'vitest';
import { happinessOf, maximumMatching } from './happiness';
import { planPlacement, type PlacementCandidate } from './placement-plan';
import { permuteServers } from './permute';

/** Brute force: the largest set of servers that can each be given a distinct share. */
function bruteForceHappiness(placement: Map<string, number[]>): number {
  const servers = [...placement.keys()];
  let best = 0;
  const search = (index: number, used: Set<number>, size: number): void => {
    if (size + (servers.length - index) <= best) return;
    if (index === servers.length) {
      best = Math.max(best, size);
      return;
    }
    for (const share of placement.get(servers[index])!) {
      if (used.has(share)) continue;
      used.add(share);
      search(index + 1, used, size + 1);
      used.delete(share);
    }
    search(index + 1, used, size);
  };
  search(0, new Set(), 0);
  return best;
}

function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('happiness (maximum matching)', () => {
  it('matches hand-worked cases', () => {
    expect(happinessOf(new Map())).toBe(0);
    // Every server holds the same single share: only one distinct pairing.
    expect(happinessOf(new Map([['a', [0]], ['b', [0]], ['c', [0]]]))).toBe(1);
    // One server with all shares counts once.
    expect(happinessOf(new Map([['a', [0, 1, 2, 3]]]))).toBe(1);
    // Greedy a->0 would block b; augmenting path gives a->1, b->0.
    expect(happinessOf(new Map([['a', [0, 1]], ['b', [0]]]))).toBe(2);
    // The servers-of-happiness spec example shape: 3 servers, shares 0..3 spread with overlap.
    expect(happinessOf(new Map([['a', [0, 1]], ['b', [1, 2]], ['c', [2, 3]]]))).toBe(3);
    // Four servers fighting over two shares.
    expect(happinessOf(new Map([['a', [0, 1]], ['b', [0, 1]], ['c', [0, 1]], ['d', [1]]]))).toBe(2);
  });

  it('equals brute force on random placements', () => {
    const random = seededRandom(42);
    for (let trial = 0; trial < 400; trial++) {
      const serverCount = 1 + Math.floor(random() * 7);
      const shareCount = 1 + Math.floor(random() * 7);
      const placement = new Map<string, number[]>();
      for (let s = 0; s < serverCount; s++) {
        const shares = [];
        for (let n = 0; n < shareCount; n++) if (random() < 0.35) shares.push(n);
        placement.set(`s${s}`, shares);
      }
      expect(happinessOf(placement)).toBe(bruteForceHappiness(placement));
    }
  });

  it('keeps an initial matching while growing it', () => {
    const edges = new Map([['a', [0, 1]], ['b', [0]]]);
    const matching = maximumMatching(edges, new Map([['a', 0]]));
    expect(matching.size).toBe(2);
    expect([...matching.keys()].sort()).toEqual(['a', 'b']);
    expect(() => maximumMatching(edges, new Map([['b', 1]]))).toThrow(/not in the graph/);
  });
});

function candidates(spec: [string, number[], boolean][]): PlacementCandidate[] {
  return spec.map(([serverId, holds, writable]) => ({ serverId, holds: new Set(holds), writable }));
}

function finalPlacement(input: PlacementCandidate[], toAllocate: Map<string, number[]>): Map<string, number[]> {
  return new Map(input.map((c) => [c.serverId, [...c.holds, ...(toAllocate.get(c.serverId) ?? [])]]));
}

describe('planPlacement', () => {
  it('spreads 10 shares over 10 empty servers one each', () => {
    const input = candidates(Array.from({ length: 10 }, (_, i) => [`s${i}`, [], true] as [string, number[], boolean]));
    const plan = planPlacement(10, input);
    expect(plan.happiness).toBe(10);
    for (let i = 0; i < 10; i++) expect(plan.toAllocate.get(`s${i}`)).toHaveLength(1);
    expect([...plan.toAllocate.values()].flat().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('spreads surplus shares evenly when servers are fewer than shares', () => {
    const input = candidates([['a', [], true], ['b', [], true], ['c', [], true], ['d', [], true]]);
    const plan = planPlacement(10, input);
    expect(plan.happiness).toBe(4);
    const counts = [...plan.toAllocate.values()].map((l) => l.length).sort();
    expect(counts).toEqual([2, 2, 3, 3]);
    expect(new Set([...plan.toAllocate.values()].flat()).size).toBe(10);
  });

  it('reuses shares already in place and uploads only what is missing', () => {
    const input = candidates([['a', [0], true], ['b', [1], true], ['c', [2], true], ['d', [], true]]);
    const plan = planPlacement(4, input);
    expect(plan.happiness).toBe(4);
    expect([...plan.toAllocate]).toEqual([['d', [3]]]);
  });

  it('duplicates a share on a new server when that raises happiness', () => {
    // Server a holds every share; b and c are empty. All shares exist, but happiness is 1.
    const input = candidates([['a', [0, 1, 2], false], ['b', [], true], ['c', [], true]]);
    const plan = planPlacement(3, input);
    expect(plan.happiness).toBe(3);
    const placed = finalPlacement(input, plan.toAllocate);
    expect(happinessOf(placed)).toBe(3);
    expect(plan.toAllocate.get('b')).toHaveLength(1);
    expect(plan.toAllocate.get('c')).toHaveLength(1);
  });

  it('never asks a read-only server for anything and respects shares a server cannot take', () => {
    const input: PlacementCandidate[] = [
      { serverId: 'full', holds: new Set(), writable: false },
      { serverId: 'x', holds: new Set([1]), writable: true, cannotTake: new Set([0]) },
      { serverId: 'y', holds: new Set(), writable: true },
    ];
    const plan = planPlacement(2, input);
    expect(plan.toAllocate.has('full')).toBe(false);
    expect(plan.toAllocate.get('x') ?? []).not.toContain(0);
    expect(plan.toAllocate.get('y')).toEqual([0]);
    expect(plan.happiness).toBe(2);
  });

  it('reaches the maximum achievable happiness on random grids (brute force)', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const serverCount = 1 + Math.floor(random() * 6);
      const total = 1 + Math.floor(random() * 6);
      const input = candidates(
        Array.from({ length: serverCount }, (_, s) => {
          const holds = [];
          for (let n = 0; n < total; n++) if (random() < 0.25) holds.push(n);
          return [`s${s}`, holds, random() < 0.6] as [string, number[], boolean];
        }),
      );
      const plan = planPlacement(total, input);
      // Best possible: writable servers can take any share; read-only ones only what they hold.
      const potential = new Map(input.map((c) => [c.serverId, c.writable ? Array.from({ length: total }, (_, i) => i) : [...c.holds]]));
      const placed = finalPlacement(input, plan.toAllocate);
      expect(plan.happiness).toBe(bruteForceHappiness(potential));
      expect(bruteForceHappiness(placed)).toBe(plan.happiness);
      // Every share has a home when any server can take shares.
      if (input.some((c) => c.writable)) expect(new Set([...placed.values()].flat()).size).toBe(total);
      // Read-only servers are never asked for anything.
      for (const c of input) if (!c.writable) expect(plan.toAllocate.has(c.serverId)).toBe(false);
    }
  });
});

describe('permuteServers', () => {
  it('gives a stable per-file order that differs between files', () => {
    const servers = Array.from({ length: 8 }, (_, i) => ({ serverId: `server-${i}` }));
    const si1 = new Uint8Array(16).fill(1);
    const si2 = new Uint8Array(16).fill(2);
    const order1 = permuteServers(servers, si1).map((s) => s.serverId);
    expect(permuteServers([...servers].reverse(), si1).map((s) => s.serverId)).toEqual(order1);
    expect(permuteServers(servers, si2).map((s) => s.serverId)).not.toEqual(order1);
    expect([...order1].sort()).toEqual(servers.map((s) => s.serverId).sort());
  });
});
