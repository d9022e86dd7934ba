/**
 * Pushes service events (job progress, account status, health) to one HTTP
 * client as Server-Sent Events. The renderer reads the stream with fetch()
 * and shared/sse-parser, because EventSource cannot send the bearer token.
 *
 * A slow client must not make the service buffer without bound. While the
 * socket is backpressured (res.write returned false) events wait in a queue
 * that keeps only the latest event per subject: the latest `job` snapshot per
 * job id (a `job-removed` replaces it). So intermediate progress is dropped,
 * but the newest state of every job still arrives once the socket drains.
 * Other events have no subject and are all kept; if the queue still grows past
 * `maxQueuedEvents` the stream is ended so the client reconnects and reloads
 * the current state instead.
 *
 * There is no replay: ids number the events of one connection only, and a
 * client that reconnects should fetch the current state again.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceEvent } from '../../shared/events';

export interface EventStreamOptions {
  /** How often a `: heartbeat` comment keeps proxies and the client's idle checks content. */
  heartbeatMs?: number;
  /** The reconnection delay the stream suggests to the client. */
  retryMs?: number;
  /** Events waiting for a backpressured socket before the stream gives up on the client. */
  maxQueuedEvents?: number;
}

export const DEFAULT_HEARTBEAT_MS = 15_000;
export const DEFAULT_RETRY_MS = 3_000;
export const DEFAULT_MAX_QUEUED_EVENTS = 1_000;

export function serveEventStream(
  req: IncomingMessage,
  res: ServerResponse,
  subscribe: (send: (event: ServiceEvent) => void) => () => void,
  options: EventStreamOptions = {},
): void {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const maxQueuedEvents = options.maxQueuedEvents ?? DEFAULT_MAX_QUEUED_EVENTS;
  let nextId = 1;
  let closed = false;
  let backpressured = false;
  /** Events waiting for 'drain', in order; re-inserting a subject moves it to the end. */
  const waiting = new Map<string, ServiceEvent>();
  let anonymousCount = 0;

  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    // Tells nginx-style reverse proxies not to hold events back in a buffer.
    'X-Accel-Buffering': 'no',
  });
  write(`retry: ${options.retryMs ?? DEFAULT_RETRY_MS}\n\n`);

  function write(text: string): void {
    if (!res.write(text)) backpressured = true;
  }

  function writeEvent(event: ServiceEvent): void {
    // The type goes on the `event:` line raw: the types of shared/events are single-line literals, and JSON data holds no raw line break.
    write(`id: ${nextId++}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
  }

  function send(event: ServiceEvent): void {
    if (closed) return;
    if (!backpressured) return writeEvent(event);
    const subject = subjectOf(event) ?? `#${anonymousCount++}`;
    waiting.delete(subject);
    waiting.set(subject, event);
    if (waiting.size > maxQueuedEvents) {
      cleanUp();
      res.end();
    }
  }

  function flushWaiting(): void {
    backpressured = false;
    for (const [subject, event] of waiting) {
      waiting.delete(subject);
      writeEvent(event);
      if (backpressured) return;
    }
  }

  const heartbeat = setInterval(() => {
    // While backpressured the client is busy receiving anyway.
    if (!backpressured) write(': heartbeat\n\n');
  }, heartbeatMs);
  // The open socket keeps the process alive while a client listens; the timer need not.
  heartbeat.unref();

  res.on('drain', flushWaiting);
  // Replaced by the real one once subscribe() returns; a send during subscribe() may already close.
  let stopListening = () => {};
  function cleanUp(): void {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    waiting.clear();
    res.off('drain', flushWaiting);
    stopListening();
  }
  // res 'close' fires when the client goes away (and when we end the stream);
  // req 'close' alone can fire early once an empty request body is consumed.
  res.once('close', cleanUp);
  req.once('error', cleanUp);
  const unsubscribe = subscribe(send);
  if (closed) unsubscribe();
  else stopListening = unsubscribe;
}

/** Which events a newer one may replace while the socket is backpressured. */
function subjectOf(event: ServiceEvent): string | undefined {
  if (event.type === 'job') return `job:${event.job.id}`;
  if (event.type === 'job-removed') return `job:${event.id}`;
  return undefined;
}
