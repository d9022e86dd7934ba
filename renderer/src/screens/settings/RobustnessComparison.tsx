/**
 * What the grid survives now and with the encoding being typed, side by side,
 * in words first (accounts it can lose, odds of loss) and figures second.
 */
import type { GridRobustnessReport } from '../../../../shared/api';
import { useReservedSpace } from '../../app/useReservedSpace';
import { ColumnHeadings } from './bits';
import type { PreviewState } from './useRobustnessPreview';
import { encodingName, money, ninesWords, percentDown, spaceWords, toleranceWords, yearlyOdds } from './words';

const ROWS: { label: string; value: (r: GridRobustnessReport) => string }[] = [
  { label: 'Files survive the loss of', value: (r) => toleranceWords(r.tolerance, r.failureDomains.some((domain) => domain.accountIds.length > 1)) },
  { label: 'Chance of losing a file', value: (r) => `${yearlyOdds(r.annualLossProbability)} — ${ninesWords(r.annualLossProbability)} durability` },
  { label: 'Files readable at any moment', value: (r) => percentDown(r.availability) + ' of the time' },
  { label: 'Space used', value: (r) => spaceWords(r.overhead) },
  { label: 'Monthly cost', value: (r) => money(r.monthlyCost, r.currency) },
];

export function RobustnessComparison({ preview, unchanged }: { preview: PreviewState; unchanged: boolean }) {
  const shown = preview.state === 'ready' ? preview : preview.state === 'loading' ? preview.last : undefined;
  // Below the fields on windows up to 1180 px: until the first answer its room is kept, so the chart and the sections
  // under it do not move down when it arrives. Measured on the built-in grid: 450 px at 1024 px wide, 545 at 800.
  const space = useReservedSpace('settings-comparison', (width) => (width > 900 ? 450 : 545));
  const waitingForFirst = preview.state === 'loading' && !shown;
  return (
    <div
      className="settings-comparison"
      aria-busy={preview.state === 'loading'}
      ref={shown ? space.measure : undefined}
      style={waitingForFirst ? { minHeight: space.reserve } : undefined}
    >
      <h4>What this choice means</h4>
      {preview.state === 'error' && <p className="form-error">RAIC could not work out this choice: {preview.message}</p>}
      {preview.state === 'idle' && <p className="muted">Fix the numbers above to see what they would mean.</p>}
      {shown && (
        <>
          <table>
            <caption className="visually-hidden">Your grid now and with the new numbers</caption>
            <ColumnHeadings
              columns={[
                { hidden: 'Figure' },
                `Now (${encodingName(shown.current.encoding)})`,
                unchanged ? 'With these numbers (no change)' : `With these numbers (${encodingName(shown.preview.encoding)})`,
              ]}
            />
            <tbody>
              {ROWS.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td data-testid="preview-current">{row.value(shown.current)}</td>
                  <td data-testid="preview-new">{row.value(shown.preview)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {/* Only the one-sentence summary is announced: reading the whole table on every keystroke would drown the user. */}
          <p className="settings-summary" data-testid="preview-summary" aria-live="polite">
            {shown.preview.summary}
          </p>
        </>
      )}
      {preview.state === 'loading' && <p className="muted settings-hint">Working it out…</p>}
    </div>
  );
}
