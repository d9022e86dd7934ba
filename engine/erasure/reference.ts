/**
 * Plain TypeScript matrix kernel: byte-at-a-time table multiplication, the
 * same arithmetic zfec does in C. It is the fallback where WebAssembly SIMD is
 * missing and the independent cross-check for the SIMD kernel in tests.
 */
import { CoefficientMatrix, type MatrixKernel } from './coefficient-matrix';
import { MUL } from './gf256';

export const referenceKernel: MatrixKernel = {
  name: 'reference',
  multiplyRows(
    matrix: CoefficientMatrix,
    rows: readonly number[],
    inputs: readonly Uint8Array[],
    length: number,
    outputs?: readonly Uint8Array[],
  ): Uint8Array[] {
    return rows.map((row, i) => {
      // A caller's buffer holds stale bytes; the sum starts from zero.
      const output = outputs ? outputs[i].fill(0, 0, length).subarray(0, length) : new Uint8Array(length);
      for (let j = 0; j < matrix.columnCount; j++) {
        addScaled(output, inputs[j], matrix.at(row, j), length);
      }
      return output;
    });
  },
};

/** output ^= constant * input over the first `length` bytes. */
function addScaled(output: Uint8Array, input: Uint8Array, constant: number, length: number): void {
  if (constant === 0) return;
  if (constant === 1) {
    for (let i = 0; i < length; i++) output[i] ^= input[i];
    return;
  }
  const products = MUL.subarray(constant << 8, (constant << 8) + 256);
  for (let i = 0; i < length; i++) output[i] ^= products[input[i]];
}
