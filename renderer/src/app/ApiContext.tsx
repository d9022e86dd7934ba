/**
 * The client and the event stream, shared by every screen through React
 * context: one subscription for the whole app, fanned out to the hooks that
 * care about an event type.
 */
import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { RaicClient, ServiceEvent } from '../api-client';

interface ApiContextValue {
  api: RaicClient;
  onEvent(listener: (event: ServiceEvent) => void): () => void;
}

const Context = createContext<ApiContextValue | undefined>(undefined);

export function ApiProvider({ api, children }: { api: RaicClient; children: ReactNode }) {
  const listeners = useRef(new Set<(event: ServiceEvent) => void>());
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

/** Calls listener for every pushed event whose type is in `types` (all events when empty). */
export function useServiceEvents(types: readonly string[], listener: (event: ServiceEvent) => void): void {
  const value = useContext(Context);
  if (!value) throw new Error('useServiceEvents() outside <ApiProvider>');
  const latest = useRef(listener);
  latest.current = listener;
  const key = types.join(',');
  useEffect(
    () =>
      value.onEvent((event) => {
        if (key === '' || key.split(',').includes(event.type)) latest.current(event);
      }),
    [value, key],
  );
}
