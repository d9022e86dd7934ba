/**
 * A matrix of GF(2^8) constants that a kernel multiplies blocks by, together
 * with its split-nibble lookup tables (built once, on first use by the SIMD
 * kernel, and reused for every segment).
 */
import { MUL } from './gf256';

/** Bytes of lookup table per constant: 16 for the low nibble, 16 for the high. */
export const SPLIT_TABLE_BYTES = 32;

export class CoefficientMatrix {
  private tables: Uint8Array | undefined;

  /** data is row-major, rowCount * columnCount constants. */
  constructor(
    readonly data: Uint8Array,
    readonly rowCount: number,
    readonly columnCount: number,
  ) {
    if (data.length !== rowCount * columnCount) {
      throw new RangeError(`CoefficientMatrix: ${data.length} constants for a ${rowCount}x${columnCount} matrix`);
    }
  }

  at(row: number, column: number): number {
    return this.data[row * this.columnCount + column];
  }

  /**
   * For constant c = at(r, j), SPLIT_TABLE_BYTES bytes at offset
   * (r * columnCount + j) * 32: lo[x] = c * x, then hi[x] = c * (x << 4), for x < 16.
   * Because multiplication distributes over XOR, c * b = lo[b & 15] ^ hi[b >> 4].
   */
  splitTables(): Uint8Array {
    if (this.tables) return this.tables;
    const tables = new Uint8Array(this.data.length * SPLIT_TABLE_BYTES);
    this.data.forEach((constant, index) => {
      const products = MUL.subarray(constant << 8, (constant << 8) + 256);
      const base = index * SPLIT_TABLE_BYTES;
      for (let x = 0; x < 16; x++) {
        tables[base + x] = products[x];
        tables[base + 16 + x] = products[x << 4];
      }
    });
    this.tables = tables;
    return tables;
  }
}

/**
 * Multiplies selected rows of a constant matrix by blocks:
 * for each i, output i = sum over j of matrix[rows[i]][j] * inputs[j].
 */
export interface MatrixKernel {
  readonly name: string;
  /**
   * inputs: matrix.columnCount blocks of at least `length` bytes. Returns rows.length blocks of `length` bytes:
   * new ones, or `outputs` (one per row, at least `length` bytes each, not overlapping the inputs) filled in,
   * which lets a caller reuse its buffers instead of allocating per call.
   */
  multiplyRows(
    matrix: CoefficientMatrix,
    rows: readonly number[],
    inputs: readonly Uint8Array[],
    length: number,
    outputs?: readonly Uint8Array[],
  ): Uint8Array[];
}
