/**
 * A fault-injecting proxy on 127.0.0.1 between RAIC and a test server. The
 * test decides, per request (HTTP mode) or per connection (TCP mode), what
 * happens through a rule, usually driven by a seeded PRNG so a run can be
 * replayed: pass through, delay, answer an S3 error itself (500
 * InternalError, 503 SlowDown), truncate the response body (headers promise
 * N bytes, the connection closes after N/2), drop both connections after a
 * number of bytes, or stall (accept and never answer). down()/up() stop and
 * restart listening on the same port, so clients see "connection refused"
 * exactly as with a server that is off.
 *
 * HTTP mode parses each request and response head and frames bodies, so it
 * follows keep-alive connections message by message; it counts what it saw
 * so tests can assert that retries are bounded.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { parseHead, pumpBody, requestFraming, responseFraming, s3ErrorResponse, statusOf, type BodyFraming, type MessageHead } from './http-messages';
import { SocketReader, writeTo } from './socket-reader';

export type FaultAction =
  | { kind: 'pass' }
  | { kind: 'delay'; ms: number }
  | { kind: 'error'; status: 500 | 503 }
  | { kind: 'truncate' }
  | { kind: 'drop'; afterBytes: number }
  | { kind: 'stall' };

export interface RequestInfo {
  /** 0-based count of requests (HTTP mode) or connections (TCP mode) since start. */
  index: number;
  /** Connection number the request came on. */
  connection: number;
  /** Empty in TCP mode. */
  method: string;
  path: string;
}

export type FaultRule = (request: RequestInfo) => FaultAction;

export interface FaultProxyStats {
  connections: number;
  /** HTTP requests seen (TCP mode: connections). */
  requests: number;
  /** Requests per method, e.g. { GET: 10, PUT: 4 }. */
  byMethod: Record<string, number>;
  /** How many requests each action was chosen for. */
  actions: Record<FaultAction['kind'], number>;
  /** Responses actually cut short (a truncate rule on a bodiless answer passes it whole). */
  truncated: number;
  /** Connections actually dropped mid-transfer. */
  dropped: number;
  /** Status codes the upstream server answered with. */
  upstreamStatus: Record<number, number>;
}

export interface FaultProxyOptions {
  target: { host: string; port: number };
  mode: 'http' | 'tcp';
  rule?: FaultRule;
}

const pass: FaultRule = () => ({ kind: 'pass' });

/** Thrown inside a transfer to cut it; the connection handler then closes both sides. */
class CutTransfer extends Error {}

