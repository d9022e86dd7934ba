/**
 * The zfec-compatible codec: validates arguments, picks which matrix rows to
 * compute, and hands the arithmetic to a MatrixKernel.
 */
import { CoefficientMatrix, type MatrixKernel } from './coefficient-matrix';
import { buildDecodingMatrix, buildEncodingMatrix } from './matrix';

/** Decoding matrices kept per codec; inverting is O(k^3), so reuse helps when shares repeat. */
const DECODING_CACHE_LIMIT = 32;

/** Encoding matrices kept per (k, n): building one is O(k^3), and files reuse a few shapes. */
const ENCODING_CACHE_LIMIT = 16;

interface EncodingMatrices {
  full: Uint8Array;
  parity: CoefficientMatrix;
}

const encodingCache = new Map<string, EncodingMatrices>();

function encodingMatrices(k: number, n: number): EncodingMatrices {
  const key = `${k},${n}`;
  let entry = encodingCache.get(key);
  if (!entry) {
    const full = buildEncodingMatrix(k, n);
    entry = { full, parity: new CoefficientMatrix(full.slice(k * k), n - k, k) };
    if (encodingCache.size >= ENCODING_CACHE_LIMIT) encodingCache.delete(encodingCache.keys().next().value as string);
    encodingCache.set(key, entry);
  }
  return entry;
}

export class ZfecCodec {
  /** Rows k..n-1 of zfec's encoding matrix: row i here makes share k + i. */
  private readonly parity: CoefficientMatrix;
  private readonly encodingMatrix: Uint8Array;
  private readonly decodingCache = new Map<string, CoefficientMatrix>();

  constructor(
    readonly k: number,
    readonly n: number,
    private readonly kernel: MatrixKernel,
  ) {
    checkParameters(k, n);
    const matrices = encodingMatrices(k, n);
    this.encodingMatrix = matrices.full;
    this.parity = matrices.parity;
  }

  get kernelName(): string {
    return this.kernel.name;
  }

  encode(primary: readonly Uint8Array[], shareNumbers?: readonly number[]): Uint8Array[] {
    const length = checkBlocks(primary, this.k, 'encode', 'primary blocks');
    const wanted = shareNumbers ?? Array.from({ length: this.n }, (_, i) => i);
    this.checkShareNumbers(wanted, 'encode', null);
    const parityRows = wanted.filter((share) => share >= this.k).map((share) => share - this.k);
    const computed = this.kernel.multiplyRows(this.parity, parityRows, primary, length);
    let next = 0;
    return wanted.map((share) => (share < this.k ? primary[share] : computed[next++]));
  }

  /**
   * Like encode, but the blocks of `shareNumbers` are written into `outputs`
   * (same order, each at least as long as a primary block and overlapping no
   * input), so a caller can reuse buffers across segments (no allocation, no
   * garbage). Returns views of `outputs` exactly one block long.
   */
  encodeInto(primary: readonly Uint8Array[], shareNumbers: readonly number[], outputs: readonly Uint8Array[]): Uint8Array[] {
    const length = checkBlocks(primary, this.k, 'encode', 'primary blocks');
    this.checkShareNumbers(shareNumbers, 'encode', null);
    if (!Array.isArray(outputs) || outputs.length !== shareNumbers.length) {
      throw new Error(`encode: expected ${shareNumbers.length} output blocks, got ${Array.isArray(outputs) ? outputs.length : 'none'}`);
    }
    outputs.forEach((output, i) => {
      if (!(output instanceof Uint8Array) || output.length < length) {
        throw new RangeError(`encode: output block ${i} must be a Uint8Array of at least ${length} bytes`);
      }
    });
    const parityRows: number[] = [];
    const parityOutputs: Uint8Array[] = [];
    const result = shareNumbers.map((share, i) => {
      const output = outputs[i].subarray(0, length);
      if (share < this.k) {
        output.set(primary[share]);
      } else {
        parityRows.push(share - this.k);
        parityOutputs.push(output);
      }
      return output;
    });
    if (parityRows.length > 0) this.kernel.multiplyRows(this.parity, parityRows, primary, length, parityOutputs);
    return result;
  }

