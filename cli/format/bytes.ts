/**
 * Sizes on the command line: a transfer rate printed with the shared byte
 * formatter (binary units, as the UI shows them), and sizes a user types, in
 * bytes or in decimal or binary units.
 */
import { formatBytes } from '../../shared/format-bytes';

/** A transfer rate, e.g. "12 MiB/s". */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

const SIZE_MULTIPLIERS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1e3,
  kb: 1e3,
  m: 1e6,
  mb: 1e6,
  g: 1e9,
  gb: 1e9,
  t: 1e12,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/** "10GB", "500MiB", "1.5 TB" or plain bytes -> a whole number of bytes; throws a message naming the syntax. */
export function parseByteSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const multiplier = match ? SIZE_MULTIPLIERS[match[2]!.toLowerCase()] : undefined;
  if (!match || multiplier === undefined) {
    throw new Error(`"${text}" is not a size; write a number of bytes or e.g. 10GB, 500MiB, 1.5TB`);
  }
  const bytes = Math.floor(Number(match[1]) * multiplier);
  if (!Number.isSafeInteger(bytes) || bytes <= 0) throw new Error(`"${text}" is not a usable size; it must be at least 1 byte`);
  return bytes;
}
