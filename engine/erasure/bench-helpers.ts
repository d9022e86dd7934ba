/**
 * Throughput measurements for the project benchmark: this codec against
 * Debian's python3-zfec on the same shape of work. Both count, per encode call,
 * the k * blockLength input bytes (blockLength = ceil(segmentSize / k)) and
 * time only the encode calls; MB = 1e6 bytes.
 */
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createCodec } from './index';

export const DEFAULT_SEGMENT_SIZE = 1 << 20;
export const SYSTEM_PYTHON = '/usr/bin/python3';

/** Encode calls made before timing, so the JIT has compiled the hot paths (zfec is native code). */
const WARMUP_CALLS = 8;

interface EncodeWorkload {
  calls: number;
  blockLength: number;
  inputBytes: number;
}

function workload(k: number, totalBytes: number, segmentSize: number): EncodeWorkload {
  if (!Number.isInteger(totalBytes) || totalBytes <= 0) throw new RangeError(`totalBytes must be a positive integer, got ${totalBytes}`);
  if (!Number.isInteger(segmentSize) || segmentSize <= 0) throw new RangeError(`segmentSize must be a positive integer, got ${segmentSize}`);
  const calls = Math.ceil(totalBytes / segmentSize);
  const blockLength = Math.ceil(segmentSize / k);
  return { calls, blockLength, inputBytes: calls * k * blockLength };
}

/** Encodes totalBytes of random input, segment by segment, with createCodec(k, n); returns MB/s of input. */
export function measureRsEncodeMBps(k: number, n: number, totalBytes: number, segmentSize = DEFAULT_SEGMENT_SIZE): number {
  const codec = createCodec(k, n);
  const { calls, blockLength, inputBytes } = workload(k, totalBytes, segmentSize);
  const segmentBytes = k * blockLength;
  const data = new Uint8Array(calls * segmentBytes);
  for (let offset = 0; offset < data.length; offset += 1 << 16) randomFillSync(data, offset, Math.min(1 << 16, data.length - offset));
  const primaryBlocks = (call: number): Uint8Array[] =>
    Array.from({ length: k }, (_, j) => data.subarray(call * segmentBytes + j * blockLength, call * segmentBytes + (j + 1) * blockLength));

  for (let i = 0; i < WARMUP_CALLS; i++) codec.encode(primaryBlocks(i % calls));
  const segments = Array.from({ length: calls }, (_, call) => primaryBlocks(call));
  const started = performance.now();
  for (const segment of segments) codec.encode(segment);
  const seconds = (performance.now() - started) / 1000;
  return inputBytes / 1e6 / seconds;
}

// Reads k, n, calls and blockLength from argv; prints the MB/s of input.
const ZFEC_BENCH_SCRIPT = `
import os, sys, time, zfec
k, n, calls, block_length = map(int, sys.argv[1:5])
encoder = zfec.Encoder(k, n)
segments = [[os.urandom(block_length) for _ in range(k)] for _ in range(calls)]
for i in range(min(${WARMUP_CALLS}, calls)):
    encoder.encode(segments[i])
elapsed = 0.0
for segment in segments:
    started = time.perf_counter()
    encoder.encode(segment)
    elapsed += time.perf_counter() - started
print(calls * k * block_length / 1e6 / elapsed)
`;

/** Same measurement with Debian's python3-zfec (timing only its encode calls, inside Python). */
export function measureZfecEncodeMBps(k: number, n: number, totalBytes: number, segmentSize = DEFAULT_SEGMENT_SIZE): Promise<number> {
  const { calls, blockLength } = workload(k, totalBytes, segmentSize);
  const args = ['-c', ZFEC_BENCH_SCRIPT, String(k), String(n), String(calls), String(blockLength)];
  return new Promise((resolve, reject) => {
    execFile(SYSTEM_PYTHON, args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`zfec benchmark failed (is python3-zfec installed? apt-get install python3-zfec): ${stderr || error.message}`));
        return;
      }
      const mbps = Number(stdout.trim());
      if (!Number.isFinite(mbps) || mbps <= 0) reject(new Error(`zfec benchmark printed ${JSON.stringify(stdout)}`));
      else resolve(mbps);
    });
  });
}
