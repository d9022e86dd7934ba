/**
 * Arithmetic in GF(2^8) exactly as zfec defines it: the field is built from the
 * primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) and alpha = 2 (the
 * polynomial "x") generates the multiplicative group. Share bytes only match
 * zfec's if every product here matches zfec's, so nothing in this file may be
 * changed without breaking compatibility.
 */

export const PRIMITIVE_POLYNOMIAL = 0x11d;

/** EXP[i] = alpha^i for 0 <= i < 510, doubled so EXP[LOG[a] + LOG[b]] never needs a modulo. */
export const EXP = new Uint8Array(510);
/** LOG[alpha^i] = i; LOG[0] is meaningless (set to 0, never read for products). */
export const LOG = new Uint8Array(256);
/** MUL[a * 256 + b] = a * b in the field: 64 KiB, the fastest portable way to multiply. */
export const MUL = new Uint8Array(256 * 256);
/** INV[a] = 1 / a for a != 0. */
export const INV = new Uint8Array(256);

function buildTables(): void {
  let value = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = value;
    EXP[i + 255] = value;
    LOG[value] = i;
    value <<= 1;
    if (value & 0x100) value ^= PRIMITIVE_POLYNOMIAL;
  }
  for (let a = 1; a < 256; a++) {
    for (let b = 1; b < 256; b++) MUL[a * 256 + b] = EXP[LOG[a] + LOG[b]];
    INV[a] = EXP[255 - LOG[a]];
  }
}
buildTables();

export function gfMul(a: number, b: number): number {
  return MUL[(a << 8) | b];
}
