/**
 * Cross-check of a SIMD kernel build against the plain TypeScript kernel, kept
 * out of the test file so a child Node (with relaxed SIMD enabled) can run it.
 */
import { CoefficientMatrix } from '../erasure/coefficient-matrix';
import { referenceKernel } from '../erasure/reference';
import { firstDifference, randomBlocks, randomBytes, seededRandom } from './erasure';
import { kernelModule, WasmKernel, type KernelVariant } from '../erasure/kernel/wasm-kernel';

interface Shape {
  inputs: number;
  rows: number;
  length: number;
}

const SHAPES: Shape[] = [
  { inputs: 1, rows: 1, length: 1 },
  { inputs: 1, rows: 2, length: 16 },
  { inputs: 2, rows: 1, length: 15 },
  { inputs: 3, rows: 7, length: 1 << 20 },
  { inputs: 3, rows: 7, length: 349_525 },
  { inputs: 5, rows: 3, length: 4095 },
  { inputs: 7, rows: 5, length: 4097 },
  { inputs: 16, rows: 16, length: 33_333 },
  { inputs: 50, rows: 50, length: 1000 },
  { inputs: 100, rows: 156, length: 257 },
  { inputs: 256, rows: 256, length: 33 },
  { inputs: 2, rows: 3, length: 0 },
];

/** A random matrix with extra zeros and ones, the constants that hit special cases. */
export function randomMatrix(rows: number, columns: number, random: () => number): CoefficientMatrix {
  const data = randomBytes(rows * columns, random);
  for (let i = 0; i < data.length; i++) {
    const roll = random();
    if (roll < 0.1) data[i] = 0;
    else if (roll < 0.2) data[i] = 1;
  }
  return new CoefficientMatrix(data, rows, columns);
}

/** Checks a variant on every shape; returns a description of the first mismatch, or null. */
export function crossCheck(variant: KernelVariant, seed: number): string | null {
  const module = kernelModule(variant);
  if (!module) return `kernel variant ${variant} is not supported by this engine`;
  const random = seededRandom(seed);
  // The default working set and tiny ones that force many column chunks per call.
  const kernels = [new WasmKernel(module, variant), new WasmKernel(module, variant, 1000), new WasmKernel(module, variant, 20_000)];
  for (const shape of SHAPES) {
    const matrix = randomMatrix(shape.rows + 2, shape.inputs, random);
    // Some rows of a larger matrix, out of order, to check row selection.
    const rows = Array.from({ length: shape.rows }, (_, i) => (i * 7 + 1) % (shape.rows + 2));
    // Inputs longer than `length`, as the kernel must only read the first `length` bytes.
    const inputs = randomBlocks(shape.inputs, shape.length + 5, random);
    const expected = referenceKernel.multiplyRows(matrix, rows, inputs, shape.length);
    for (const kernel of kernels) {
      const actual = kernel.multiplyRows(matrix, rows, inputs, shape.length);
      if (actual.length !== rows.length) return `${JSON.stringify(shape)}: ${actual.length} outputs for ${rows.length} rows`;
      for (let i = 0; i < rows.length; i++) {
        const at = firstDifference(actual[i], expected[i]);
        if (at !== -1) return `${variant} ${JSON.stringify(shape)} output ${i}: first difference at byte ${at}`;
      }
    }
  }
  return null;
}

