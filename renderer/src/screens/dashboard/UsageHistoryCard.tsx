/**
 * Usage over the last 30 days: the chart, a sentence that sums it up, and
 * the same figures as a table for anyone who cannot or would rather not read
 * a chart.
 */
import type { OperationOutput } from '../../../../shared/api';
import { EmptyState } from '../../components/common';
import { formatBytes } from '../../../../shared/format-bytes';
import { dailyRows, shortDate } from './chartScale';
import { UsageChart } from './UsageChart';

const DAYS = 30;
const DAY_MS = 86_400_000;

export type UsageSamples = OperationOutput<'getUsageHistory'>;

export function UsageHistoryCard({ samples, now }: { samples: UsageSamples; now: number }) {
  const from = now - DAYS * DAY_MS;
  const latest = samples[samples.length - 1];
  return (
    <section className="card usage-history-card" aria-labelledby="usage-history-heading">
      <h2 id="usage-history-heading">Storage over the last {DAYS} days</h2>
      {!latest ? (
        <EmptyState title="Nothing stored yet.">The chart fills in as you add files.</EmptyState>
      ) : (
        <>
          <p className="usage-history-summary">{historyWords(samples)}</p>
          <UsageChart samples={samples} from={from} to={now} description={historyWords(samples)} />
          <details className="usage-table">
            <summary>Show the figures as a table</summary>
            <table>
              <caption className="visually-hidden">Storage at the end of each day</caption>
              <thead>
                <tr>
                  <th scope="col">Day</th>
                  <th scope="col">Files</th>
                  <th scope="col">Your files</th>
                  <th scope="col">Stored on accounts</th>
                </tr>
              </thead>
              <tbody>
                {dailyRows(samples).map((row) => (
                  <tr key={row.at}>
                    <th scope="row">{shortDate(row.at)}</th>
                    <td>{row.files}</td>
                    <td>{formatBytes(row.fileBytes)}</td>
                    <td>{formatBytes(row.storedBytes)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
    </section>
  );
}

/** One sentence: where usage stands and how it moved in the period. */
export function historyWords(samples: UsageSamples): string {
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const now = `Now ${last.files} file${last.files === 1 ? '' : 's'} (${formatBytes(last.fileBytes)}) take ${formatBytes(last.storedBytes)} on your accounts`;
  if (samples.length === 1 || first.storedBytes === last.storedBytes) return `${now}, unchanged since ${shortDate(first.at)}.`;
  const change = last.storedBytes - first.storedBytes;
  return `${now}: ${change > 0 ? 'up' : 'down'} ${formatBytes(Math.abs(change))} since ${shortDate(first.at)}.`;
}
