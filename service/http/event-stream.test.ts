import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServiceEvent } from '../../shared/events';
import { sampleHealthEvent, sampleJob } from '../../shared/events.test-helper';
import { createSseParser, readEventStream, type SseEvent } from '../../shared/sse-parser';
import { serveEventStream, type EventStreamOptions } from './event-stream';

/** One subscriber's view from the server side: the `send` it got and whether it has unsubscribed. */
interface Subscription {
  send: (event: ServiceEvent) => void;
  unsubscribed: boolean;
  response: http.ServerResponse;
}

const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

async function startStreamServer(options: EventStreamOptions): Promise<{ url: string; subscriptions: Subscription[] }> {
  const subscriptions: Subscription[] = [];
  const server = http.createServer((req, res) => {
    serveEventStream(
      req,
      res,
      (send) => {
        const subscription: Subscription = { send, unsubscribed: false, response: res };
        subscriptions.push(subscription);
        return () => {
          subscription.unsubscribed = true;
        };
      },
      options,
    );
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`, subscriptions };
}

const WAIT = { timeout: 10_000, interval: 10 };

describe('serveEventStream', () => {
  it('streams events in order with increasing ids, ignores heartbeats, and unsubscribes when the client leaves', async () => {
    const { url, subscriptions } = await startStreamServer({ heartbeatMs: 20, retryMs: 1234 });
    const abort = new AbortController();
    const response = await fetch(url, { signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-accel-buffering')).toBe('no');

    const received: SseEvent[] = [];
    const reading = readEventStream(response, (event) => received.push(event), abort.signal);
    await vi.waitFor(() => expect(subscriptions).toHaveLength(1), WAIT);
    const [subscription] = subscriptions;
    subscription.send({ type: 'accounts-changed' });
    // Let a few heartbeats pass between events.
    await new Promise((resolve) => setTimeout(resolve, 80));
    subscription.send({ type: 'job', job: sampleJob() });
    subscription.send(sampleHealthEvent(1, 'line one\nline two'));
    await vi.waitFor(() => expect(received).toHaveLength(3), WAIT);

    expect(received.map((e) => e.event)).toEqual(['accounts-changed', 'job', 'health-event']);
    expect(received.map((e) => Number(e.id))).toEqual([1, 2, 3]);
    expect(JSON.parse(received[2].data)).toEqual(sampleHealthEvent(1, 'line one\nline two'));
    expect(subscription.unsubscribed).toBe(false);

    abort.abort();
    await reading;
    await vi.waitFor(() => expect(subscription.unsubscribed).toBe(true), WAIT);
    // Sending after the client left is harmless.
    subscription.send({ type: 'paused', paused: false });
  });

  it('sends the retry delay and heartbeat comments on the wire', async () => {
    const { url } = await startStreamServer({ heartbeatMs: 10, retryMs: 1234 });
    const abort = new AbortController();
    const response = await fetch(url, { signal: abort.signal });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes(': heartbeat\n\n')) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    expect(text.startsWith('retry: 1234\n\n')).toBe(true);
    abort.abort();
  });

  it('while the client is not reading, keeps only the latest snapshot of each job and still delivers every other event', async () => {
    const { url, subscriptions } = await startStreamServer({ heartbeatMs: 60_000 });
    const port = new URL(url).port;
    const received: SseEvent[] = [];
    const parser = createSseParser((e) => received.push(e));
    const clientResponse = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/events', agent: false }, resolve).on('error', reject);
    });
    clientResponse.pause();
    await vi.waitFor(() => expect(subscriptions).toHaveLength(1), WAIT);
    const [{ send, response }] = subscriptions;

    // Fill the socket until writes report backpressure, then a few more that must wait.
    const filler = 'x'.repeat(64 * 1024);
    let fillerCount = 0;
    while (!response.writableNeedDrain) send(sampleHealthEvent(fillerCount++, filler));
    for (let i = 0; i < 3; i++) send(sampleHealthEvent(fillerCount++, filler));
    const progressCount = 1000;
    for (let done = 1; done <= progressCount; done++) send({ type: 'job', job: sampleJob({ state: 'running', doneBytes: done }) });
    send({ type: 'job', job: sampleJob({ state: 'done', doneBytes: progressCount }) });
    send({ type: 'accounts-changed' });

    clientResponse.setEncoding('utf8');
    clientResponse.on('data', (chunk: string) => parser.push(chunk));
    clientResponse.resume();
    await vi.waitFor(() => expect(received.at(-1)?.event).toBe('accounts-changed'), WAIT);

    expect(received.filter((e) => e.event === 'health-event').map((e) => JSON.parse(e.data).event.id)).toEqual([...Array(fillerCount).keys()]);
    const jobEvents = received.filter((e) => e.event === 'job').map((e) => JSON.parse(e.data).job);
    expect(jobEvents.length).toBeLessThan(progressCount / 10);
    expect(jobEvents.at(-1)).toEqual(sampleJob({ state: 'done', doneBytes: progressCount }));
    const ids = received.map((e) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    clientResponse.destroy();
  });

  it('ends the stream of a client that falls too far behind, and unsubscribes', async () => {
    const { url, subscriptions } = await startStreamServer({ heartbeatMs: 60_000, maxQueuedEvents: 5 });
    const port = new URL(url).port;
    const clientResponse = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get({ host: '127.0.0.1', port, path: '/events', agent: false }, resolve).on('error', reject);
    });
    clientResponse.pause();
    await vi.waitFor(() => expect(subscriptions).toHaveLength(1), WAIT);
    const [subscription] = subscriptions;
    const filler = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 400 && !subscription.unsubscribed; i++) subscription.send(sampleHealthEvent(i, filler));
    expect(subscription.unsubscribed).toBe(true);
    const ended = new Promise<void>((resolve) => clientResponse.on('end', resolve));
    clientResponse.resume();
    await ended;
  });
});
