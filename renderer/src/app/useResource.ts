/**
 * Loading one piece of state from the API with its loading and error states,
 * reloaded when asked, whenever the event stream connects, and when any of
 * the given event types arrives (bursts of events, e.g. progress, cause one
 * reload at most every `throttleMs`).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { UiEventType } from '../../../shared/events';
import { useServiceEvents } from './ApiContext';
import { isServiceUnreachable } from '../api-client';

export type Resource<T> =
  | { state: 'loading'; reload: () => Promise<void> }
  | { state: 'error'; message: string; reload: () => Promise<void> }
  | { state: 'ready'; value: T; refreshing: boolean; reload: () => Promise<void> };

export function useResource<T>(load: () => Promise<T>, deps: readonly unknown[], reloadOn: readonly UiEventType[] = [], throttleMs = 1000): Resource<T> {
  const [state, setState] = useState<{ state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; value: T; refreshing: boolean }>({
    state: 'loading',
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  /** The number of the latest load asked for, and of the latest whose answer is shown. */
  const issued = useRef(0);
  const shown = useRef(0);

  const reload = useCallback(async () => {
    const mine = ++issued.current;
    setState((current) => (current.state === 'ready' ? { ...current, refreshing: true } : current));
    try {
      const value = await loadRef.current();
      // An older load's answer is still shown until a newer one arrives: a reload asked for while the
      // first load is on its way (the event stream connecting) must not leave the screen loading longer.
      if (mine <= shown.current) return;
      shown.current = mine;
      setState({ state: 'ready', value, refreshing: mine !== issued.current });
    } catch (error) {
      if (mine !== issued.current) return;
      shown.current = mine;
      // While RAIC itself is unreachable the connection banner says so; the last value stays on screen rather than an error in its place.
      const unreachable = isServiceUnreachable(error);
      setState((current) => (unreachable && current.state === 'ready' ? { ...current, refreshing: false } : { state: 'error', message: (error as Error).message }));
    }
  }, deps);

  useEffect(() => {
    // New inputs (another folder, say): what older loads answer is no longer what the screen asks for.
    shown.current = issued.current;
    setState({ state: 'loading' });
    void reload();
  }, [reload]);

  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useServiceEvents(reloadOn, () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      void reload();
    }, throttleMs);
  });
  useEffect(() => () => clearTimeout(timer.current), []);
  // The stream has no replay: what changed before it connected is not pushed. Back after the service
  // was unreachable, and also at the first connection (a load at mount can precede it, and the events
  // in between are lost), everything shown may be stale, so it is loaded again at once.
  useServiceEvents(['stream-connected'], () => void reload());

  return { ...state, reload } as Resource<T>;
}
