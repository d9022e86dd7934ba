/**
 * A banner across the top while the page cannot reach RAIC's service, so an
 * open tab never keeps showing "Healthy" from before the service went away.
 * The client reconnects by itself (api-client.ts) and every resource reloads
 * once it is back (useResource.ts); the banner then goes away.
 */
import { useState } from 'react';
import { useServiceEvents } from './ApiContext';
import { CONNECTION_WORDS, nextConnectionState, type ConnectionState } from './connection-state';

export function ConnectionBanner() {
  const [state, setState] = useState<ConnectionState>('connected');
  useServiceEvents(['stream-reconnecting', 'stream-connected', 'service-host'], (event) => setState((current) => nextConnectionState(current, event)));
  if (state === 'connected') return null;
  const words = CONNECTION_WORDS[state];
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <strong>{words.title}</strong> {words.detail}
    </div>
  );
}
