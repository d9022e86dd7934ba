import { describe, expect, it, vi } from 'vitest';
import type { RaicApi } from '../../shared/api';
import { sampleGridHealthEvent, sampleJob } from '../../shared/events.test-helper';
import { OPERATION_NAMES } from '../../shared/operations';
import { HostClient } from './host-client';
import type { HostEvent } from './host-protocol';
import type { HostedService } from './host-server';
import { connectHost } from './host-wiring.test-helper';

/** A fake service: getStatus answers, getHealth throws unexpectedly, events come from `emit`. */
function fakeService() {
  const listeners = new Set<(event: HostEvent) => void>();
  const api = Object.fromEntries(OPERATION_NAMES.map((op) => [op, vi.fn(async () => ({ op }))])) as unknown as RaicApi;
  api.getHealth = vi.fn(async () => {
    throw new Error('disk exploded at /secret/path');
  });
  const service = Object.assign(api, {
    events: { subscribe: (l: (event: HostEvent) => void) => (listeners.add(l), () => listeners.delete(l)) },
    close: vi.fn(async () => undefined),
  }) as HostedService & { close: ReturnType<typeof vi.fn> };
  return { service, emit: (event: HostEvent) => listeners.forEach((l) => l(event)) };
}

function connect() {
  const { service, emit } = fakeService();
  return { ...connectHost(service), service, emit };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('main <-> service host message loop', () => {
  it('answers requests through dispatch, in any order, by id', async () => {
    const { client, fromHost } = connect();
    const [status, usage] = await Promise.all([client.request('getStatus', {}), client.request('getUsage', {})]);
    expect(status).toEqual({ ok: true, value: { op: 'getStatus' } });
    expect(usage).toEqual({ ok: true, value: { op: 'getUsage' } });
    expect(fromHost).toContainEqual({ kind: 'ready' });
    expect(client.pendingCount).toBe(0);
  });

  it('validates input again in the host and hides unexpected errors', async () => {
    const { client, log } = connect();
    expect(await client.request('getStatus', { unexpected: true })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const failed = await client.request('getHealth', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(failed)).not.toContain('/secret/path');
    expect(log.mock.calls.join('\n')).toContain('disk exploded');
  });

  it('forwards every service event', async () => {
    const { emit, fromHost } = connect();
    emit(sampleGridHealthEvent('degraded'));
    emit({ type: 'job', job: sampleJob({ doneBytes: 50 }) });
    await tick();
    expect(fromHost.filter((m) => m.kind === 'event')).toEqual([
      { kind: 'event', event: sampleGridHealthEvent('degraded') },
      { kind: 'event', event: { type: 'job', job: sampleJob({ doneBytes: 50 }) } },
    ]);
  });

  it('ignores malformed messages with a log line', async () => {
    const { sendRaw, log, service } = connect();
    sendRaw({ kind: 'request', id: 1, operation: 'notAnOperation', input: {} });
    await tick();
    expect(log).toHaveBeenCalledWith('raic: the service host ignored a malformed message');
    expect(service.close).not.toHaveBeenCalled();
  });

  it('on shutdown closes the service, says closed, exits, and refuses later requests', async () => {
    const { client, service, fromHost, exit, sendRaw } = connect();
    sendRaw({ kind: 'shutdown' });
    const late = client.request('getStatus', {});
    await tick();
    expect(service.close).toHaveBeenCalledTimes(1);
    expect(fromHost.at(-1)).toEqual({ kind: 'closed' });
    expect(exit).toHaveBeenCalledWith(0);
    expect(await late).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });

  it('answers pending requests with unavailable when the host goes away', async () => {
    const client = new HostClient(() => undefined, () => undefined);
    const pending = client.request('getStatus', {});
    client.failAll('The service stopped.');
    expect(await pending).toEqual({ ok: false, error: { code: 'unavailable', message: 'The service stopped.' } });
  });

  it('answers unavailable when the port refuses to send', async () => {
    const client = new HostClient(() => {
      throw new Error('port closed');
    }, vi.fn());
    expect(await client.request('getStatus', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(client.pendingCount).toBe(0);
  });
});
