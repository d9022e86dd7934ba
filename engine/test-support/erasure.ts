/** Helpers shared by the erasure tests: deterministic randomness and block plumbing. */

/** A small deterministic generator (mulberry32), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomBytes(length: number, random: () => number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = Math.floor(random() * 256);
  return bytes;
}

export function randomBlocks(count: number, length: number, random: () => number): Uint8Array[] {
  return Array.from({ length: count }, () => randomBytes(length, random));
}

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}

export function concat(blocks: readonly Uint8Array[]): Uint8Array {
  const result = new Uint8Array(blocks.reduce((sum, block) => sum + block.length, 0));
  let offset = 0;
  for (const block of blocks) {
    result.set(block, offset);
    offset += block.length;
  }
  return result;
}

/** Splits bytes into count blocks of length each (bytes must hold exactly that much). */
export function split(bytes: Uint8Array, count: number, length: number): Uint8Array[] {
  if (bytes.length !== count * length) throw new Error(`expected ${count} x ${length} bytes, got ${bytes.length}`);
  return Array.from({ length: count }, (_, i) => new Uint8Array(bytes.subarray(i * length, (i + 1) * length)));
}

/**
 * Index of the first differing byte, the shorter length if one is a prefix of
 * the other, or -1 if equal. Vitest's deep toEqual walks typed arrays element by
 * element and is far too slow for the megabytes these tests compare.
 */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  if (Buffer.compare(a, b) === 0) return -1;
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}
