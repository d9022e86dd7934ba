/**
 * Section 3: what each kind of account costs per GB a month. RAIC's defaults
 * are list prices; a user with a different plan or currency types their own,
 * and every cost figure in the app follows.
 */
import { useEffect, useState } from 'react';
import type { Usage } from '../../../../shared/api';
import { useApi } from '../../app/ApiContext';
import { useResource } from '../../app/useResource';
import { EmptyState, ResourceView } from '../../components/common';
import { ColumnHeadings, SaveOutcome, type Outcome } from './bits';
import { defaultPriceFor, priceDraftsOf, priceError, priceRows, pricesToSave, type PriceDraft } from './priceDraft';
import { kindName, money } from './words';

export function PricesSection() {
  const api = useApi();
  const usage = useResource(() => api.getUsage({}), [api], ['accounts-changed']);
  return (
    <section className="card settings-section" aria-labelledby="settings-prices">
      <h3 id="settings-prices">Prices</h3>
      <p className="settings-intro">
        What your storage costs per GB each month, used for the cost figures. Leave a price empty to use RAIC&apos;s default (a list price; your plan may
        differ).
      </p>
      <ResourceView resource={usage} what="your prices">
        {(value) => <PriceForm usage={value} onSaved={() => void usage.reload()} />}
      </ResourceView>
    </section>
  );
}

function PriceForm({ usage, onSaved }: { usage: Usage; onSaved: () => void }) {
  const api = useApi();
  const rows = priceRows(usage);
  const [drafts, setDrafts] = useState<Record<string, PriceDraft>>(() => priceDraftsOf(rows, usage.prices));
  const [outcome, setOutcome] = useState<Outcome>();
  const [showErrors, setShowErrors] = useState(false);
  // An account of a new kind appears after the form was filled: give it a row without losing what was typed.
  const keys = rows.map((r) => r.key).join('|');
  useEffect(() => setDrafts((before) => ({ ...priceDraftsOf(rows, usage.prices), ...before })), [keys]);

  if (rows.length === 0) return <EmptyState title="No accounts yet">Prices appear here for each kind of account you add.</EmptyState>;

  const edit = (key: string, change: Partial<PriceDraft>) => {
    setDrafts({ ...drafts, [key]: { ...drafts[key]!, ...change } });
    setOutcome(undefined);
  };
  const invalid = rows.some((row) => drafts[row.key] && priceError(drafts[row.key]!));

  const save = async () => {
    setShowErrors(true);
    if (invalid) {
      setOutcome({ ok: false, message: 'Not saved: fix the prices marked above.' });
      return;
    }
    try {
      await api.setPrices({ prices: pricesToSave(usage.prices, drafts) });
      setOutcome({ ok: true, message: 'Saved. Cost figures now use these prices.' });
      onSaved();
    } catch (error) {
      setOutcome({ ok: false, message: `Not saved: ${(error as Error).message}` });
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <table className="settings-prices">
        <caption className="visually-hidden">Price per GB a month for each kind of account</caption>
        <ColumnHeadings columns={['Kind of account', 'Default', 'Your price per GB a month', 'Costs now', { hidden: 'Reset' }]} />
        <tbody>
          {rows.map((row) => (
            <PriceRowView key={row.key} row={row} draft={drafts[row.key]} showError={showErrors} onEdit={(change) => edit(row.key, change)} />
          ))}
        </tbody>
      </table>
      <div className="settings-actions">
        <button type="submit">Save prices</button>
      </div>
      <SaveOutcome outcome={outcome} />
    </form>
  );
}

interface RowProps {
  row: ReturnType<typeof priceRows>[number];
  draft: PriceDraft | undefined;
  showError: boolean;
  onEdit: (change: Partial<PriceDraft>) => void;
}

function PriceRowView({ row, draft, showError, onEdit }: RowProps) {
  const fallback = defaultPriceFor(row.key);
  const value = draft ?? { amount: '', currency: fallback.currency };
  const error = showError ? priceError(value) : undefined;
  const id = `price-${row.key.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <tr data-testid="price-row" data-price-key={row.key}>
      <th scope="row">
        <span id={`${id}-kind`}>{kindName(row.key)}</span>
        <span className="settings-hint">{row.accounts.join(', ')}</span>
      </th>
      <td>{money(fallback.storagePerGBMonth, fallback.currency)}</td>
      <td>
        <span className="settings-price-inputs">
          <input
            id={id}
            type="number"
            min={0}
            max={1000}
            step="any"
            inputMode="decimal"
            placeholder={String(fallback.storagePerGBMonth)}
            aria-label={`${kindName(row.key)}: your price per GB a month (empty: the default)`}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            value={value.amount}
            onChange={(event) => onEdit({ amount: event.target.value })}
          />
          <input
            className="settings-currency"
            aria-label={`${kindName(row.key)}: currency`}
            maxLength={8}
            value={value.currency}
            onChange={(event) => onEdit({ currency: event.target.value })}
          />
        </span>
        {error && (
          <span id={`${id}-error`} className="form-error settings-error">
            {error}
          </span>
        )}
      </td>
      <td>{money(row.monthlyCost, row.currency)} a month</td>
      <td>
        <button type="button" className="secondary" disabled={value.amount === '' && value.currency === fallback.currency} onClick={() => onEdit({ amount: '', currency: fallback.currency })}>
          Reset to default
        </button>
      </td>
    </tr>
  );
}
