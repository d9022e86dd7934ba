// WebAssembly SIMD kernel for Reed-Solomon over GF(2^8): multiplies a matrix of
// field constants by a set of equal-length blocks. Compiled twice by
// scripts/build-wasm.mjs (plain SIMD, and relaxed SIMD where engines have it)
// into ../rs-kernel-wasm.ts; the TypeScript host (../wasm-kernel.ts) lays out
// all memory and prepares the constant tables.
//
// Multiplication by a constant c uses the split-nibble method: the field
// multiplication is linear over XOR, so c*b = c*(b & 15) ^ c*(b & 0xf0), and
// each half has only 16 possible values, so two 16-entry tables (lo and hi)
// used as i8x16.swizzle lookups multiply 16 bytes at once.
//
// Table layout: for output row r and input j, 32 bytes at
// tables + (r * inputCount + j) * 32: lo[0..15] then hi[0..15].
//
// Loop order: each pass takes two output rows and one input at a time, so the
// four tables and the nibble mask stay in registers and the inner loop is a
// plain stream; the output strips are accumulated in place. (Keeping many row
// sums in registers instead made V8 spill them on every iteration.)

// Bytes of each block handled before moving on, so the k input strips and the
// two output strips of a pass stay in the L1/L2 cache.
const STRIP_BYTES: usize = 4096;

// Loaded into a local rather than written as a constant: V8 rebuilds vector
// constants at every use inside a loop, but keeps a loaded value in a register.
const NIBBLE_MASK = memory.data<u8>([15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15, 15], 16);

/** First byte the host may use: nothing of ours lives beyond it. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}

// With in-range indices (always the case here: nibbles are 0..15) the relaxed
// swizzle gives exactly the same bytes, and it maps to a single x86 pshufb,
// while the strict one also needs an add to force out-of-range lanes to zero.
// @ts-ignore: decorator
@inline
function lookup(table: v128, indices: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return i8x16.relaxed_swizzle(table, indices);
  return i8x16.swizzle(table, indices);
}

/**
 * outputs[r] = sum over j of c[r][j] * inputs[j] for r < rowCount, the
 * constants given as split tables. Block j starts at inputs + j * inputStride,
 * row r's output at outputs + r * outputStride; length must be a multiple of
 * 16, inputCount >= 1, and the output blocks must not overlap the inputs.
 */
export function multiplyRows(
  tables: usize,
  inputs: usize,
  inputStride: usize,
  inputCount: i32,
  outputs: usize,
  outputStride: usize,
  rowCount: i32,
  length: usize,
): void {
  const mask = v128.load(NIBBLE_MASK);
  const rowTableBytes = <usize>inputCount * 32;
  for (let start: usize = 0; start < length; start += STRIP_BYTES) {
    const end = min(start + STRIP_BYTES, length);
    let row = 0;
    for (; row + 2 <= rowCount; row += 2) {
      const out0 = outputs + <usize>row * outputStride;
      const out1 = out0 + outputStride;
      const rowTables = tables + <usize>row * rowTableBytes;
      for (let j = 0; j < inputCount; j++) {
        const t0 = rowTables + <usize>j * 32;
        const t1 = t0 + rowTableBytes;
        pairPass(
          v128.load(t0), v128.load(t0, 16), v128.load(t1), v128.load(t1, 16),
          mask, inputs + <usize>j * inputStride, out0, out1, start, end, j == 0,
        );
      }
    }
    if (row < rowCount) {
      const out = outputs + <usize>row * outputStride;
      const rowTables = tables + <usize>row * rowTableBytes;
      for (let j = 0; j < inputCount; j++) {
        const t = rowTables + <usize>j * 32;
        singlePass(v128.load(t), v128.load(t, 16), mask, inputs + <usize>j * inputStride, out, start, end, j == 0);
      }
    }
  }
}

// out0 (+)= c0 * input and out1 (+)= c1 * input over [start, end): the first
// input overwrites the stale output, later ones accumulate into it.
// @ts-ignore: decorator
@inline
function pairPass(
  lo0: v128, hi0: v128, lo1: v128, hi1: v128, mask: v128,
  input: usize, out0: usize, out1: usize, start: usize, end: usize, overwrite: bool,
): void {
  if (overwrite) {
    for (let p = start; p < end; p += 16) {
      const data = v128.load(input + p);
      const low = v128.and(data, mask);
      // A 16-bit lane shift plus the mask equals a per-byte shift and is cheaper.
      const high = v128.and(i16x8.shr_u(data, 4), mask);
      v128.store(out0 + p, v128.xor(lookup(lo0, low), lookup(hi0, high)));
      v128.store(out1 + p, v128.xor(lookup(lo1, low), lookup(hi1, high)));
    }
  } else {
    for (let p = start; p < end; p += 16) {
      const data = v128.load(input + p);
      const low = v128.and(data, mask);
      const high = v128.and(i16x8.shr_u(data, 4), mask);
      v128.store(out0 + p, v128.xor(v128.load(out0 + p), v128.xor(lookup(lo0, low), lookup(hi0, high))));
      v128.store(out1 + p, v128.xor(v128.load(out1 + p), v128.xor(lookup(lo1, low), lookup(hi1, high))));
    }
  }
}

// @ts-ignore: decorator
@inline
function singlePass(
  lo: v128, hi: v128, mask: v128, input: usize, out: usize, start: usize, end: usize, overwrite: bool,
): void {
  if (overwrite) {
    for (let p = start; p < end; p += 16) {
      const data = v128.load(input + p);
      v128.store(out + p, v128.xor(lookup(lo, v128.and(data, mask)), lookup(hi, v128.and(i16x8.shr_u(data, 4), mask))));
    }
  } else {
    for (let p = start; p < end; p += 16) {
      const data = v128.load(input + p);
      const product = v128.xor(lookup(lo, v128.and(data, mask)), lookup(hi, v128.and(i16x8.shr_u(data, 4), mask)));
      v128.store(out + p, v128.xor(v128.load(out + p), product));
    }
  }
}
