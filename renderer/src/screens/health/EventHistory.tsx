/** The history section: filters, the events newest first, "Load older", and the empty state. */
import { useState } from 'react';
import { EmptyState, ErrorPanel, Loading } from '../../components/common';
import { EventFilters } from './EventFilters';
import { EventItem } from './EventItem';
import { useEventHistory, type EventFilter } from './useEventHistory';

export function EventHistory({ accounts }: { accounts: readonly { id: string; name: string }[] }) {
  const [filter, setFilter] = useState<EventFilter>({});
  const history = useEventHistory(filter);
  const names = new Map(accounts.map((a) => [a.id, a.name]));
  const filtered = Boolean(filter.severity || filter.accountId || filter.kind);
  return (
    <section className="card" aria-labelledby="history-heading">
      <h2 id="history-heading">What happened</h2>
      <EventFilters filter={filter} onChange={setFilter} accounts={accounts} />
      {history.state.status === 'loading' && <Loading what="the history" />}
      {history.state.status === 'error' && <ErrorPanel title="RAIC could not load the history." message={history.state.message} onRetry={() => void history.reload()} />}
      {history.state.status === 'ready' && history.events.length === 0 && (
        <EmptyState title={filtered ? 'No events match these filters.' : 'No events yet'}>
          {filtered
            ? history.hasOlder
              ? 'Older events may match: load older ones below, or clear the filters.'
              : 'Clear the filters to see everything.'
            : 'RAIC checks your accounts every minute and your files every few hours.'}
        </EmptyState>
      )}
      {history.events.length > 0 && (
        <ol className="event-list" aria-label="Events, newest first">
          {history.events.map((event) => (
            <EventItem key={event.id} event={event} accountName={event.accountId ? names.get(event.accountId) : undefined} />
          ))}
        </ol>
      )}
      {history.state.status === 'ready' && history.hasOlder && (
        <div className="event-more">
          <button type="button" className="secondary" disabled={history.loadingOlder} aria-busy={history.loadingOlder} onClick={() => void history.loadOlder()}>
            {history.loadingOlder ? 'Loading older events…' : 'Load older'}
          </button>
          <span className="muted">{history.loadedCount} events loaded</span>
        </div>
      )}
    </section>
  );
}
