/** Plain-text tables for terminal output: columns padded to their widest cell, two spaces apart. */

export interface TableOptions {
  /** Column titles, printed as the first row. */
  header?: readonly string[];
  /** Indexes of columns whose cells line up on the right (numbers, sizes). */
  alignRight?: readonly number[];
}

/** The table as lines ending in "\n", with no trailing spaces (so tests and diffs stay clean). */
export function renderTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const all = options.header ? [options.header, ...rows] : rows;
  if (all.length === 0) return '';
  const columns = Math.max(...all.map((row) => row.length));
  const widths = Array.from({ length: columns }, (_, column) => Math.max(...all.map((row) => [...(row[column] ?? '')].length)));
  const right = new Set(options.alignRight ?? []);
  return all
    .map((row) =>
      widths
        .map((width, column) => {
          const cell = row[column] ?? '';
          const padding = ' '.repeat(width - [...cell].length);
          return right.has(column) ? padding + cell : cell + padding;
        })
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
