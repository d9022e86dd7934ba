/**
 * Throughput of the CHK encoder and decoder in memory (no storage I/O):
 *   npx tsx engine/chk/bench-throughput.ts [MiB] [k] [n] [segment KiB]
 * Defaults: 256 MiB, 3-of-10, 1 MiB segments. Reports MB/s of plaintext
 * (1 MB = 10^6 bytes) and peak RSS (the process's maxRSS).
 */
import { randomBytes } from 'node:crypto';
import { computeConvergentKey, downloadChk, encodeChk, MemoryShareStore, planEncoding, type ByteSource, type ShareSink } from './index';

const [mib = 256, k = 3, n = 10, segmentKiB = 1024] = process.argv.slice(2).map(Number);
const size = mib * 1024 * 1024;
const params = { needed: k, total: n, happy: Math.min(n, 7), maxSegmentSize: segmentKiB * 1024 };

// A repeating 16 MiB random pattern keeps memory low while every segment differs.
const pattern = randomBytes(16 * 1024 * 1024);
const source: ByteSource = {
  size,
  read: async (offset, length) => {
    const start = offset % pattern.length;
    if (start + length <= pattern.length) return pattern.subarray(start, start + length);
    const out = Buffer.allocUnsafe(length);
    for (let done = 0; done < length; ) {
      const from = (offset + done) % pattern.length;
      done += pattern.copy(out, done, from, Math.min(pattern.length, from + length - done));
    }
    return out;
  },
};

const maxRssMiB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
const rate = (ms: number) => `${((size / 1e6) / (ms / 1000)).toFixed(0)} MB/s`;

let t = performance.now();
const key = await computeConvergentKey(source, params, new Uint8Array(16));
const keyMs = performance.now() - t;

const plan = planEncoding(key, params, size);
const discard: ShareSink = { write: async () => undefined };
t = performance.now();
const { readCap } = await encodeChk(plan, source, discard);
const encodeMs = performance.now() - t;
const encodeRss = maxRssMiB();

// Keep only what downloads read: the primary shares and the last k parity shares.
const primary = Array.from({ length: k }, (_, i) => i);
const parity = Array.from({ length: k }, (_, i) => n - k + i);
const store = new MemoryShareStore(plan.shareSize);
await encodeChk(plan, source, store, { shareNumbers: [...new Set([...primary, ...parity])] });

async function timeDownload(shares: number[]): Promise<number> {
  const start = performance.now();
  let bytes = 0;
  for await (const piece of downloadChk(readCap, store.sources(shares))) bytes += piece.length;
  if (bytes !== size) throw new Error(`downloaded ${bytes} bytes, expected ${size}`);
  return performance.now() - start;
}
const primaryMs = await timeDownload(primary);
const parityMs = await timeDownload(parity);

console.log(`${mib} MiB, ${k}-of-${n}, ${segmentKiB} KiB segments`);
console.log(`convergent key      ${rate(keyMs)}`);
console.log(`encode (all shares) ${rate(encodeMs)}`);
console.log(`key + encode        ${rate(keyMs + encodeMs)}`);
console.log(`download, primary   ${rate(primaryMs)}`);
console.log(`download, parity    ${rate(parityMs)}`);
console.log(`peak RSS after key + encode: ${encodeRss} MiB (source pattern 16 MiB, shares discarded)`);
console.log(`peak RSS at the end: ${maxRssMiB()} MiB (includes ${((2 * k * plan.shareSize) / 2 ** 20).toFixed(0)} MiB of stored shares)`);
