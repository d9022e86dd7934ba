/**
 * The fault proxy itself, against a plain HTTP server: each action does what
 * the backend tests rely on, on keep-alive connections. (A harness check, not
 * a RAIC scenario, so nothing is recorded for the report.)
 */
import { createServer, type Server } from 'node:http';
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultProxy, type FaultAction } from '../support/fault-proxy';

let server: Server;
let port = 0;
const BODY = Buffer.alloc(100_000, 7);

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (chunk: Buffer) => parts.push(chunk));
    req.on('end', () => {
      const received = Buffer.concat(parts).length;
      res.setHeader('content-length', BODY.length);
      res.setHeader('x-received', String(received));
      res.end(req.method === 'HEAD' ? undefined : BODY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

interface Answer {
  status: number;
  bytes: number;
  received: number;
}

/** One request with a 3 s deadline; resolves with what arrived or rejects with the socket error. */
function call(proxyPort: number, agent: Agent, method = 'GET', body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: proxyPort, method, path: '/bucket/key', agent, timeout: 3_000 }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, received: Number(res.headers['x-received'] ?? -1) }));
      res.on('error', reject);
      res.on('aborted', () => reject(new Error('aborted')));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

async function withProxy(actions: FaultAction[], run: (proxy: FaultProxy, agent: Agent) => Promise<void>): Promise<void> {
  const proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port }, mode: 'http', rule: ({ index }) => actions[index % actions.length]! });
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await run(proxy, agent);
  } finally {
    agent.destroy();
    await proxy.close();
  }
}

describe('fault proxy (HTTP mode)', () => {
  it('passes requests and bodies through on one keep-alive connection', async () => {
    await withProxy([{ kind: 'pass' }], async (proxy, agent) => {
      for (let i = 0; i < 5; i++) expect(await call(proxy.port, agent, 'PUT', Buffer.alloc(50_000))).toEqual({ status: 200, bytes: BODY.length, received: 50_000 });
      expect(await call(proxy.port, agent, 'HEAD')).toMatchObject({ status: 200, bytes: 0 });
      expect(proxy.stats()).toMatchObject({ connections: 1, requests: 6, byMethod: { PUT: 5, HEAD: 1 } });
    });
  });

  it('answers 503 SlowDown and 500 itself, keeping the connection usable', async () => {
    await withProxy([{ kind: 'error', status: 503 }, { kind: 'error', status: 500 }, { kind: 'pass' }], async (proxy, agent) => {
      expect((await call(proxy.port, agent, 'PUT', Buffer.alloc(1000))).status).toBe(503);
      expect((await call(proxy.port, agent)).status).toBe(500);
      expect((await call(proxy.port, agent)).status).toBe(200);
      expect(proxy.stats()).toMatchObject({ connections: 1, upstreamStatus: { 200: 1 } });
    });
  });

  it('truncates a body, drops after N bytes, stalls, and refuses while down', async () => {
    await withProxy([{ kind: 'truncate' }, { kind: 'drop', afterBytes: 30_000 }, { kind: 'stall' }, { kind: 'pass' }], async (proxy, agent) => {
      await expect(call(proxy.port, agent)).rejects.toThrow();
      await expect(call(proxy.port, agent)).rejects.toThrow();
      const started = Date.now();
      await expect(call(proxy.port, agent)).rejects.toThrow(/timeout/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_900);
      expect(proxy.stats()).toMatchObject({ truncated: 1, dropped: 1, actions: { stall: 1 } });
      await proxy.down();
      await expect(call(proxy.port, agent)).rejects.toThrow(/ECONNREFUSED/);
      await proxy.up();
      expect((await call(proxy.port, agent)).status).toBe(200);
    });
  });
});

describe('fault proxy (TCP mode)', () => {
  it('copies bytes both ways, drops a connection after N bytes, stalls', async () => {
    const actions: FaultAction[] = [{ kind: 'pass' }, { kind: 'drop', afterBytes: 30_000 }, { kind: 'stall' }];
    const proxy = await FaultProxy.start({ target: { host: '127.0.0.1', port }, mode: 'tcp', rule: ({ index }) => actions[index % actions.length]! });
    // No keep-alive: in TCP mode each decision is per connection.
    const agent = new Agent({ keepAlive: false });
    try {
      expect(await call(proxy.port, agent, 'PUT', Buffer.alloc(20_000))).toEqual({ status: 200, bytes: BODY.length, received: 20_000 });
      await expect(call(proxy.port, agent)).rejects.toThrow();
      await expect(call(proxy.port, agent)).rejects.toThrow(/timeout/);
      expect(proxy.stats()).toMatchObject({ connections: 3, dropped: 1, actions: { pass: 1, drop: 1, stall: 1 } });
    } finally {
      agent.destroy();
      await proxy.close();
    }
  });
});
