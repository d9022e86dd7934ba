import { computeConvergentKey, encodeChk, formatCap, literalCap, planEncoding } from '../chk';
import { LITERAL_THRESHOLD, type ByteSource, type EncodingParams } from '../chk/api';

/**
 * The read cap a file would get with these parameters, storing nothing: the
 * full encoding runs (the cap commits to the hash of the URI extension block,
 * which depends on every block), with the shares thrown away.
 */
export async function computeCap(source: ByteSource, encoding: EncodingParams, convergence: Uint8Array): Promise<string> {
  if (source.size <= LITERAL_THRESHOLD) return formatCap(literalCap(await source.read(0, source.size)));
  const key = await computeConvergentKey(source, encoding, convergence);
  const plan = planEncoding(key, encoding, source.size);
  const discard = { write: async () => undefined };
  const { readCap } = await encodeChk(plan, source, discard, { shareNumbers: [] });
  return formatCap(readCap);
}
