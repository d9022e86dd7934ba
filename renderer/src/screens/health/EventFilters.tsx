/** The history's filters: severity, account and kind, each a labelled <select> ("All …" clears it). */
import { useId } from 'react';
import { EVENT_KIND_WORDS, SEVERITY_WORDS, type Severity } from './healthWords';
import type { EventFilter } from './useEventHistory';

export function EventFilters({ filter, onChange, accounts }: { filter: EventFilter; onChange: (filter: EventFilter) => void; accounts: readonly { id: string; name: string }[] }) {
  // Labels point at their selects by id (not by wrapping them), so each select's name is just its label.
  const id = useId();
  return (
    <form className="event-filters" aria-label="Filter the history" onSubmit={(e) => e.preventDefault()}>
      <div className="filter-field">
        <label htmlFor={`${id}-severity`}>Severity</label>
        <select id={`${id}-severity`} value={filter.severity ?? ''} onChange={(e) => onChange({ ...filter, severity: (e.target.value || undefined) as Severity | undefined })}>
          <option value="">All severities</option>
          {(Object.keys(SEVERITY_WORDS) as Severity[]).map((s) => (
            <option key={s} value={s}>
              {SEVERITY_WORDS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-field">
        <label htmlFor={`${id}-account`}>Account</label>
        <select id={`${id}-account`} value={filter.accountId ?? ''} onChange={(e) => onChange({ ...filter, accountId: e.target.value || undefined })}>
          <option value="">All accounts</option>
          {accounts.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-field">
        <label htmlFor={`${id}-kind`}>Kind of event</label>
        <select id={`${id}-kind`} value={filter.kind ?? ''} onChange={(e) => onChange({ ...filter, kind: e.target.value || undefined })}>
          <option value="">Everything</option>
          {Object.entries(EVENT_KIND_WORDS).map(([kind, words]) => (
            <option key={kind} value={kind}>
              {words}
            </option>
          ))}
        </select>
      </div>
      {(filter.severity || filter.accountId || filter.kind) && (
        <button type="button" className="secondary" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </form>
  );
}
