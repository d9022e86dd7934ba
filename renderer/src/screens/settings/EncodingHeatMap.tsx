/**
 * Every choice of k (rows) and n (columns) as a square, coloured by the
 * chosen figure. One square has the keyboard focus at a time (arrow keys move
 * it, Enter picks), so the chart is one tab stop, not fifty.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { levelOpacity, type MetricScale } from './chartScale';
import type { EncodingOption } from './types';
import { encodingName, ninesWords, toleranceWords } from './words';

interface Props {
  options: readonly EncodingOption[];
  scale: MetricScale;
  metricColour: string;
  current: { needed: number; total: number };
  selected?: { needed: number; total: number };
  accounts: number;
  onSelect: (option: EncodingOption) => void;
  /** The square under the pointer or the keyboard focus, for the details beside the chart. */
  onPoint: (option: EncodingOption | undefined) => void;
}

const MARGIN_LEFT = 58;
const MARGIN_TOP = 46;

function cellSize(maxTotal: number): number {
  if (maxTotal <= 12) return 46;
  return maxTotal <= 20 ? 30 : 22;
}

/** About the width of one character of the cell text (11 px bold digits), with a margin each side. */
const CHARACTER_WIDTH = 7;
const CELL_PADDING = 6;

/**
 * The figure written in a cell, only when it fits: neighbouring cells must never run into each other ("10.810.8").
 * Decimals go first; a figure that still does not fit is left to the cell's label and tooltip.
 */
export function cellText(text: string, cell: number): string | undefined {
  const room = cell - CELL_PADDING;
  if (text.length * CHARACTER_WIDTH <= room) return text;
  const whole = text.replace(/\.\d+/, '');
  return whole.length * CHARACTER_WIDTH <= room ? whole : undefined;
}

function describe(option: EncodingOption, accounts: number): string {
  if (!option.acceptable) return `${encodingName(option)}: needs more than ${accounts} accounts`;
  return `${encodingName(option)}: survives the loss of ${toleranceWords(option.tolerance, option.countsDomains)}; ${ninesWords(option.annualLossProbability)}; stores ${Number(option.overhead.toFixed(2))}× your files`;
}

export function EncodingHeatMap({ options, scale, metricColour, current, selected, accounts, onSelect, onPoint }: Props) {
  const ids = useId();
  const svg = useRef<SVGSVGElement>(null);
  const maxTotal = Math.max(1, ...options.map((o) => o.total));
  const cell = cellSize(maxTotal);
  const width = MARGIN_LEFT + maxTotal * cell + 6;
  const height = MARGIN_TOP + maxTotal * cell + 6;
  const byKey = new Map(options.map((o) => [`${o.needed}-${o.total}`, o]));
  const start = selected ?? current;
  const [wanted, setFocus] = useState(`${start.needed}-${start.total}`);
  // The encoding in use may lie outside the chart (e.g. more shares than it shows): then the first square takes the tab stop.
  const focus = byKey.has(wanted) ? wanted : `${options[0]?.needed ?? 1}-${options[0]?.total ?? 1}`;

  const move = (event: KeyboardEvent<SVGSVGElement>) => {
    const [k, n] = focus.split('-').map(Number) as [number, number];
    const steps: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const step = steps[event.key];
    if (step) {
      event.preventDefault();
      const nextN = Math.max(1, Math.min(maxTotal, n + step[1]));
      const nextK = Math.max(1, Math.min(nextN, k + step[0]));
      const next = `${nextK}-${nextN}`;
      if (!byKey.has(next)) return;
      setFocus(next);
      svg.current?.querySelector<SVGGElement>(`[data-cell="${next}"]`)?.focus();
    } else if (event.key === 'Enter' || event.key === ' ') {
      const option = byKey.get(focus);
      event.preventDefault();
      if (option?.acceptable) onSelect(option);
    }
  };

  return (
    <svg
      ref={svg}
      className="settings-heatmap"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      style={{ maxWidth: width }}
      role="group"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-desc`}
      onKeyDown={move}
      onMouseLeave={() => onPoint(undefined)}
    >
      <title id={`${ids}-title`}>Every way to split a file with your {accounts} accounts</title>
      <desc id={`${ids}-desc`}>
        Rows: shares needed to rebuild a file (k). Columns: shares per file (n). {scale.meaning} In use now: {encodingName(current)}.
        {selected ? ` Selected: ${encodingName(selected)}.` : ''} Use the arrow keys to move and Enter to pick a square.
      </desc>
      <defs>
        <pattern id={`${ids}-hatch`} width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1="0" y1="0" x2="0" y2="6" className="settings-hatch-line" />
        </pattern>
      </defs>
      <text x={MARGIN_LEFT + (maxTotal * cell) / 2} y={14} textAnchor="middle" className="settings-axis-title">
        Shares per file (n) →
      </text>
      <text transform={`translate(14 ${MARGIN_TOP + (maxTotal * cell) / 2}) rotate(-90)`} textAnchor="middle" className="settings-axis-title">
        Shares needed (k) →
      </text>
      {Array.from({ length: maxTotal }, (_, i) => (
        <g key={i} className="settings-axis-label" aria-hidden="true">
          <text x={MARGIN_LEFT + i * cell + cell / 2} y={MARGIN_TOP - 8} textAnchor="middle">
            {i + 1}
          </text>
          <text x={MARGIN_LEFT - 8} y={MARGIN_TOP + i * cell + cell / 2 + 4} textAnchor="end">
            {i + 1}
          </text>
        </g>
      ))}
      {options.map((option) => {
        const key = `${option.needed}-${option.total}`;
        const x = MARGIN_LEFT + (option.total - 1) * cell;
        const y = MARGIN_TOP + (option.needed - 1) * cell;
        const isCurrent = option.needed === current.needed && option.total === current.total;
        const isSelected = selected !== undefined && option.needed === selected.needed && option.total === selected.total;
        const label = `${describe(option, accounts)}${isCurrent ? ' (in use now)' : ''}${isSelected ? ' (selected)' : ''}`;
        return (
          <g
            key={key}
            data-cell={key}
            role="button"
            tabIndex={key === focus ? 0 : -1}
            aria-label={label}
            aria-pressed={option.acceptable ? isSelected : undefined}
            aria-disabled={option.acceptable ? undefined : true}
            className={`settings-cell${option.acceptable ? '' : ' settings-cell-impossible'}${isCurrent ? ' settings-cell-current' : ''}${isSelected ? ' settings-cell-selected' : ''}`}
            onMouseEnter={() => onPoint(option)}
            onFocus={() => onPoint(option)}
            onClick={() => {
              setFocus(key);
              if (option.acceptable) onSelect(option);
            }}
          >
            <title>{label}</title>
            <rect
              x={x + 1}
              y={y + 1}
              width={cell - 2}
              height={cell - 2}
              rx={3}
              className="settings-cell-box"
              fill={option.acceptable ? metricColour : `url(#${ids}-hatch)`}
              fillOpacity={option.acceptable ? levelOpacity(scale.level(option)) : 1}
            />
            {isCurrent && (
              // Drawn inside the square, so "in use now" still shows when the same square is also the selected one.
              <rect x={x + 5} y={y + 5} width={cell - 10} height={cell - 10} rx={2} className="settings-cell-current-mark" />
            )}
            {cell >= 30 && option.acceptable && cellText(scale.short(option), cell) && (
              <text x={x + cell / 2} y={y + cell / 2 + 4} textAnchor="middle" className="settings-cell-text" aria-hidden="true">
                {cellText(scale.short(option), cell)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}
