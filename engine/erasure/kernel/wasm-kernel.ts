/**
 * Host side of the WebAssembly SIMD kernel: instantiates it synchronously,
 * lays out its linear memory (tables, input blocks, output blocks), and copies
 * data in and out. Large blocks are processed in column chunks so the working
 * set stays cache-sized and the wasm memory stays bounded.
 */
import { CoefficientMatrix, SPLIT_TABLE_BYTES, type MatrixKernel } from '../coefficient-matrix';
import { RS_KERNEL_RELAXED_WASM_BASE64, RS_KERNEL_WASM_BASE64 } from './rs-kernel-wasm';

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  multiplyRows(
    tables: number,
    inputs: number,
    inputStride: number,
    inputCount: number,
    outputs: number,
    outputStride: number,
    rowCount: number,
    length: number,
  ): void;
}

const WASM_PAGE_BYTES = 65536;
const VECTOR_BYTES = 16;

/**
 * Bytes of input plus output blocks handled per kernel call. Small enough for
 * the chunk to stay in L2 between copy-in, compute and copy-out, large enough
 * to make the per-call overhead negligible.
 */
export const DEFAULT_WORKING_SET_BYTES = 384 * 1024;

export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export type KernelVariant = 'relaxed-simd' | 'simd';

const KERNEL_SOURCES: Record<KernelVariant, string> = {
  'relaxed-simd': RS_KERNEL_RELAXED_WASM_BASE64,
  simd: RS_KERNEL_WASM_BASE64,
};

const compiledModules = new Map<KernelVariant, WebAssembly.Module | null>();

/** The compiled kernel variant, or null when this engine cannot run it (no WebAssembly, SIMD or relaxed SIMD). */
export function kernelModule(variant: KernelVariant): WebAssembly.Module | null {
  let module = compiledModules.get(variant);
  if (module === undefined) {
    module = null;
    if (typeof WebAssembly === 'object') {
      const bytes = decodeBase64(KERNEL_SOURCES[variant]);
      // validate() is false when the engine lacks an instruction the variant uses.
      if (WebAssembly.validate(bytes)) module = new WebAssembly.Module(bytes);
    }
    compiledModules.set(variant, module);
  }
  return module;
}

const roundUpTo = (value: number, multiple: number): number => Math.ceil(value / multiple) * multiple;

export class WasmKernel implements MatrixKernel {
  readonly name: string;
  private readonly exports: KernelExports;
  private readonly heapBase: number;
  private bytes: Uint8Array;

  constructor(
    module: WebAssembly.Module,
    variant: KernelVariant,
    private readonly workingSetBytes = DEFAULT_WORKING_SET_BYTES,
  ) {
    this.name = `wasm-${variant}`;
    this.exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    this.heapBase = this.exports.heapBase();
    this.bytes = new Uint8Array(this.exports.memory.buffer);
  }

  multiplyRows(
    matrix: CoefficientMatrix,
    rows: readonly number[],
    inputs: readonly Uint8Array[],
    length: number,
    into?: readonly Uint8Array[],
  ): Uint8Array[] {
    const outputs = into ? into.map((output) => output.subarray(0, length)) : rows.map(() => new Uint8Array(length));
    if (rows.length === 0 || length === 0) return outputs;
    const inputCount = matrix.columnCount;
    const blockCount = inputCount + rows.length;
    const chunk = Math.min(
      roundUpTo(length, VECTOR_BYTES),
      Math.max(VECTOR_BYTES, Math.floor(this.workingSetBytes / blockCount / VECTOR_BYTES) * VECTOR_BYTES),
    );

    const tablesAt = this.heapBase;
    const rowTableBytes = inputCount * SPLIT_TABLE_BYTES;
    const inputsAt = roundUpTo(tablesAt + rows.length * rowTableBytes, VECTOR_BYTES);
    const outputsAt = inputsAt + inputCount * chunk;
    this.ensureMemory(outputsAt + rows.length * chunk);

    const memory = this.bytes;
    const tables = matrix.splitTables();
    rows.forEach((row, i) => {
      memory.set(tables.subarray(row * rowTableBytes, (row + 1) * rowTableBytes), tablesAt + i * rowTableBytes);
    });

    for (let start = 0; start < length; start += chunk) {
      const end = Math.min(start + chunk, length);
      for (let j = 0; j < inputCount; j++) {
        memory.set(inputs[j].subarray(start, end), inputsAt + j * chunk);
      }
      // The kernel works in whole vectors; bytes past `end` in the last vector
      // are stale but only affect output bytes that are never copied out.
      const vectorLength = roundUpTo(end - start, VECTOR_BYTES);
      this.exports.multiplyRows(tablesAt, inputsAt, chunk, inputCount, outputsAt, chunk, rows.length, vectorLength);
      for (let i = 0; i < rows.length; i++) {
        const from = outputsAt + i * chunk;
        outputs[i].set(memory.subarray(from, from + (end - start)), start);
      }
    }
    return outputs;
  }

  private ensureMemory(bytesNeeded: number): void {
    const memory = this.exports.memory;
    if (memory.buffer.byteLength < bytesNeeded) {
      memory.grow(Math.ceil((bytesNeeded - memory.buffer.byteLength) / WASM_PAGE_BYTES));
      // Growing detaches the old ArrayBuffer, so views must be recreated.
      this.bytes = new Uint8Array(memory.buffer);
    }
  }
}

let sharedKernel: WasmKernel | null | undefined;

/**
 * The fastest variant this engine runs (relaxed SIMD, else SIMD), or null.
 * One kernel instance serves every codec: calls are synchronous, so they never
 * interleave, and one linear memory is reused instead of one per codec.
 */
export function sharedWasmKernel(): WasmKernel | null {
  if (sharedKernel === undefined) {
    sharedKernel = null;
    for (const variant of ['relaxed-simd', 'simd'] as const) {
      const module = kernelModule(variant);
      if (module) {
        sharedKernel = new WasmKernel(module, variant);
        break;
      }
    }
  }
  return sharedKernel;
}
