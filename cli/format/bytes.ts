/**
 * Byte counts for people: decimal units (as disks and cloud bills count them)
 * when printing, and both decimal and binary units when a user types a size.
 */

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/** 1234567 -> "1.2 MB"; one decimal below 100 of a unit, none above, so columns stay short. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < DECIMAL_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${bytes} B`;
  return `${value < 100 ? value.toFixed(1) : value.toFixed(0)} ${DECIMAL_UNITS[unit]}`;
}

/** A transfer rate, e.g. "12.3 MB/s". */
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
