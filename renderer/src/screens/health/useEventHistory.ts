/**
 * The monitor's event history, newest first, a page at a time: the first
 * page loads when the filters change, "Load older" asks for the page before
 * the oldest event shown (beforeId), and pushed 'health-event's that match
 * the filters are added on top as they happen (and, each time the event
 * stream connects, those it did not push).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { HealthEventRecord } from '../../../../shared/api';
import { useApi, useServiceEvents } from '../../app/ApiContext';
import type { Severity } from './healthWords';

export const PAGE_SIZE = 50;

/** Severity and account are filtered by the service; kind only here (listEvents has no kind filter). */
export interface EventFilter {
  severity?: Severity;
  accountId?: string;
  kind?: string;
}

export function matches(event: HealthEventRecord, filter: EventFilter): boolean {
  return (
    (!filter.severity || event.severity === filter.severity) &&
    (!filter.accountId || event.accountId === filter.accountId) &&
    (!filter.kind || event.kind === filter.kind)
  );
}

type State = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready' };

export function useEventHistory(filter: EventFilter) {
  const api = useApi();
  const [events, setEvents] = useState<HealthEventRecord[]>([]);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const generation = useRef(0);
  const { severity, accountId } = filter;

  const fetchPage = useCallback(
    (beforeId?: number) => api.listEvents({ limit: PAGE_SIZE, severity, accountId, ...(beforeId === undefined ? {} : { beforeId }) }),
    [api, severity, accountId],
  );

  const reload = useCallback(async () => {
    const mine = ++generation.current;
    setState({ status: 'loading' });
    try {
      const page = await fetchPage();
      if (mine !== generation.current) return;
      setEvents(page);
      setHasOlder(page.length === PAGE_SIZE);
      setState({ status: 'ready' });
    } catch (error) {
      if (mine === generation.current) setState({ status: 'error', message: (error as Error).message });
    }
  }, [fetchPage]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const loadOlder = useCallback(async () => {
    const oldest = events[events.length - 1];
    if (!oldest) return;
    const mine = generation.current;
    setLoadingOlder(true);
    try {
      const page = await fetchPage(oldest.id);
      if (mine !== generation.current) return;
      setEvents((current) => [...current, ...page.filter((e) => !current.some((c) => c.id === e.id))]);
      setHasOlder(page.length === PAGE_SIZE);
    } catch (error) {
      setState({ status: 'error', message: (error as Error).message });
    } finally {
      setLoadingOlder(false);
    }
  }, [events, fetchPage]);

  // Kind is not a service filter, so the live listener must not use it either: the list holds all kinds, filtered when shown.
  const serviceFilter = useRef<EventFilter>({});
  serviceFilter.current = { severity, accountId };
  useServiceEvents(['health-event'], (pushed) => {
    const { event } = pushed;
    if (!matches(event, serviceFilter.current)) return;
    setEvents((current) => (current.some((c) => c.id === event.id) ? current : [event, ...current]));
  });

  // The stream has no replay: events stored before it connected (at page load, or while it was down)
  // were never pushed. The newest page fills them in on top, keeping the older pages already loaded.
  useServiceEvents(['stream-connected'], () => {
    const mine = generation.current;
    fetchPage()
      .then((page) => {
        if (mine !== generation.current) return;
        setEvents((current) => {
          const known = new Set(current.map((e) => e.id));
          const missed = page.filter((e) => !known.has(e.id));
          return missed.length === 0 ? current : [...missed, ...current].sort((a, b) => b.id - a.id);
        });
      })
      // Not worth an error in place of the list: the next connection or a filter change loads it again.
      .catch(() => undefined);
  });

  const shown = filter.kind ? events.filter((e) => e.kind === filter.kind) : events;
  return { events: shown, loadedCount: events.length, state, hasOlder, loadingOlder, loadOlder, reload };
}
