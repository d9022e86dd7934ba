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
  // Work on [matrix | identity] rows side by side; when the left half becomes
  // the identity, the right half is the inverse.
  const width = 2 * size;
  const work = new Uint8Array(size * width);
  for (let r = 0; r < size; r++) {
    work.set(matrix.subarray(r * size, (r + 1) * size), r * width);
    work[r * width + size + r] = 1;
  }
  const row = (r: number) => work.subarray(r * width, (r + 1) * width);
  for (let col = 0; col < size; col++) {
    let pivot = col;
    while (pivot < size && work[pivot * width + col] === 0) pivot++;
    if (pivot === size) throw new Error('matrix is singular');
    if (pivot !== col) {
      const saved = row(pivot).slice();
      work.copyWithin(pivot * width, col * width, (col + 1) * width);
      work.set(saved, col * width);
    }
    const pivotRow = row(col);
    scaleRow(pivotRow, INV[pivotRow[col]], col);
    for (let r = 0; r < size; r++) {
      const factor = r === col ? 0 : work[r * width + col];
      if (factor !== 0) subtractScaledRow(row(r), pivotRow, factor, col);
    }
  }
  for (let r = 0; r < size; r++) matrix.set(work.subarray(r * width + size, (r + 1) * width), r * size);
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
    const out = result.subarray(r * colsB, (r + 1) * colsB);
    for (let i = 0; i < inner; i++) {
      const factor = a[r * inner + i];
      if (factor !== 0) subtractScaledRow(out, b.subarray(i * colsB, (i + 1) * colsB), factor, 0);
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

/** row *= factor; entries before fromColumn are already zero and are skipped. */
function scaleRow(row: Uint8Array, factor: number, fromColumn: number): void {
  if (factor === 1) return;
  const products = MUL.subarray(factor << 8, (factor << 8) + 256);
  for (let c = fromColumn; c < row.length; c++) row[c] = products[row[c]];
}

/** target -= factor * source (subtraction is XOR in characteristic 2); source is zero before fromColumn. */
function subtractScaledRow(target: Uint8Array, source: Uint8Array, factor: number, fromColumn: number): void {
  const products = MUL.subarray(factor << 8, (factor << 8) + 256);
  for (let c = fromColumn; c < source.length; c++) target[c] ^= products[source[c]];
}
