/** Two small pieces the settings sections share: a table's column headings and the line that says whether a save worked. */

/** Column headings; a heading given as { hidden } is read by screen readers only (e.g. over a column of buttons). */
export function ColumnHeadings({ columns }: { columns: readonly (string | { hidden: string })[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.hidden} scope="col">
              <span className="visually-hidden">{column.hidden}</span>
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

export type Outcome = { ok: boolean; message: string } | undefined;

/** "Saved." politely, or why not as an alert, so a screen reader hears the failure at once. */
export function SaveOutcome({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return (
    <p className={outcome.ok ? 'settings-ok' : 'form-error'} role={outcome.ok ? 'status' : 'alert'}>
      {outcome.message}
    </p>
  );
}
