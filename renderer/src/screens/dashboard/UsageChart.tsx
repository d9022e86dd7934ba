/**
 * Stored bytes and file bytes over time, drawn by hand in SVG: a step line
 * each, a byte axis with round labels, a weekly date axis, a legend in words,
 * and a <title>/<desc> that says what the chart shows for screen readers.
 */
import { useId } from 'react';
import { formatBytes } from '../../../../shared/format-bytes';
import { byteTicks, shortDate, stepPoints, weekTicks, type Sample } from './chartScale';
import { useElementWidth } from './useElementWidth';

const HEIGHT = 200;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 72 };

export function UsageChart({ samples, from, to, description }: { samples: readonly Sample[]; from: number; to: number; description: string }) {
  const { ref, width } = useElementWidth<HTMLDivElement>(640);
  const titleId = useId();
  const descId = useId();
  const latest = samples[samples.length - 1];
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const yTicks = byteTicks(Math.max(...samples.map((s) => Math.max(s.storedBytes, s.fileBytes)), 0));
  const yMax = yTicks[yTicks.length - 1]!;
  const x = (at: number) => MARGIN.left + ((at - from) / (to - from)) * plotWidth;
  const y = (bytes: number) => MARGIN.top + plotHeight - (bytes / yMax) * plotHeight;
  const path = (value: (s: Sample) => number) =>
    stepPoints(samples, value, to)
      .map(([at, bytes], i) => `${i === 0 ? 'M' : 'L'}${x(Math.max(from, at)).toFixed(1)},${y(bytes).toFixed(1)}`)
      .join(' ');

  return (
    <div ref={ref} className="usage-chart">
      <svg width={width} height={HEIGHT} role="img" aria-labelledby={`${titleId} ${descId}`}>
        <title id={titleId}>Storage used over the last 30 days</title>
        <desc id={descId}>{description}</desc>
        {yTicks.map((tick) => (
          <g key={tick} className="chart-grid">
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 8} y={y(tick)} textAnchor="end" dominantBaseline="middle">
              {tick === 0 ? '0' : formatBytes(tick)}
            </text>
          </g>
        ))}
        {weekTicks(from, to).map((tick) => (
          <text key={tick} className="chart-axis-label" x={x(tick)} y={HEIGHT - 8} textAnchor={tick === to ? 'end' : 'middle'}>
            {tick === to ? 'Today' : shortDate(tick)}
          </text>
        ))}
        <path className="chart-line chart-stored" d={path((s) => s.storedBytes)} />
        <path className="chart-line chart-files" d={path((s) => s.fileBytes)} />
        {/* Dots on the latest values: with one sample (a new grid) the lines have no length, and the dots still show where usage stands. */}
        {latest && <circle className="chart-dot chart-stored" cx={x(to)} cy={y(latest.storedBytes)} r={4} />}
        {latest && <circle className="chart-dot chart-files" cx={x(to)} cy={y(latest.fileBytes)} r={4} />}
      </svg>
      <ul className="chart-legend">
        <li>
          <span className="legend-line chart-stored" aria-hidden="true" /> Stored on your accounts (all shares)
        </li>
        <li>
          <span className="legend-line chart-files" aria-hidden="true" /> Your files (their own size)
        </li>
      </ul>
    </div>
  );
}
