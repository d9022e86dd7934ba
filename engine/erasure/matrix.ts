/**
 * The linear algebra behind zfec's code: the systematic encoding matrix and
 * the inverse used to decode. Matrices are row-major Uint8Arrays of field
 * elements; their dimensions travel alongside as plain numbers.
 */
import { EXP, INV, MUL } from './gf256';

/**
 * Value of column `col` in row `row` of zfec's (non-systematic) Vandermonde
 * matrix: row 0 evaluates the monomials at 0, row r >= 1 evaluates them at
 * alpha^(r-1). With n <= 256 these are n distinct points (alpha has order 255),
 * so every k rows are linearly independent: that is what makes any k shares
 * sufficient.
 */
function vandermondeEntry(row: number, col: number): number {
  if (row === 0) return col === 0 ? 1 : 0;
  return EXP[((row - 1) * col) % 255];
}

/** Inverts a size-by-size matrix in place (Gauss-Jordan). Throws if singular. */
export function invertInPlace(matrix: Uint8Array, size: number): void {
  if (matrix.length !== size * size) throw new RangeError('invertInPlace: matrix is not size*size');
  const inverse = identity(size);
  for (let col = 0; col < size; col++) {
    let pivotRow = col;
    while (pivotRow < size && matrix[pivotRow * size + col] === 0) pivotRow++;
    if (pivotRow === size) throw new Error('matrix is singular');
    if (pivotRow !== col) {
      swapRows(matrix, size, pivotRow, col);
      swapRows(inverse, size, pivotRow, col);
    }
    const scale = INV[matrix[col * size + col]];
    scaleRow(matrix, size, col, scale);
    scaleRow(inverse, size, col, scale);
    for (let row = 0; row < size; row++) {
      const factor = row === col ? 0 : matrix[row * size + col];
      if (factor === 0) continue;
      subtractScaledRow(matrix, size, row, col, factor);
      subtractScaledRow(inverse, size, row, col, factor);
    }
  }
  matrix.set(inverse);
}

export function identity(size: number): Uint8Array {
  const result = new Uint8Array(size * size);
  for (let i = 0; i < size; i++) result[i * size + i] = 1;
  return result;
}

/** (rowsA x inner) times (inner x colsB). */
export function multiply(a: Uint8Array, b: Uint8Array, rowsA: number, inner: number, colsB: number): Uint8Array {
  const result = new Uint8Array(rowsA * colsB);
  for (let r = 0; r < rowsA; r++) {
    for (let c = 0; c < colsB; c++) {
      let sum = 0;
      for (let i = 0; i < inner; i++) sum ^= MUL[(a[r * inner + i] << 8) | b[i * colsB + c]];
      result[r * colsB + c] = sum;
    }
  }
  return result;
}

/**
 * zfec's n-by-k systematic encoding matrix: the Vandermonde matrix multiplied on
 * the right by the inverse of its top k-by-k square, so rows 0..k-1 are the
 * identity (share j < k is primary block j) and row j >= k gives parity share j.
 * The inverse is unique, so computing it generically yields zfec's exact bytes.
 */
export function buildEncodingMatrix(k: number, n: number): Uint8Array {
  const top = new Uint8Array(k * k);
  for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) top[r * k + c] = vandermondeEntry(r, c);
  invertInPlace(top, k);
  const bottom = new Uint8Array((n - k) * k);
  for (let r = k; r < n; r++) for (let c = 0; c < k; c++) bottom[(r - k) * k + c] = vandermondeEntry(r, c);
  const result = new Uint8Array(n * k);
  result.set(identity(k));
  result.set(multiply(bottom, top, n - k, k, k), k * k);
  return result;
}

/** The k-by-k matrix mapping the given shares back to the primary blocks. */
export function buildDecodingMatrix(encoding: Uint8Array, k: number, shareNumbers: readonly number[]): Uint8Array {
  const selected = new Uint8Array(k * k);
  shareNumbers.forEach((share, i) => selected.set(encoding.subarray(share * k, share * k + k), i * k));
  invertInPlace(selected, k);
  return selected;
}

function swapRows(matrix: Uint8Array, size: number, a: number, b: number): void {
  for (let c = 0; c < size; c++) {
    const t = matrix[a * size + c];
    matrix[a * size + c] = matrix[b * size + c];
    matrix[b * size + c] = t;
  }
}

function scaleRow(matrix: Uint8Array, size: number, row: number, factor: number): void {
  if (factor === 1) return;
  const base = row * size;
  for (let c = 0; c < size; c++) matrix[base + c] = MUL[(factor << 8) | matrix[base + c]];
}

/** row[target] -= factor * row[source] (subtraction is XOR in characteristic 2). */
function subtractScaledRow(matrix: Uint8Array, size: number, target: number, source: number, factor: number): void {
  const mulRow = factor << 8;
  for (let c = 0; c < size; c++) matrix[target * size + c] ^= MUL[mulRow | matrix[source * size + c]];
}
