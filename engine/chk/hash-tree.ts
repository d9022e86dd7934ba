/**
 * Tahoe-LAFS's Merkle tree (hashtree.py). The leaf row is padded to a power of
 * two with "empty leaf" hashes tagged by their leaf position; nodes are numbered
 * breadth first with the root at 0, so node i has children 2i+1 and 2i+2 and
 * leaf j is node (leafCount - 1) + j, where leafCount is the padded width.
 */
import { hash } from 'node:crypto';
import { bytesEqual } from './bytes';
import { netstring } from './netstring';
import { HASH_SIZE, TAGS, taggedHash, taggedPairHash } from './tagged-hash';

export function roundUpToPowerOfTwo(x: number): number {
  let result = 1;
  while (result < x) result *= 2;
  return result;
}

/** Number of nodes in a tree over `leafCount` leaves (after padding). */
export function hashTreeNodeCount(leafCount: number): number {
  return 2 * roundUpToPowerOfTwo(leafCount) - 1;
}

/** The first few empty-leaf hashes, made once: every small file's share tree pads a few leaves (3 shares: 1). */
const emptyLeafHashes: Uint8Array[] = [];
const CACHED_EMPTY_LEAVES = 256;

export function emptyLeafHash(leafPosition: number): Uint8Array {
  const cached = emptyLeafHashes[leafPosition];
  if (cached) return Uint8Array.from(cached);
  const made = taggedHash(TAGS.merkleEmptyLeaf, new TextEncoder().encode(String(leafPosition)));
  if (Number.isInteger(leafPosition) && leafPosition >= 0 && leafPosition < CACHED_EMPTY_LEAVES) emptyLeafHashes[leafPosition] = Uint8Array.from(made);
  return made;
}

/**
 * The bytes an internal node hashes when both children are 32-byte hashes:
 * netstring(tag) "32:" left "," "32:" right ",". Reused for each pair: a check
 * of a share's trees hashes about 2 x 255 pairs for a 256 MiB file, and two
 * one-shot hashes over this buffer take half the time of the incremental path.
 */
const pairTemplate = (() => {
  const prefix = netstring(TAGS.merkleInternalNode);
  const bytes = Buffer.alloc(prefix.length + 2 * (HASH_SIZE + 4));
  bytes.set(prefix, 0);
  bytes.write(`${HASH_SIZE}:`, prefix.length, 'latin1');
  bytes.write(`,${HASH_SIZE}:`, prefix.length + 3 + HASH_SIZE, 'latin1');
  bytes.write(',', bytes.length - 1, 'latin1');
  return { bytes, left: prefix.length + 3, right: prefix.length + 7 + HASH_SIZE };
})();

export function pairHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) return taggedPairHash(TAGS.merkleInternalNode, left, right);
  const { bytes } = pairTemplate;
  bytes.set(left, pairTemplate.left);
  bytes.set(right, pairTemplate.right);
  return new Uint8Array(hash('sha256', hash('sha256', bytes, 'buffer'), 'buffer'));
}

/** All nodes of the tree over `leaves`, root first (the order shares store them in). */
export function buildHashTree(leaves: readonly Uint8Array[]): Uint8Array[] {
  if (leaves.length === 0) throw new RangeError('a hash tree needs at least one leaf');
  const width = roundUpToPowerOfTwo(leaves.length);
  const nodes = new Array<Uint8Array>(2 * width - 1);
  const firstLeaf = width - 1;
  for (let j = 0; j < width; j++) nodes[firstLeaf + j] = j < leaves.length ? leaves[j] : emptyLeafHash(j);
  for (let i = firstLeaf - 1; i >= 0; i--) nodes[i] = pairHash(nodes[2 * i + 1], nodes[2 * i + 2]);
  return nodes;
}

export function firstLeafNode(leafCount: number): number {
  return roundUpToPowerOfTwo(leafCount) - 1;
}

/**
 * The node numbers a reader needs to check leaf `leafIndex` against a trusted
 * root: the sibling of every node on the path up (root excluded), plus the leaf
 * itself when asked. Ascending order, as shares store them.
 */
export function neededHashes(leafCount: number, leafIndex: number, includeLeaf: boolean): number[] {
  let node = firstLeafNode(leafCount) + leafIndex;
  const needed: number[] = includeLeaf ? [node] : [];
  while (node !== 0) {
    needed.push(node % 2 === 1 ? node + 1 : node - 1);
    node = (node - 1) >> 1;
  }
  return needed.sort((a, b) => a - b);
}

/**
 * Checks that `leafHash` at `leafIndex` hashes up to `root` using the sibling
 * hashes in `nodes` (node number -> hash). Returns a description of the first
 * problem, or null when the leaf is proven.
 */
export function checkLeafAgainstRoot(
  root: Uint8Array,
  leafCount: number,
  leafIndex: number,
  leafHash: Uint8Array,
  nodes: ReadonlyMap<number, Uint8Array>,
): string | null {
  let node = firstLeafNode(leafCount) + leafIndex;
  let hash = leafHash;
  while (node !== 0) {
    const isLeftChild = node % 2 === 1;
    const siblingNumber = isLeftChild ? node + 1 : node - 1;
    const sibling = nodes.get(siblingNumber);
    if (!sibling || sibling.length !== HASH_SIZE) return `hash tree node ${siblingNumber} is missing`;
    hash = isLeftChild ? pairHash(hash, sibling) : pairHash(sibling, hash);
    node = (node - 1) >> 1;
  }
  return bytesEqual(hash, root) ? null : `leaf ${leafIndex} does not hash up to the expected root`;
}

/**
 * Checks a complete stored tree (all nodes, root first) against a trusted root:
 * every internal node must be the pair hash of its children and node 0 must be
 * `root`. Returns the first problem, or null.
 */
export function checkCompleteTree(nodes: readonly Uint8Array[], root: Uint8Array): string | null {
  const count = nodes.length;
  if (count === 0 || ((count + 1) & count) !== 0) return `a complete hash tree cannot have ${count} nodes`;
  if (!bytesEqual(nodes[0], root)) return 'hash tree root does not match the expected root';
  for (let i = (count - 1) / 2 - 1; i >= 0; i--) {
    if (!bytesEqual(nodes[i], pairHash(nodes[2 * i + 1], nodes[2 * i + 2]))) {
      return `hash tree node ${i} is not the hash of its children`;
    }
  }
  return null;
}

/** Splits a run of concatenated 32-byte hashes into separate views. */
export function splitHashes(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let offset = 0; offset + HASH_SIZE <= bytes.length; offset += HASH_SIZE) {
    out.push(bytes.subarray(offset, offset + HASH_SIZE));
  }
  return out;
}