  decode(blocks: readonly Uint8Array[], shareNumbers: readonly number[]): Uint8Array[] {
    const length = checkBlocks(blocks, this.k, 'decode', 'blocks');
    this.checkShareNumbers(shareNumbers, 'decode', this.k);

    // Sort by share number so one share set always maps to one cached matrix.
    const order = shareNumbers.map((share, index) => ({ share, block: blocks[index] })).sort((a, b) => a.share - b.share);
    const sortedShares = order.map((entry) => entry.share);
    const sortedBlocks = order.map((entry) => entry.block);

    const result: (Uint8Array | undefined)[] = new Array(this.k);
    for (const { share, block } of order) if (share < this.k) result[share] = block;
    const missing: number[] = [];
    for (let i = 0; i < this.k; i++) if (result[i] === undefined) missing.push(i);
    // Fast path: all k shares are primary, nothing to compute.
    if (missing.length === 0) return result as Uint8Array[];

    const decoding = this.decodingMatrix(sortedShares);
    const recovered = this.kernel.multiplyRows(decoding, missing, sortedBlocks, length);
    missing.forEach((primaryIndex, i) => (result[primaryIndex] = recovered[i]));
    return result as Uint8Array[];
  }

  private decodingMatrix(sortedShares: readonly number[]): CoefficientMatrix {
    const key = sortedShares.join(',');
    let matrix = this.decodingCache.get(key);
    if (matrix) {
      // Re-insert to mark as most recently used.
      this.decodingCache.delete(key);
    } else {
      matrix = new CoefficientMatrix(buildDecodingMatrix(this.encodingMatrix, this.k, sortedShares), this.k, this.k);
      if (this.decodingCache.size >= DECODING_CACHE_LIMIT) {
        this.decodingCache.delete(this.decodingCache.keys().next().value as string);
      }
    }
    this.decodingCache.set(key, matrix);
    return matrix;
  }

  /** expectedCount null: any count (encode); otherwise exactly that many. */
  private checkShareNumbers(shareNumbers: readonly number[], operation: string, expectedCount: number | null): void {
    if (!Array.isArray(shareNumbers)) throw new TypeError(`${operation}: share numbers must be an array`);
    if (expectedCount !== null && shareNumbers.length !== expectedCount) {
      throw new Error(`${operation}: expected ${expectedCount} share numbers (k), got ${shareNumbers.length}`);
    }
    const seen = new Set<number>();
    for (const share of shareNumbers) {
      if (!Number.isInteger(share) || share < 0 || share >= this.n) {
        throw new RangeError(`${operation}: share number ${String(share)} is out of range (must be an integer 0..${this.n - 1})`);
      }
      if (seen.has(share)) throw new Error(`${operation}: duplicate share number ${share}`);
      seen.add(share);
    }
  }
}

export function checkParameters(k: number, n: number): void {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 1 || n < k || n > 256) {
    throw new RangeError(`invalid erasure parameters k=${String(k)}, n=${String(n)}: need integers with 1 <= k <= n <= 256`);
  }
}

/** Checks there are exactly `count` Uint8Arrays of one length; returns that length. */
function checkBlocks(blocks: readonly Uint8Array[], count: number, operation: string, what: string): number {
  if (!Array.isArray(blocks)) throw new TypeError(`${operation}: ${what} must be an array`);
  if (blocks.length !== count) throw new Error(`${operation}: expected ${count} ${what} (k), got ${blocks.length}`);
  blocks.forEach((block, i) => {
    if (!(block instanceof Uint8Array)) throw new TypeError(`${operation}: ${what}[${i}] is not a Uint8Array`);
  });
  const length = blocks[0].length;
  blocks.forEach((block, i) => {
    if (block.length !== length) {
      throw new Error(`${operation}: ${what} have unequal lengths (${what}[0] has ${length} bytes, ${what}[${i}] has ${block.length})`);
    }
  });
  return length;
}
