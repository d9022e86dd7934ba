/** Single-core throughput ceilings from node:crypto and memcpy, measured over the same buffer sizes. MB = 1e6 bytes. */
import { createCipheriv, createHash, randomFillSync } from 'node:crypto';

const CHUNK = 1 << 20;

function timeMBps(totalBytes: number, work: () => void): number {
  work(); // warm-up
  const started = performance.now();
  work();
  return totalBytes / 1e6 / ((performance.now() - started) / 1000);
}

function randomBuffer(bytes: number): Buffer {
  const buffer = Buffer.allocUnsafe(bytes);
  for (let offset = 0; offset < bytes; offset += 1 << 16) randomFillSync(buffer, offset, Math.min(1 << 16, bytes - offset));
  return buffer;
}

export function measureCeilings(bytes = 64 << 20): { aes128ctr: number; sha256: number; memcpy: number } {
  const data = randomBuffer(bytes);
  const target = Buffer.allocUnsafe(bytes);
  const aes128ctr = timeMBps(bytes, () => {
    const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, 1), Buffer.alloc(16));
    for (let offset = 0; offset < bytes; offset += CHUNK) cipher.update(data.subarray(offset, offset + CHUNK));
  });
  const sha256 = timeMBps(bytes, () => {
    const hash = createHash('sha256');
    for (let offset = 0; offset < bytes; offset += CHUNK) hash.update(data.subarray(offset, offset + CHUNK));
    hash.digest();
  });
  const memcpy = timeMBps(bytes * 4, () => {
    for (let round = 0; round < 4; round++) for (let offset = 0; offset < bytes; offset += CHUNK) data.copy(target, offset, offset, offset + CHUNK);
  });
  return { aes128ctr, sha256, memcpy };
}

/**
 * Durable write throughput of the disk under `dir`: 256 MiB written in 1 MiB
 * pieces, then fsync, the way shares are stored. Uploads write n/k times the
 * file size, so this times k/n bounds upload speed.
 */
export async function measureDiskWriteMBps(dir: string, bytes = 256 << 20): Promise<number> {
  const { open, unlink } = await import('node:fs/promises');
  const path = `${dir}/disk-ceiling.bin`;
  const chunk = randomBuffer(CHUNK);
  const handle = await open(path, 'w');
  const started = performance.now();
  try {
    for (let offset = 0; offset < bytes; offset += CHUNK) await handle.write(chunk, 0, CHUNK, offset);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const seconds = (performance.now() - started) / 1000;
  await unlink(path);
  return bytes / 1e6 / seconds;
}
