import { describe, expect, it } from 'vitest';
import { parseDesktopEvent, parseServiceEvent, type ServiceEvent } from './events';
import { sampleGridHealthEvent, sampleHealthEvent, sampleJob } from './events.test-helper';

const everyServiceEvent: ServiceEvent[] = [
  { type: 'job', job: sampleJob() },
  { type: 'job-removed', id: 'j1' },
  { type: 'account-health', account: { id: 'a1', name: 'A', online: true, latencyMs: 12, lastError: null, lastProbeAt: 5, since: 1 } },
  sampleGridHealthEvent('degraded'),
  { type: 'monitor-event', event: { kind: 'account-offline', severity: 'warning', message: 'A is offline.', accountId: 'a1' } },
  sampleHealthEvent(7),
  { type: 'recovery', state: { seq: 3, lastPublishedAt: 9, catalogCap: 'URI:CHK:x', problem: null } },
  { type: 'paused', paused: true },
  { type: 'accounts-changed' },
];

describe('the event contract', () => {
  it('accepts every event the service emits, unchanged', () => {
    for (const event of everyServiceEvent) expect(parseServiceEvent(event)).toEqual(event);
  });

  it('refuses malformed events: unknown types, missing or mistyped fields', () => {
    expect(parseServiceEvent({ type: 'teapot' })).toBeUndefined();
    expect(parseServiceEvent({ type: 'job', id: 'j1', progress: 0.5 })).toBeUndefined();
    expect(parseServiceEvent({ type: 'job', job: { ...sampleJob(), doneBytes: '50' } })).toBeUndefined();
    expect(parseServiceEvent({ type: 'job', job: { ...sampleJob(), state: 'exploded' } })).toBeUndefined();
    expect(parseServiceEvent({ type: 'grid-health', grid: { status: 'on fire', counts: {}, worstFiles: [], lastPassAt: null } })).toBeUndefined();
    expect(parseServiceEvent({ type: 'paused', paused: 'yes' })).toBeUndefined();
    expect(parseServiceEvent({ type: 'health-event', event: { id: 'x' } })).toBeUndefined();
    expect(parseServiceEvent({ grid: {} })).toBeUndefined();
    expect(parseServiceEvent(null)).toBeUndefined();
    expect(parseServiceEvent('job')).toBeUndefined();
  });

  it('strips fields the contract does not name (a job snapshot carries its params on the bus, not to the page)', () => {
    expect(parseServiceEvent({ type: 'job', job: { ...sampleJob(), params: { source: '/home/me/a.txt' } } })).toEqual({ type: 'job', job: sampleJob() });
  });

  it("lets main's own host state events reach the page, but not from the service", () => {
    const failed = { type: 'service-host', state: 'failed', message: 'Quit RAIC and open it again.' };
    expect(parseDesktopEvent(failed)).toEqual(failed);
    expect(parseServiceEvent(failed)).toBeUndefined();
    expect(parseDesktopEvent({ type: 'service-host', state: 'sleeping' })).toBeUndefined();
    for (const event of everyServiceEvent) expect(parseDesktopEvent(event)).toEqual(event);
  });
});
