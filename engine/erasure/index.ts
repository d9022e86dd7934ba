/**
 * zfec-compatible Reed-Solomon erasure coding over GF(2^8) (Tahoe-LAFS's FEC):
 * any k of the n shares rebuild the k primary blocks, and the bytes of every
 * share equal what zfec produces for the same k, n and input.
 */
import { referenceKernel } from './reference';
import { ZfecCodec } from './codec';
import { sharedWasmKernel } from './kernel/wasm-kernel';

export interface ErasureCodec {
  readonly k: number;
  readonly n: number;
  /** primary: exactly k blocks, all the same length. Returns the blocks for the requested share numbers
   *  (default: all 0..n-1), in the order requested. Blocks for share numbers < k may be the input objects. */
  encode(primary: readonly Uint8Array[], shareNumbers?: readonly number[]): Uint8Array[];
  /** encode into caller-provided blocks (one per share number, each at least a block long); returns views of them. */
  encodeInto(primary: readonly Uint8Array[], shareNumbers: readonly number[], outputs: readonly Uint8Array[]): Uint8Array[];
  /** blocks: exactly k blocks of equal length with their distinct share numbers; returns the k primary blocks in order. */
  decode(blocks: readonly Uint8Array[], shareNumbers: readonly number[]): Uint8Array[];
}

/**
 * Synchronous. Uses the WebAssembly SIMD kernel when the engine supports it,
 * the pure TypeScript one otherwise. Throws RangeError unless 1 <= k <= n <= 256.
 * Primary blocks returned by decode (when present among the inputs) are the input objects.
 */
export function createCodec(k: number, n: number): ErasureCodec {
  return new ZfecCodec(k, n, sharedWasmKernel() ?? referenceKernel);
}

/** Same codec computed by the plain TypeScript kernel only (cross-checks, environments without SIMD). */
export function createReferenceCodec(k: number, n: number): ErasureCodec {
  return new ZfecCodec(k, n, referenceKernel);
}

/** Which kernel createCodec uses here: 'wasm-simd' or 'reference'. */
export function activeKernelName(): string {
  return (sharedWasmKernel() ?? referenceKernel).name;
}