function emptyStats(): FaultProxyStats {
  return {
    connections: 0,
    requests: 0,
    byMethod: {},
    actions: { pass: 0, delay: 0, error: 0, truncate: 0, drop: 0, stall: 0 },
    truncated: 0,
    dropped: 0,
    upstreamStatus: {},
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class FaultProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private rule: FaultRule;
  private counters = emptyStats();

  private constructor(
    private readonly options: FaultProxyOptions,
    private boundPort: number,
  ) {
    this.rule = options.rule ?? pass;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Starts listening on a free port (or `port`, to stand in for a server at a known address). */
  static async start(options: FaultProxyOptions, port = 0): Promise<FaultProxy> {
    const proxy = new FaultProxy(options, port);
    await proxy.listen();
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  setRule(rule: FaultRule): void {
    this.rule = rule;
  }

  stats(): FaultProxyStats {
    return structuredClone(this.counters);
  }

  resetStats(): void {
    this.counters = emptyStats();
  }

  /** Stops accepting and cuts every open connection: clients now get ECONNREFUSED. */
  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Listens again on the same port. */
  async up(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.down();
  }

  private async listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (typeof address === 'object' && address) this.boundPort = address.port;
    this.server = server;
  }

  private track(socket: Socket): Socket {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    // Resets are part of the game here; without a listener they would crash the test process.
    socket.on('error', () => socket.destroy());
    return socket;
  }

  private accept(client: Socket): void {
    this.track(client);
    const connection = this.counters.connections++;
    const handler = this.options.mode === 'http' ? this.serveHttp(client, connection) : this.serveTcp(client, connection);
    void handler.catch(() => undefined).finally(() => client.destroy());
  }

  private decide(connection: number, method: string, path: string): FaultAction {
    const action = this.rule({ index: this.counters.requests++, connection, method, path });
    if (method) this.counters.byMethod[method] = (this.counters.byMethod[method] ?? 0) + 1;
    this.counters.actions[action.kind]++;
    return action;
  }

  private openUpstream(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = this.track(connect(this.options.target));
      socket.once('connect', () => resolve(socket));
      socket.once('error', reject);
    });
  }

  /** TCP mode: one decision per connection; bytes are copied as they come. */
  private async serveTcp(client: Socket, connection: number): Promise<void> {
    const action = this.decide(connection, '', '');
    if (action.kind === 'stall') return waitForClose(client);
    if (action.kind === 'error' || action.kind === 'truncate') throw new Error(`${action.kind} needs HTTP mode`);
    if (action.kind === 'delay') await sleep(action.ms);
    const upstream = await this.openUpstream();
    const budget = this.byteBudget(action);
    const copy = async (from: Socket, to: Socket): Promise<void> => {
      const reader = new SocketReader(from);
      for (let bytes = await reader.readSome(1 << 16); bytes; bytes = await reader.readSome(1 << 16)) await budget(to, bytes);
      to.end();
    };
    try {
      await Promise.all([copy(client, upstream), copy(upstream, client)]);
    } finally {
      upstream.destroy();
    }
  }

  /**
   * A writer that lets through at most `afterBytes` (for a drop action) in
   * both directions together, then cuts the connection.
   */
  private byteBudget(action: FaultAction): (to: Socket, bytes: Buffer) => Promise<void> {
    let left = action.kind === 'drop' ? action.afterBytes : Infinity;
    return async (to, bytes) => {
      if (bytes.length <= left) {
        left -= bytes.length;
        await writeTo(to, bytes);
        return;
      }
      if (left > 0) await writeTo(to, bytes.subarray(0, left));
      left = 0;
      this.counters.dropped++;
      throw new CutTransfer('dropped');
    };
  }

  /** HTTP mode: one decision per request, keep-alive connections followed message by message. */
  private async serveHttp(client: Socket, connection: number): Promise<void> {
    const fromClient = new SocketReader(client);
    let upstream: { socket: Socket; reader: SocketReader } | undefined;
    try {
      for (;;) {
        const raw = await fromClient.readUntil('\r\n\r\n');
        if (!raw) return;
        const request = parseHead(raw);
        const [method = '', path = ''] = request.startLine.split(' ');
        const action = this.decide(connection, method, path);
        const framing = requestFraming(request);
        if (action.kind === 'stall') return await waitForClose(client);
        if (action.kind === 'error') {
          // With "Expect: 100-continue" the body has not been sent: answer and close instead of reading it.
          const close = /100-continue/i.test(request.headers.get('expect') ?? '');
          if (!close) await pumpBody(fromClient, framing, async () => undefined);
          await writeTo(client, s3ErrorResponse(action.status, method, `fault-proxy-${this.counters.requests}`, close));
          if (close) return void client.end();
          continue;
        }
        if (action.kind === 'delay') await sleep(action.ms);
        // The server may have closed an idle keep-alive connection: open a fresh one rather than fail the request.
        if (!upstream || upstream.socket.destroyed || upstream.reader.exhausted) {
          upstream?.socket.destroy();
          const socket = await this.openUpstream();
          upstream = { socket, reader: new SocketReader(socket) };
        }
        const budget = this.byteBudget(action);
        const { socket, reader } = upstream;
        await budget(socket, request.raw);
        const keepOpen = await Promise.all([
          pumpBody(fromClient, framing, (bytes) => budget(socket, bytes)),
          this.relayResponse(reader, client, method, action, budget),
        ]).then(([, open]) => open);
        if (!keepOpen) return void client.end();
      }
    } finally {
      upstream?.socket.destroy();
    }
  }

  /** Copies the answer (after any 1xx interim answers) to the client; false when the connection must close after it. */
  private async relayResponse(
    fromUpstream: SocketReader,
    client: Socket,
    method: string,
    action: FaultAction,
    budget: (to: Socket, bytes: Buffer) => Promise<void>,
  ): Promise<boolean> {
    for (;;) {
      const raw = await fromUpstream.readUntil('\r\n\r\n');
      if (!raw) throw new CutTransfer('upstream closed before answering');
      const response = parseHead(raw);
      const status = statusOf(response);
      const framing = responseFraming(response, method);
      if (status >= 200) this.counters.upstreamStatus[status] = (this.counters.upstreamStatus[status] ?? 0) + 1;
      if (action.kind === 'truncate' && framing.kind === 'length') return this.truncate(fromUpstream, client, response, framing);
      await budget(client, raw);
      await pumpBody(fromUpstream, framing, (bytes) => budget(client, bytes));
      if (status >= 200) return framing.kind !== 'until-close' && !/close/i.test(response.headers.get('connection') ?? '');
    }
  }

  /** Sends the head (promising the full length) and half the body, then cuts the connection. */
  private async truncate(fromUpstream: SocketReader, client: Socket, response: MessageHead, framing: Extract<BodyFraming, { kind: 'length' }>): Promise<never> {
    await writeTo(client, response.raw);
    let left = Math.floor(framing.length / 2);
    while (left > 0) {
      const bytes = await fromUpstream.readSome(left);
      if (!bytes) break;
      left -= bytes.length;
      await writeTo(client, bytes);
    }
    this.counters.truncated++;
    throw new CutTransfer('truncated');
  }
}

function waitForClose(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}
