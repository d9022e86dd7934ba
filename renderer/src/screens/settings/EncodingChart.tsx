/**
 * The chart of every encoding the current accounts allow (from the service),
 * with a switch between durability and cost, a legend, and the table behind
 * "Show as table" for anyone the colours do not serve.
 */
import { useState } from 'react';
import { useApi } from '../../app/ApiContext';
import { useReservedSpace } from '../../app/useReservedSpace';
import { useResource } from '../../app/useResource';
import { EmptyState, ResourceView } from '../../components/common';
import { metricScale, levelOpacity, type ChartMetric } from './chartScale';
import { ChoiceDetails } from './ChoiceDetails';
import { EncodingHeatMap } from './EncodingHeatMap';
import { EncodingTable } from './EncodingTable';
import type { EncodingOption } from './types';

interface Props {
  current: { needed: number; total: number };
  selected?: { needed: number; total: number };
  accounts: number;
  currency: string;
  onSelect: (option: EncodingOption) => void;
  reloadKey: unknown;
}

const METRICS: { id: ChartMetric; label: string; colour: string }[] = [
  { id: 'nines', label: 'Durability', colour: 'var(--accent)' },
  { id: 'cost', label: 'Cost per TB', colour: 'var(--warn)' },
];

export function EncodingChart({ current, selected, accounts, currency, onSelect, reloadKey }: Props) {
  const api = useApi();
  const chart = useResource(() => api.getEncodingChart({}), [api, reloadKey], ['accounts-changed']);
  const [metric, setMetric] = useState<ChartMetric>('nines');
  const [asTable, setAsTable] = useState(false);
  const [pointed, setPointed] = useState<EncodingOption>();
  const colour = METRICS.find((m) => m.id === metric)!.colour;
  // The sections under the chart stay put while it loads. Measured on the built-in grid: 584 px at 1024 to 1280 px wide,
  // 963 at 800 (the details go under the squares).
  const space = useReservedSpace('settings-chart', (width) => (width > 900 ? 584 : 963));
  return (
    <div className="settings-chart" data-testid="encoding-chart">
      <div className="settings-chart-controls">
        <h4 id="encoding-chart-heading">All the choices</h4>
        {!asTable && (
          <div role="radiogroup" aria-label="Colour the squares by" className="settings-segmented">
            {METRICS.map((m) => (
              <label key={m.id}>
                <input type="radio" className="visually-hidden" name="encoding-chart-metric" checked={metric === m.id} onChange={() => setMetric(m.id)} />
                {m.label}
              </label>
            ))}
          </div>
        )}
        <button type="button" className="secondary" aria-expanded={asTable} aria-controls="encoding-chart-body" onClick={() => setAsTable(!asTable)}>
          {asTable ? 'Show as chart' : 'Show as table'}
        </button>
      </div>
      <div id="encoding-chart-body">
        <ResourceView resource={chart} what="the chart" reserve={space.reserve}>
          {(options) => {
            if (options.length === 0) return <EmptyState title="No accounts yet">Add an account to see the choices.</EmptyState>;
            if (asTable) return <EncodingTable options={options} currency={currency} current={current} selected={selected} onSelect={onSelect} />;
            const scale = metricScale(metric, options, currency);
            const shown = pointed ?? options.find((o) => o.needed === selected?.needed && o.total === selected?.total);
            return (
              <div ref={space.measure}>
                <div className="settings-chart-row">
                  <EncodingHeatMap
                    options={options}
                    scale={scale}
                    metricColour={colour}
                    current={current}
                    selected={selected}
                    accounts={accounts}
                    onSelect={onSelect}
                    onPoint={setPointed}
                  />
                  <ChoiceDetails option={shown} currency={currency} accounts={accounts} />
                </div>
                <ChartLegend meaning={scale.meaning} colour={colour} />
              </div>
            );
          }}
        </ResourceView>
      </div>
    </div>
  );
}

function ChartLegend({ meaning, colour }: { meaning: string; colour: string }) {
  return (
    <div className="settings-legend">
      <p className="settings-hint">{meaning} Click a square to try it.</p>
      <ul aria-hidden="true">
        <li>
          less
          {[0, 0.25, 0.5, 0.75, 1].map((level) => (
            <span key={level} className="settings-swatch" style={{ background: colour, opacity: levelOpacity(level) }} />
          ))}
          more
        </li>
        <li>
          <span className="settings-swatch settings-swatch-selected" /> your choice
        </li>
        <li>
          <span className="settings-swatch settings-swatch-current" /> in use now
        </li>
        <li>
          <span className="settings-swatch settings-swatch-impossible" /> needs more accounts
        </li>
      </ul>
    </div>
  );
}
