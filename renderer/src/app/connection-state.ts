/**
 * Whether the page can reach RAIC's service, from the events the client and
 * the desktop shell push: headless mode's event stream dropping and coming
 * back, the desktop's service host restarting or stopping. Pure, so the
 * transitions are unit-tested.
 */
export type ConnectionState = 'connected' | 'reconnecting' | 'stopped';

export type ConnectionSignal =
  | { type: 'stream-reconnecting' }
  | { type: 'stream-connected'; reconnected: boolean }
  | { type: 'service-host'; state: 'running' | 'restarting' | 'failed' };

export function nextConnectionState(current: ConnectionState, signal: ConnectionSignal): ConnectionState {
  switch (signal.type) {
    case 'stream-reconnecting':
      return 'reconnecting';
    case 'stream-connected':
      return 'connected';
    case 'service-host':
      return signal.state === 'running' ? 'connected' : signal.state === 'restarting' ? 'reconnecting' : 'stopped';
    default:
      return current;
  }
}

/** The banner's words: what happened, what RAIC does about it, what the person can do. */
export const CONNECTION_WORDS: Record<Exclude<ConnectionState, 'connected'>, { title: string; detail: string }> = {
  reconnecting: {
    title: 'RAIC is not answering.',
    detail: 'What this page shows may be out of date. It reconnects by itself and refreshes as soon as RAIC answers again; if this lasts, start RAIC again.',
  },
  stopped: {
    title: "RAIC's background service stopped.",
    detail: 'What this page shows may be out of date. Quit RAIC and open it again.',
  },
};
