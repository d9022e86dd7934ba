/**
 * The erasure codec the CHK encoder and decoder use. TEMPORARY stand-in until
 * engine/erasure/index.ts lands: only k = 1 (every zfec share of a 1-of-n code
 * is a copy of the single primary block).
 */
export interface ErasureCodec {
  encode(primary: readonly Uint8Array[], shareNumbers?: readonly number[]): Uint8Array[];
  decode(blocks: readonly Uint8Array[], shareNumbers: readonly number[]): Uint8Array[];
}

export function createCodec(k: number, n: number): ErasureCodec {
  if (k !== 1) throw new Error(`stand-in codec supports only k=1, not ${k}-of-${n}`);
  return {
    encode: (primary, shareNumbers) => (shareNumbers ?? Array.from({ length: n }, (_, i) => i)).map(() => primary[0]),
    decode: (blocks) => [blocks[0]],
  };
}
