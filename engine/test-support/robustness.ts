/**
 * Helpers for the robustness tests: a seeded random source, random grids, and
 * brute-force references that share no code with the model.
 */
import { holdersOf, type Holder } from '../robustness/holdings';
import type { AccountRisk, FilePlacement } from '../robustness/types';

/** Weyl sequence through a murmur3-style finalizer: tiny, seeded, uniform enough for tests. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 16), 0x85ebca6b) >>> 0;
    mixed = Math.imul(mixed ^ (mixed >>> 13), 0xc2b2ae35) >>> 0;
    return ((mixed ^ (mixed >>> 16)) >>> 0) / 2 ** 32;
  };
}

export function account(id: string, lossProbability: number, availability = 1 - lossProbability): AccountRisk {
  return { id, name: `Account ${id}`, kind: 'local', lossProbability, availability };
}

export interface RandomGrid {
  accounts: AccountRisk[];
  placement: FilePlacement;
  needed: number;
  total: number;
}

/** Up to `maxAccounts` accounts, each holding a random (possibly overlapping, possibly empty) set of the shares. */
export function randomGrid(random: () => number, options: { maxAccounts: number; maxTotal: number; probabilityRange: [number, number]; overlap: boolean }): RandomGrid {
  const accountCount = 1 + Math.floor(random() * options.maxAccounts);
  const total = 1 + Math.floor(random() * options.maxTotal);
  const needed = 1 + Math.floor(random() * total);
  const [low, high] = options.probabilityRange;
  const accounts = Array.from({ length: accountCount }, (_, index) => account(`a${index}`, low + random() * (high - low), 1 - (low + random() * (high - low))));
  const placement: Record<string, number[]> = {};
  for (const { id } of accounts) placement[id] = [];
  for (let share = 0; share < total; share++) {
    placement[accounts[Math.floor(random() * accountCount)].id].push(share);
    if (options.overlap) {
      for (const { id } of accounts) if (random() < 0.3 && !placement[id].includes(share)) placement[id].push(share);
    }
  }
  return { accounts, placement, needed, total };
}

/** `rounds` random overlapping grids from one seed, with their holders as the model sees them for loss. */
export function* randomOverlappingGrids(seed: number, rounds: number, options: Omit<Parameters<typeof randomGrid>[1], 'overlap'>): Generator<{ grid: RandomGrid; holders: Holder[] }> {
  const random = seededRandom(seed);
  for (let round = 0; round < rounds; round++) {
    const grid = randomGrid(random, { ...options, overlap: true });
    yield { grid, holders: holdersOf(grid.accounts, grid.placement, grid.total, (a) => a.lossProbability) };
  }
}

export function survivorsHoldEnough(failed: ReadonlySet<string>, placement: FilePlacement, needed: number): boolean {
  const held = new Set<number>();
  for (const [id, shares] of Object.entries(placement)) if (!failed.has(id)) for (const share of shares) held.add(share);
  return held.size >= needed;
}

/** Sums over all 2^m fail/survive outcomes: the definition itself, for m up to ~14. */
export function bruteForceShortfall(accounts: readonly AccountRisk[], placement: FilePlacement, needed: number, failureOf: (account: AccountRisk) => number): number {
  let shortfall = 0;
  for (let outcome = 0; outcome < 1 << accounts.length; outcome++) {
    let probability = 1;
    const failed = new Set<string>();
    accounts.forEach((candidate, index) => {
      const fails = (outcome >> index) & 1;
      probability *= fails ? failureOf(candidate) : 1 - failureOf(candidate);
      if (fails) failed.add(candidate.id);
    });
    if (!survivorsHoldEnough(failed, placement, needed)) shortfall += probability;
  }
  return shortfall;
}

/** Size of the smallest account set whose loss loses the file, by trying every subset. */
export function bruteForceSmallestLosingSet(accounts: readonly AccountRisk[], placement: FilePlacement, needed: number): number {
  let smallest = Infinity;
  for (let subset = 0; subset < 1 << accounts.length; subset++) {
    const failed = new Set(accounts.filter((_, index) => (subset >> index) & 1).map((candidate) => candidate.id));
    if (failed.size < smallest && !survivorsHoldEnough(failed, placement, needed)) smallest = failed.size;
  }
  return smallest;
}

export function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}
