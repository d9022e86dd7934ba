import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RaicService } from '../raic-service';
import { startHeadlessServer, type HeadlessServer } from './server';
import { bearerTokenMatches, isAllowedHost } from './auth';

/** Raw request, so tests can send Host and Origin headers that fetch() would refuse to forge. */
function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, agent: false, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('headless HTTP server', () => {
  let dir: string;
  let server: HeadlessServer;
  let auth: Record<string, string>;
  const logged: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'raic-http-'));
    const staticDir = path.join(dir, 'ui');
    await mkdir(staticDir);
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>RAIC</title>');
    const service = await RaicService.open(path.join(dir, 'data'));
    server = await startHeadlessServer({ api: service, staticDir, port: 0, log: (line) => logged.push(line) });
    auth = { authorization: `Bearer ${server.token}` };
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL with the token in its fragment', () => {
    expect(server.urlWithToken).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(43);
  });

  it('answers GET /api/v1/status with 401 without the token and 200 with it', async () => {
    const anonymous = await request(server.port, { path: '/api/v1/status' });
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).error.code).toBe('unauthorized');
    const wrong = await request(server.port, { path: '/api/v1/status', headers: { authorization: `Bearer ${server.token}x` } });
    expect(wrong.status).toBe(401);
    const ok = await request(server.port, { path: '/api/v1/status', headers: auth });
    expect(ok.status).toBe(200);
    const status = JSON.parse(ok.body);
    expect(status.accounts).toHaveLength(5);
    expect(status.accounts.every((a: { status: string }) => a.status === 'online')).toBe(true);
    expect(status.encoding).toMatchObject({ needed: 3, happy: 4, total: 5 });
  });

  it('requires the token on every API route, known or not', async () => {
    for (const [method, p] of [['POST', '/api/v1/accounts/add'], ['POST', '/api/v1/accounts/remove'], ['GET', '/api/v1/nope']]) {
      const res = await request(server.port, { method, path: p, body: '{}' });
      expect(res.status, `${method} ${p}`).toBe(401);
    }
  });

  it('refuses foreign Host headers (DNS rebinding) and cross-origin API calls', async () => {
    const rebound = await request(server.port, { path: '/api/v1/status', headers: { ...auth, host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(421);
    const crossOrigin = await request(server.port, { path: '/api/v1/status', headers: { ...auth, origin: 'http://evil.example' } });
    expect(crossOrigin.status).toBe(403);
  });

  it('validates API input and explains what is wrong', async () => {
    const res = await request(server.port, { method: 'POST', path: '/api/v1/accounts/add', headers: auth, body: JSON.stringify({ provider: 'local', name: '', path: '/tmp/x' }) });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error).toMatchObject({ code: 'invalid_input', field: 'name' });
    const notJson = await request(server.port, { method: 'POST', path: '/api/v1/accounts/add', headers: auth, body: '{oops' });
    expect(notJson.status).toBe(400);
    expect(JSON.parse(notJson.body).error.message).toContain('not valid JSON');
  });

  it('refuses a body that is not UTF-8 instead of storing U+FFFD in a name (issue 15, item 7)', async () => {
    const body = Buffer.concat([Buffer.from('{"path":"/bad'), Buffer.from([0xff, 0xfe]), Buffer.from('name"}')]);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        { host: '127.0.0.1', port: server.port, agent: false, method: 'POST', path: '/api/v1/files/mkdir', headers: { host: `127.0.0.1:${server.port}`, ...auth } },
        (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toContain('not valid UTF-8');
    const root = JSON.parse((await request(server.port, { method: 'POST', path: '/api/v1/files/list', headers: auth, body: '{}' })).body);
    expect(root.folders.map((f: { name: string }) => f.name).join()).not.toContain('\ufffd');
  });

  it('logs a client that hangs up mid-body in one plain line, without a stack', async () => {
    logged.length = 0;
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port: server.port,
        agent: false,
        method: 'POST',
        path: '/api/v1/files/mkdir',
        headers: { host: `127.0.0.1:${server.port}`, 'content-length': '1000', 'content-type': 'application/json', ...auth },
      });
      req.on('error', () => resolve());
      req.write('{"path":"/half');
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(logged.join('\n')).not.toMatch(/unexpected|\n\s+at /);
  });

  it('adds a local-folder account and shows it in the status', async () => {
    const folder = path.join(dir, 'usb');
    const res = await request(server.port, { method: 'POST', path: '/api/v1/accounts/add', headers: auth, body: JSON.stringify({ provider: 'local', name: 'USB disk', path: folder }) });
    expect(res.status).toBe(200);
    const status = JSON.parse((await request(server.port, { path: '/api/v1/status', headers: auth })).body);
    expect(status.accounts.map((a: { name: string }) => a.name)).toContain('USB disk');
    const duplicate = await request(server.port, { method: 'POST', path: '/api/v1/accounts/add', headers: auth, body: JSON.stringify({ provider: 'local', name: 'usb DISK', path: path.join(dir, 'other') }) });
    expect(duplicate.status).toBe(409);
  });

  it('serves the UI without the token, with a strict CSP, and never outside its folder', async () => {
    const page = await request(server.port, { path: '/' });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>RAIC</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const escape = await request(server.port, { path: '/..%2f..%2fdata%2fgrid.json' });
    expect(escape.body).not.toContain('accounts');
  });
});

describe('auth helpers', () => {
  it('matches only the exact bearer token', () => {
    expect(bearerTokenMatches('Bearer abc', 'abc')).toBe(true);
    expect(bearerTokenMatches('Bearer abd', 'abc')).toBe(false);
    expect(bearerTokenMatches('bearer abc', 'abc')).toBe(false);
    expect(bearerTokenMatches(undefined, 'abc')).toBe(false);
    expect(bearerTokenMatches('Bearer ', '')).toBe(false);
  });
  it('allows only loopback Host headers with the right port', () => {
    expect(isAllowedHost('127.0.0.1:4747', 4747)).toBe(true);
    expect(isAllowedHost('localhost:4747', 4747)).toBe(true);
    expect(isAllowedHost('localhost:4748', 4747)).toBe(false);
    expect(isAllowedHost('127.0.0.1.nip.io:4747', 4747)).toBe(false);
    expect(isAllowedHost(undefined, 4747)).toBe(false);
  });
});
