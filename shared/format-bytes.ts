/**
 * Byte counts as people read them: the one formatter the UI, the CLI, the
 * service's messages and the storage servers' refusals share, so a size reads
 * the same everywhere. Binary units by default (KiB, MiB: what file managers
 * show); decimal units (kB, MB: what disks and cloud bills count) on request.
 * One decimal below 10 of a unit, none above, so columns stay short.
 */

export interface FormatBytesOptions {
  units?: 'binary' | 'decimal';
}

const UNIT_NAMES = {
  binary: { base: 1024, names: ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] },
  decimal: { base: 1000, names: ['kB', 'MB', 'GB', 'TB', 'PB'] },
} as const;

/** e.g. 1536 -> "1.5 KiB", 12_582_912 -> "12 MiB"; Infinity -> "unlimited" (a limit that is none); a negative or NaN count -> "?". */
export function formatBytes(bytes: number, options: FormatBytesOptions = {}): string {
  if (bytes === Number.POSITIVE_INFINITY) return 'unlimited';
  if (!(bytes >= 0)) return '?';
  const { base, names } = UNIT_NAMES[options.units ?? 'binary'];
  if (bytes < base) return `${bytes} B`;
  let value = bytes / base;
  let unit = 0;
  while (value >= base && unit < names.length - 1) {
    value /= base;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${names[unit]}`;
}
