import { expect, it } from 'vitest';
import { nextConnectionState, type ConnectionSignal, type ConnectionState } from './connection-state';

it('goes to reconnecting when the stream drops or the host restarts, back to connected when it answers, stopped when the host failed', () => {
  const run = (signals: ConnectionSignal[]): ConnectionState[] => {
    let state: ConnectionState = 'connected';
    return signals.map((signal) => (state = nextConnectionState(state, signal)));
  };
  expect(run([{ type: 'stream-connected', reconnected: false }, { type: 'stream-reconnecting' }, { type: 'stream-reconnecting' }, { type: 'stream-connected', reconnected: true }])).toEqual([
    'connected',
    'reconnecting',
    'reconnecting',
    'connected',
  ]);
  expect(run([{ type: 'service-host', state: 'restarting' }, { type: 'service-host', state: 'running' }, { type: 'service-host', state: 'failed' }])).toEqual(['reconnecting', 'connected', 'stopped']);
});
