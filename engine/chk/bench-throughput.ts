/**
 * Throughput and memory of the CHK encoder and decoder, without a grid:
 *   npx tsx engine/chk/bench-throughput.ts [MiB] [k] [n] [segment KiB] [memory|files]
 * Defaults: 256 MiB, 3-of-10, 1 MiB segments, shares in memory. With `files`
 * the shares go to files in a temporary directory (so RSS reflects only the
 * codec), which is removed afterwards. Reports MB/s of plaintext
 * (1 MB = 10^6 bytes), CPU seconds per GB (all threads) and the process's maxRSS.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  computeConvergentKey,
  downloadChk,
  encodeChk,
  MemoryShareStore,
  planEncoding,
  type ByteSource,
  type ShareSink,
  type ShareSource,
} from './index';

const args = process.argv.slice(2);
const [mib = 256, k = 3, n = 10, segmentKiB = 1024] = args.slice(0, 4).map(Number);
const storage = args[4] === 'files' ? 'files' : 'memory';
const size = mib * 1024 * 1024;
const params = { needed: k, total: n, happy: Math.min(n, 7), maxSegmentSize: segmentKiB * 1024 };

// A repeating 16 MiB random pattern keeps the source small while every segment differs.
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

/** CPU seconds used so far by each thread of this process (Linux /proc), keyed by thread id. */
function threadCpuSeconds(): Map<string, number> {
  const ticks = 100; // USER_HZ
  const times = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(tid, (Number(fields[11]) + Number(fields[12])) / ticks); // utime + stime
    }
  } catch {
    // not Linux: per-thread figures are skipped
  }
  return times;
}

/**
 * Wall-clock throughput, CPU cost, and the busiest thread's CPU time: on a
 * shared machine wall time depends on other load, while size / busiest-thread
 * CPU estimates what an otherwise idle machine with enough cores would reach.
 */
async function measure(label: string, run: () => Promise<void>): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const threadsBefore = threadCpuSeconds();
  const start = performance.now();
  await run();
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuBefore);
  const perThread = [...threadCpuSeconds()].map(([tid, seconds]) => seconds - (threadsBefore.get(tid) ?? 0));
  const busiest = Math.max(...perThread, 0);
  const gb = size / 1e9;
  console.log(
    `${label.padEnd(22)} ${(gb * 1000 / (ms / 1000)).toFixed(0).padStart(5)} MB/s   ` +
      `${((cpu.user + cpu.system) / 1e6 / gb).toFixed(2)} CPU s/GB   ` +
      (busiest > 0 ? `busiest thread ${(busiest / gb).toFixed(2)} s/GB (=> ${(gb * 1000 / busiest).toFixed(0)} MB/s if CPU-bound)   ` : '') +
      `maxRSS ${maxRssMiB()} MiB`,
  );
}

console.log(`${mib} MiB, ${k}-of-${n}, ${segmentKiB} KiB segments, shares in ${storage}; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
let key: Uint8Array = new Uint8Array(16);
await measure('convergent key', async () => {
  key = await computeConvergentKey(source, params, new Uint8Array(16));
});
const plan = planEncoding(key, params, size);
const discard: ShareSink = { write: async () => undefined };
await measure('encode, discard shares', async () => {
  await encodeChk(plan, source, discard);
});

// Store only what the downloads read: the k primary shares and the last k parity shares.
const primary = Array.from({ length: k }, (_, i) => i);
const parity = Array.from({ length: k }, (_, i) => n - k + i);
const kept = [...new Set([...primary, ...parity])];
let sink: ShareSink;
let sources: (numbers: number[]) => ShareSource[];
let cleanup = async () => undefined as void;
if (storage === 'memory') {
  const store = new MemoryShareStore(plan.shareSize);
  sink = store;
  sources = (numbers) => store.sources(numbers);
} else {
  const dir = await mkdtemp(join(tmpdir(), 'chk-bench-'));
  const handles = new Map<number, FileHandle>();
  for (const share of kept) handles.set(share, await open(join(dir, String(share)), 'w+'));
  sink = { write: async (share, offset, data) => void (await handles.get(share)!.write(data, 0, data.length, offset)) };
  sources = (numbers) =>
    numbers.map((share) => ({
      shareNumber: share,
      read: async (offset, length) => {
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handles.get(share)!.read(buffer, 0, length, offset);
        return buffer.subarray(0, bytesRead);
      },
    }));
  cleanup = async () => {
    for (const handle of handles.values()) await handle.close();
    await rm(dir, { recursive: true, force: true });
  };
}
const readCap = (await encodeChk(plan, source, sink, { shareNumbers: kept })).readCap;

async function download(shares: number[]): Promise<void> {
  let bytes = 0;
  for await (const piece of downloadChk(readCap, sources(shares))) bytes += piece.length;
  if (bytes !== size) throw new Error(`downloaded ${bytes} bytes, expected ${size}`);
}
await measure('download, primary', () => download(primary));
await measure('download, parity only', () => download(parity));
await cleanup();
