/**
 * The slow-link proxy against real sockets: a round trip through it takes the
 * added latency, one connection's bytes are capped at the bandwidth, two
 * connections share that bandwidth rather than each getting it, and HTTP
 * requests are counted by method.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startShapingProxy, type ShapingProxy } from './shaping-proxy';
import { HttpRequestCounter } from './http-request-counter';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  // Newest first: sockets, then proxies, then the servers they reach.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that echoes what it gets, or with `sink`, answers "ok" once it has read `sink` bytes. */
async function startServer(sink?: number): Promise<number> {
  const open = new Set<Socket>();
  const server: Server = createServer((socket) => {
    open.add(socket);
    if (sink === undefined) {
      socket.pipe(socket);
      return;
    }
    let got = 0;
    socket.on('data', (chunk: Buffer) => {
      got += chunk.length;
      if (got >= sink) socket.end('ok');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(
    () =>
      new Promise((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

async function proxyTo(port: number, oneWayDelayMs: number, megabitsPerSecond: number): Promise<ShapingProxy> {
  const proxy = await startShapingProxy({ targetPort: port, oneWayDelayMs, bitsPerSecond: megabitsPerSecond * 1e6 });
  cleanups.push(() => proxy.close());
  return proxy;
}

async function connectTo(proxy: ShapingProxy): Promise<Socket> {
  const socket = connect({ host: proxy.host, port: proxy.port });
  await once(socket, 'connect');
  socket.setNoDelay(true);
  cleanups.push(async () => void socket.destroy());
  return socket;
}

/** Sends `bytes` and resolves with the seconds until the server's answer arrives. */
async function sendAndTime(socket: Socket, bytes: number): Promise<number> {
  const started = performance.now();
  const answered = once(socket, 'data');
  socket.write(Buffer.alloc(bytes, 7));
  await answered;
  return (performance.now() - started) / 1000;
}

describe('shaping proxy', () => {
  it('adds the round-trip latency to a small exchange', async () => {
    const proxy = await proxyTo(await startServer(), 20, 50);
    const socket = await connectTo(proxy);
    const times: number[] = [];
    for (let i = 0; i < 5; i++) times.push(await sendAndTime(socket, 10));
    const median = times.sort((a, b) => a - b)[2]! * 1000;
    expect(median).toBeGreaterThanOrEqual(39);
    expect(median).toBeLessThan(75);
  });

  it('caps one connection at the bandwidth', async () => {
    // 16 Mbit/s = 2 MB/s: 2 MB take about 1 s, plus one round trip of 10 ms (upper bounds loose for a loaded machine).
    const proxy = await proxyTo(await startServer(2_000_000), 5, 16);
    const seconds = await sendAndTime(await connectTo(proxy), 2_000_000);
    expect(seconds).toBeGreaterThan(0.9);
    expect(seconds).toBeLessThan(1.5);
    expect(proxy.traffic().bytesUp).toBe(2_000_000);
  });

  it('shares the bandwidth between two connections instead of giving each the whole', async () => {
    const proxy = await proxyTo(await startServer(1_000_000), 5, 16);
    const [a, b] = [await connectTo(proxy), await connectTo(proxy)];
    const started = performance.now();
    const times = await Promise.all([sendAndTime(a, 1_000_000), sendAndTime(b, 1_000_000)]);
    const total = (performance.now() - started) / 1000;
    // 2 MB in all at 2 MB/s: about 1 s for both together, not 0.5 s each.
    expect(total).toBeGreaterThan(0.9);
    expect(total).toBeLessThan(1.5);
    for (const seconds of times) expect(seconds).toBeGreaterThan(0.7);
    expect(proxy.traffic().connections).toBe(2);
  });

  it('caps the download direction as well', async () => {
    const proxy = await proxyTo(await startServer(), 5, 16);
    const socket = await connectTo(proxy);
    let got = 0;
    const started = performance.now();
    const done = new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        got += chunk.length;
        if (got >= 1_000_000) resolve();
      }),
    );
    socket.write(Buffer.alloc(1_000_000, 1));
    await done;
    // Echoed: 1 MB up then 1 MB down, pipelined through two separate buckets, so about 0.5 s, not 1 s.
    const seconds = (performance.now() - started) / 1000;
    expect(seconds).toBeGreaterThan(0.45);
    expect(seconds).toBeLessThan(0.9);
    expect(proxy.traffic().bytesDown).toBe(1_000_000);
  });
});

describe('HTTP request counter', () => {
  it('counts requests across bodies by length and by chunks, split anywhere', () => {
    const methods: string[] = [];
    const counter = new HttpRequestCounter((method) => methods.push(method));
    const stream = Buffer.from(
      'PUT /a HTTP/1.1\r\nContent-Length: 5\r\n\r\nGET /' +
        'PUT /b HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n' +
        'GET /c HTTP/1.1\r\nHost: h\r\n\r\n' +
        'DELETE /d HTTP/1.1\r\n\r\n',
    );
    for (let i = 0; i < stream.length; i += 3) counter.feed(stream.subarray(i, i + 3));
    expect(methods).toEqual(['PUT', 'PUT', 'GET', 'DELETE']);
  });

  it('says once when it cannot follow the stream', () => {
    const methods: string[] = [];
    const counter = new HttpRequestCounter((method) => methods.push(method));
    counter.feed(Buffer.from('\x16\x03\x01 not http\r\n\r\nGET / HTTP/1.1\r\n\r\n'));
    expect(methods).toEqual(['unparsed']);
  });
});
