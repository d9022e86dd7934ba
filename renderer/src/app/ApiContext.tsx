/**
 * The client and the event stream, shared by every screen through React
 * context: one subscription for the whole app, fanned out to the hooks that
 * care about an event type.
 */
import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { UiEvent, UiEventOf, UiEventType } from '../../../shared/events';
import type { RaicClient } from '../api-client';

interface ApiContextValue {
  api: RaicClient;
  onEvent(listener: (event: UiEvent) => void): () => void;
}

const Context = createContext<ApiContextValue | undefined>(undefined);

export function ApiProvider({ api, children }: { api: RaicClient; children: ReactNode }) {
  const listeners = useRef(new Set<(event: UiEvent) => void>());
  useEffect(() => api.subscribe((event) => listeners.current.forEach((listener) => listener(event))), [api]);
  const value = useMemo<ApiContextValue>(
    () => ({
      api,
      onEvent(listener) {
        listeners.current.add(listener);
        return () => listeners.current.delete(listener);
      },
    }),
    [api],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useApi(): RaicClient {
  const value = useContext(Context);
  if (!value) throw new Error('useApi() outside <ApiProvider>');
  return value.api;
}

/** Calls listener for every pushed event whose type is in `types` (all events when empty), typed by those types. */
export function useServiceEvents<T extends UiEventType>(types: readonly T[], listener: (event: UiEventOf<T>) => void): void {
  const value = useContext(Context);
  if (!value) throw new Error('useServiceEvents() outside <ApiProvider>');
  const latest = useRef({ listener, types });
  latest.current = { listener, types };
  // The subscription depends on the types' values, not on the array a render passed.
  const key = types.join(',');
  useEffect(
    () =>
      value.onEvent((event) => {
        const { listener, types } = latest.current;
        if (isOneOf(event, types)) listener(event);
      }),
    [value, key],
  );
}

function isOneOf<T extends UiEventType>(event: UiEvent, types: readonly T[]): event is UiEventOf<T> {
  return types.length === 0 || types.some((type) => type === event.type);
}
