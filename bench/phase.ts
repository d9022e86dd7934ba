/**
 * One benchmark phase in its own process, so its peak resident memory is its
 * own: `phase.ts upload <grid dir> <file>` or `phase.ts download <grid dir> <cap> <file>`.
 * Prints one JSON line: { seconds, bytes, maxRssMB, cap? }.
 */
import { open, readFile } from 'node:fs/promises';
import { downloadFile, fileByteSource, uploadFile } from '../engine/grid';
import { BENCH_ENCODING, benchServers } from './grid-fixture';

const [mode, gridDir, ...rest] = process.argv.slice(2);

async function upload(file: string): Promise<object> {
  const source = await fileByteSource(file);
  const started = performance.now();
  const report = await uploadFile(benchServers(gridDir), source, {
    encoding: BENCH_ENCODING,
    convergence: new Uint8Array(16).fill(7),
    leaseSecret: new Uint8Array(32).fill(8),
  });
  const seconds = (performance.now() - started) / 1000;
  await source.close();
  return { seconds, bytes: source.size, cap: report.cap, happiness: report.happiness };
}

async function download(cap: string, file: string): Promise<object> {
  const servers = benchServers(gridDir);
  let bytes = 0;
  const started = performance.now();
  for await (const chunk of downloadFile(servers, cap)) bytes += chunk.length;
  const seconds = (performance.now() - started) / 1000;
  // Spot-check ranges against the original (every block is hash-checked by the downloader as well).
  const original = await open(file, 'r');
  try {
    for (let i = 0; i < 8; i++) {
      const length = Math.min(1 << 20, bytes);
      const offset = Math.floor(((bytes - length) * i) / 7);
      const expected = Buffer.alloc(length);
      await original.read(expected, 0, length, offset);
      const got: Buffer[] = [];
      for await (const chunk of downloadFile(servers, cap, { offset, length })) got.push(Buffer.from(chunk));
      if (!Buffer.concat(got).equals(expected)) throw new Error(`downloaded bytes differ from the original at offset ${offset}`);
    }
  } finally {
    await original.close();
  }
  return { seconds, bytes };
}

const result = mode === 'upload' ? await upload(rest[0]) : mode === 'download' ? await download(rest[0], rest[1]) : undefined;
if (!result) throw new Error('usage: phase.ts upload <grid dir> <file> | download <grid dir> <cap> <file>');
// maxRSS is in KiB. Linux carries the parent's peak across fork+exec into it, so the
// process's own high-water mark (VmHWM) is reported too, as a cross-check.
const ownPeakKiB = Number(/VmHWM:\s+(\d+) kB/.exec(await readFile('/proc/self/status', 'utf8').catch(() => ''))?.[1] ?? NaN);
process.stdout.write(
  `${JSON.stringify({ ...result, maxRssMB: (process.resourceUsage().maxRSS * 1024) / 1e6, vmHwmMB: (ownPeakKiB * 1024) / 1e6 })}\n`,
);
