/**
 * A TCP proxy on 127.0.0.1 that makes a local server look far away and
 * behind a slow home link: each direction adds a one-way delay and passes
 * bytes through one token bucket shared by every connection through this
 * proxy instance (as the connections of one uplink share its bandwidth).
 *
 * Model of one direction: bytes arriving at time t leave the bucket once it
 * has paid for them (FIFO across connections, `burstBytes` of credit at most),
 * then travel `oneWayDelayMs` before they are written to the other side. A
 * connection whose bytes wait in the proxy beyond `highWaterBytes` is paused
 * (TCP backpressure), so a fast sender cannot park a whole file in the proxy
 * and believe it sent.
 *
 * Counts bytes per direction, connections, and HTTP/1.1 requests by method
 * (see http-request-counter.ts), for the benchmark's analysis.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { HttpRequestCounter } from './http-request-counter';

export interface ShapingOptions {
  /** The real server behind the proxy. */
  targetHost?: string;
  targetPort: number;
  /** Delay added in each direction (20 ms each way = 40 ms round trip). */
  oneWayDelayMs: number;
  /** Bandwidth of each direction in bits per second, shared by all connections. */
  bitsPerSecond: number;
  /** Credit the bucket may hold when idle (default 16 KiB, about one TCP burst). */
  burstBytes?: number;
  /** Bytes of one connection-direction waiting in the proxy before its sender is paused (default 256 KiB). */
  highWaterBytes?: number;
  /** Keep every request's time, connection, method and target (for tracing a few operations; off by default). */
  recordRequests?: boolean;
}

export interface RecordedRequest {
  /** ms since the proxy started or traffic was last reset. */
  atMs: number;
  connection: number;
  method: string;
  target: string;
  /** The request body's Content-Length, or 'chunked'. */
  bodyBytes: number | 'chunked';
}

export interface ProxyTraffic {
  /** Client to server. */
  bytesUp: number;
  /** Server to client. */
  bytesDown: number;
  connections: number;
  /** HTTP requests seen client to server, by method. */
  requests: Record<string, number>;
}

export interface ShapingProxy {
  readonly host: string;
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  traffic(): ProxyTraffic;
  /** The requests recorded since the last reset (empty unless recordRequests). */
  requestLog(): RecordedRequest[];
  resetTraffic(): void;
  close(): Promise<void>;
}

/** One direction of the link: a token bucket in virtual time, shared by every connection. */
class TokenBucket {
  /** When (ms, performance.now()) every byte taken so far has been paid for. */
  private paidUntil = 0;
  constructor(
    private readonly bytesPerMs: number,
    private readonly burstBytes: number,
  ) {}

  /** The time at which `bytes` arriving now have passed the bucket. */
  take(bytes: number, now: number): number {
    // An idle bucket holds at most burstBytes of credit: the clock never lags now by more than that.
    this.paidUntil = Math.max(this.paidUntil, now - this.burstBytes / this.bytesPerMs) + bytes / this.bytesPerMs;
    return Math.max(now, this.paidUntil);
  }
}

/** Bytes of one connection in one direction, held until their delivery time, in order. */
class DelayedPipe {
  private readonly queue: Array<{ at: number; chunk: Buffer }> = [];
  private timer: NodeJS.Timeout | undefined;
  private waiting = 0;
  private ended = false;

  constructor(
    private readonly from: Socket,
    private readonly to: Socket,
    private readonly bucket: TokenBucket,
    private readonly delayMs: number,
    private readonly highWater: number,
    private readonly onBytes: (chunk: Buffer) => void,
  ) {
    from.on('data', (chunk: Buffer) => this.accept(chunk));
    from.on('end', () => {
      this.ended = true;
      this.flushEnd();
    });
  }

  private accept(chunk: Buffer): void {
    this.onBytes(chunk);
    const now = performance.now();
    this.queue.push({ at: this.bucket.take(chunk.length, now) + this.delayMs, chunk });
    this.waiting += chunk.length;
    if (this.waiting > this.highWater) this.from.pause();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.queue.length === 0) return;
    const wait = Math.max(0, this.queue[0]!.at - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.deliver();
    }, wait);
  }

  private deliver(): void {
    const now = performance.now();
    // Timers fire up to a millisecond early or late; deliver what is due within half a millisecond.
    while (this.queue.length > 0 && this.queue[0]!.at <= now + 0.5) {
      const { chunk } = this.queue.shift()!;
      this.waiting -= chunk.length;
      if (!this.to.destroyed) this.to.write(chunk);
    }
    if (this.waiting <= this.highWater / 2 && this.from.isPaused()) this.from.resume();
    this.flushEnd();
    this.schedule();
  }

  private flushEnd(): void {
    if (this.ended && this.queue.length === 0 && !this.to.destroyed) this.to.end();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.queue.length = 0;
  }
}

export async function startShapingProxy(options: ShapingOptions): Promise<ShapingProxy> {
  const bytesPerMs = options.bitsPerSecond / 8 / 1000;
  const burst = options.burstBytes ?? 16 * 1024;
  const highWater = options.highWaterBytes ?? 256 * 1024;
  const up = new TokenBucket(bytesPerMs, burst);
  const down = new TokenBucket(bytesPerMs, burst);
  const targetHost = options.targetHost ?? '127.0.0.1';
  let traffic: ProxyTraffic = { bytesUp: 0, bytesDown: 0, connections: 0, requests: {} };
  const sockets = new Set<Socket>();
  let log: RecordedRequest[] = [];
  let epoch = performance.now();
  let connectionsEver = 0;

  // Half-open sockets: an end is passed on only after the bytes before it, so neither side may close early.
  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    traffic.connections++;
    const connection = ++connectionsEver;
    const upstream = connect({ host: targetHost, port: options.targetPort, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
    }
    const counter = new HttpRequestCounter((method, target, bodyBytes) => {
      traffic.requests[method] = (traffic.requests[method] ?? 0) + 1;
      if (options.recordRequests) log.push({ atMs: performance.now() - epoch, connection, method, target, bodyBytes });
    });
    const pipes = [
      new DelayedPipe(client, upstream, up, options.oneWayDelayMs, highWater, (chunk) => {
        traffic.bytesUp += chunk.length;
        counter.feed(chunk);
      }),
      new DelayedPipe(upstream, client, down, options.oneWayDelayMs, highWater, (chunk) => {
        traffic.bytesDown += chunk.length;
      }),
    ];
    const tearDown = () => {
      for (const pipe of pipes) pipe.stop();
      client.destroy();
      upstream.destroy();
    };
    // A reset on either side resets the other; a clean end travels through its pipe, delayed like data.
    client.on('error', tearDown);
    upstream.on('error', tearDown);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    host: '127.0.0.1',
    port,
    url: `http://127.0.0.1:${port}`,
    traffic: () => ({ ...traffic, requests: { ...traffic.requests } }),
    requestLog: () => [...log],
    resetTraffic: () => {
      traffic = { bytesUp: 0, bytesDown: 0, connections: 0, requests: {} };
      log = [];
      epoch = performance.now();
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
