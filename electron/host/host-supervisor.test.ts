import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { sampleGridHealthEvent } from '../../shared/events.test-helper';
import type { MainToHost } from './host-protocol';
import { SupervisedHost, type HostChild, type HostPort } from './host-supervisor';

/** A fake utility process and its port; the test plays the host by calling `reply`/`exit`. */
class FakeHost {
  readonly child = Object.assign(new EventEmitter(), { kill: vi.fn(() => (this.exit(143), true)) }) as EventEmitter & HostChild & { kill: ReturnType<typeof vi.fn> };
  readonly sent: MainToHost[] = [];
  private readonly port = new EventEmitter();
  readonly hostPort: HostPort = {
    postMessage: (message) => this.sent.push(message),
    on: (event, listener) => this.port.on(event, listener),
    start: () => undefined,
    close: () => undefined,
  };
  reply(data: unknown): void {
    this.port.emit('message', { data });
  }
  exit(code: number): void {
    this.child.emit('exit', code);
  }
}

function supervised(maxRestarts?: number, logFile?: string) {
  const launched: FakeHost[] = [];
  const log = vi.fn();
  const host = new SupervisedHost({
    launch: () => {
      const fake = new FakeHost();
      launched.push(fake);
      return { child: fake.child, port: fake.hostPort };
    },
    log,
    maxRestarts,
    logFile,
  });
  const events: unknown[] = [];
  host.subscribe((event) => events.push(event));
  host.start();
  return { host, launched, events, log };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('service host supervision', () => {
  it('routes requests to the host and its events to subscribers', async () => {
    const { host, launched, events, log } = supervised();
    const fake = launched[0]!;
    fake.reply({ kind: 'ready' });
    const answer = host.request('getStatus', {});
    expect(fake.sent).toEqual([{ kind: 'request', id: 1, operation: 'getStatus', input: {} }]);
    fake.reply({ kind: 'response', id: 1, result: { ok: true, value: 42 } });
    fake.reply({ kind: 'event', event: sampleGridHealthEvent('healthy') });
    // An event that breaks the contract is dropped in main, with a log line.
    fake.reply({ kind: 'event', event: { type: 'grid-health', grid: { status: 'healthy' } } });
    expect(await answer).toEqual({ ok: true, value: 42 });
    expect(events).toEqual([{ type: 'service-host', state: 'running' }, sampleGridHealthEvent('healthy')]);
    expect(log).toHaveBeenCalledWith('raic: ignored a malformed message from the service host');
  });

  it('restarts a crashed host once, failing what was in flight with words', async () => {
    const { host, launched, events } = supervised();
    const inFlight = host.request('listFiles', { path: '/' });
    launched[0]!.exit(1);
    expect(await inFlight).toMatchObject({ ok: false, error: { code: 'unavailable', message: expect.stringContaining('restarting') } });
    await tick();
    expect(launched).toHaveLength(2);
    expect(events).toContainEqual({ type: 'service-host', state: 'restarting' });
    const next = host.request('getStatus', {});
    launched[1]!.reply({ kind: 'response', id: 1, result: { ok: true, value: 'again' } });
    expect(await next).toEqual({ ok: true, value: 'again' });
  });

  it('after a second crash stays down and answers every call with unavailable and what to do', async () => {
    const { host, launched, events } = supervised();
    launched[0]!.exit(1);
    await tick();
    launched[1]!.reply({ kind: 'failed', message: 'RAIC could not open its data: the disk is full.' });
    launched[1]!.exit(1);
    await tick();
    expect(launched).toHaveLength(2);
    const answer = await host.request('getStatus', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    const message = (answer as { error: { message: string } }).error.message;
    expect(message).toContain('the disk is full');
    expect(message).toContain('Quit RAIC and open it again');
    expect(events).toContainEqual({ type: 'service-host', state: 'failed', message });
  });

  it('names the log file in the failure message (issue 14, defect 7)', async () => {
    const { host, launched } = supervised(0, '/home/ann/.config/RAIC/logs/raic.log');
    launched[0]!.exit(1);
    await tick();
    const answer = await host.request('getStatus', {});
    expect((answer as { error: { message: string } }).error.message).toContain('the details are in its log, /home/ann/.config/RAIC/logs/raic.log.');
  });

  it('shuts the host down, and kills it when it does not exit in time', async () => {
    const polite = supervised();
    const closing = polite.host.shutdown(1000);
    expect(polite.launched[0]!.sent).toEqual([{ kind: 'shutdown' }]);
    polite.launched[0]!.exit(0);
    await closing;
    expect(polite.launched[0]!.child.kill).not.toHaveBeenCalled();
    expect(polite.launched).toHaveLength(1);
    expect(await polite.host.request('getStatus', {})).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    const stuck = supervised();
    await stuck.host.shutdown(10);
    expect(stuck.launched[0]!.child.kill).toHaveBeenCalled();
    await tick();
    expect(stuck.launched).toHaveLength(1);
  });

  it('drops malformed host messages with a log line', () => {
    const { launched, events, log } = supervised();
    launched[0]!.reply({ kind: 'event' });
    expect(events).toEqual([]);
    expect(log).toHaveBeenCalledWith('raic: ignored a malformed message from the service host');
  });
});
