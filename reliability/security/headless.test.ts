/**
 * Headless mode's HTTP server from the outside: every API route (the whole
 * contract and the streaming routes) refuses a missing or wrong token; the
 * token compare is constant-time; the server listens on loopback only;
 * cross-origin requests and foreign Host headers (DNS rebinding) are
 * refused; account secrets never come back in an answer or a log; every
 * answer carries the security headers; the static files stay in their folder.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { bearerTokenMatches } from '../../service/http/auth';
import { authHeaders, startGridUnderTest, type GridUnderTest } from '../hostile/grid-under-test';
import { rawRequest, type RawResponse } from '../hostile/http-request';
import { allApiRoutes, type Route } from './routes';
import { accepts, externalAddresses, listeningAddresses } from './listening-address';

const FILE = '/docs/note.txt';
let grid: GridUnderTest;
let routes: Route[];

beforeAll(async () => {
  grid = await startGridUnderTest('headless');
  const up = await rawRequest(grid.server.port, {
    method: 'POST',
    path: `/api/v1/files/upload?path=${encodeURIComponent(FILE)}`,
    headers: authHeaders(grid),
    body: 'a note',
  });
  expect(up.status).toBe(200);
  await grid.service.jobsIdle();
  routes = allApiRoutes(FILE);
});
afterAll(async () => {
  await grid?.dispose();
});

function call(route: Route, headers: Record<string, string>): Promise<RawResponse> {
  return rawRequest(grid.server.port, { method: route.method, path: route.path, headers: { Host: `127.0.0.1:${grid.server.port}`, ...headers }, body: route.body, headersOnly: route.stream });
}

/** Same length and alphabet as the real token, different content. */
function wrongTokenLike(token: string): string {
  return [...token].map((c) => (c === 'A' ? 'B' : 'A')).join('');
}

describe('the access token', () => {
  it('is required by every API route: 401 without it, with a wrong one of the same length, or in the wrong place', async () => {
    const token = grid.server.token;
    const attempts: [string, Record<string, string>][] = [
      ['no Authorization header', {}],
      ['a wrong token of the same length', { Authorization: `Bearer ${wrongTokenLike(token)}` }],
      ['the token with one character changed', { Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` }],
      ['the token cut short', { Authorization: `Bearer ${token.slice(0, 20)}` }],
      ['the token as Basic auth', { Authorization: `Basic ${Buffer.from(`raic:${token}`).toString('base64')}` }],
      ['the token without the Bearer scheme', { Authorization: token }],
      ['an empty bearer', { Authorization: 'Bearer ' }],
      ['the token in a cookie', { Cookie: `token=${token}` }],
    ];
    const letThrough: string[] = [];
    let trials = 0;
    for (const route of routes) {
      for (const [label, headers] of attempts) {
        trials++;
        const response = await call(route, headers);
        if (response.status !== 401) letThrough.push(`${route.method} ${route.path} with ${label}: ${response.status}`);
      }
      // The token in the query string (where it would leak into logs and history) must not count either.
      const sep = route.path.includes('?') ? '&' : '?';
      trials++;
      const inQuery = await call({ ...route, path: `${route.path}${sep}token=${token}` }, {});
      if (inQuery.status !== 401) letThrough.push(`${route.method} ${route.path} with ?token=: ${inQuery.status}`);
    }
    // With the right token, the same requests get past the check: the 401s above came from the token and nothing else.
    const refusedWithToken: string[] = [];
    for (const route of routes) {
      const response = await call(route, { Authorization: `Bearer ${token}` });
      if (response.status === 401 || response.status === 403) refusedWithToken.push(`${route.method} ${route.path}: ${response.status}`);
    }
    recordReliability({
      suite: 'Headless security',
      scenario: `every API route (${routes.length}: the ${routes.length - 3} contract operations, events, upload, download-ticket) without the token, with a wrong one of the same length, one character off, cut short, as Basic auth, without the scheme, empty, in a cookie or in the query string`,
      trials,
      outcome: letThrough.length === 0 ? 'all refused with 401; with the right token every route answered' : `${letThrough.length} let through, first: ${letThrough[0]}`,
      lost: letThrough.length,
      figures: { routes: routes.length },
    });
    expect(letThrough).toEqual([]);
    expect(refusedWithToken).toEqual([]);
  });

  it('download tickets: a forged or reused ticket gets nothing, a fresh one works once', async () => {
    const ticketRoute = routes.find((r) => r.path === '/api/v1/files/download-ticket')!;
    const issued = await call(ticketRoute, { Authorization: `Bearer ${grid.server.token}` });
    const url = (JSON.parse(issued.body) as { url: string }).url;
    const forged = `/api/v1/download/${'A'.repeat(32)}`;
    const answers = {
      forged: (await call({ method: 'GET', path: forged }, {})).status,
      first: (await call({ method: 'GET', path: url }, {})).status,
      reused: (await call({ method: 'GET', path: url }, {})).status,
    };
    recordReliability({
      suite: 'Headless security',
      scenario: 'download tickets (the credential of /api/v1/download/<ticket>): forged, fresh, reused',
      trials: 3,
      outcome: `forged ${answers.forged}, fresh ${answers.first}, reused ${answers.reused}`,
      lost: answers.forged === 200 || answers.reused === 200 ? 1 : 0,
    });
    expect(answers).toEqual({ forged: 404, first: 200, reused: 404 });
  });

  it('is compared in constant time (crypto.timingSafeEqual on hashes of both sides, no early exit)', async () => {
    const source = await readFile(path.resolve('service/http/auth.ts'), 'utf8');
    const body = source.slice(source.indexOf('export function bearerTokenMatches'));
    const fn = body.slice(0, body.indexOf('\n}\n'));
    expect(fn).toMatch(/timingSafeEqual\(/);
    // Hashing first makes both buffers 32 bytes, so timingSafeEqual never throws on a length mismatch.
    expect(fn).toMatch(/createHash\('sha256'\)/);
    // No ordinary comparison of the secret itself (=== on the token, startsWith, localeCompare).
    expect(fn).not.toMatch(/(presented|token)\s*[!=]==|===\s*(presented|token)\b|\.startsWith\(|localeCompare/);

    const token = 'A'.repeat(43);
    expect(bearerTokenMatches(`Bearer ${token}`, token)).toBe(true);
    for (const header of [undefined, '', 'Bearer ', `Bearer ${token}x`, `Bearer ${'B'.repeat(43)}`, `bearer ${token}`, `Bearer  ${token}`, `Bearer ${token} `]) {
      expect(bearerTokenMatches(header, token), String(header)).toBe(false);
    }
    // Timing, recorded not asserted (a loaded 2-core machine is too noisy for a threshold): a token wrong in
    // its first character and one wrong in its last take the same path through the code.
    const median = (header: string) => {
      const samples: number[] = [];
      for (let i = 0; i < 2000; i++) {
        const started = process.hrtime.bigint();
        bearerTokenMatches(header, token);
        samples.push(Number(process.hrtime.bigint() - started));
      }
      return samples.sort((a, b) => a - b)[1000]!;
    };
    const firstWrong = median(`Bearer B${token.slice(1)}`);
    const lastWrong = median(`Bearer ${token.slice(0, -1)}B`);
    recordReliability({
      suite: 'Headless security',
      scenario: 'token comparison: code check for crypto.timingSafeEqual over SHA-256 digests and no early-exit compare; 10 wrong-token forms; median time of a compare wrong at the first vs the last character',
      trials: 4011,
      outcome: 'timingSafeEqual over equal-length digests; every wrong form refused',
      lost: 0,
      figures: { medianNsFirstCharWrong: firstWrong, medianNsLastCharWrong: lastWrong },
    });
  });
});

describe('network exposure', () => {
  it('listens on 127.0.0.1 only by default', async () => {
    const addresses = await listeningAddresses(grid.server.port);
    const external = externalAddresses();
    const reachable: string[] = [];
    for (const address of external) if (await accepts(address, grid.server.port)) reachable.push(address);
    recordReliability({
      suite: 'Headless security',
      scenario: 'default bind address, from the kernel socket table, and connection attempts on every non-loopback address of the machine',
      trials: 1 + external.length,
      outcome: `listening on ${addresses.join(', ')}; ${reachable.length} of ${external.length} external addresses accepted a connection`,
      lost: reachable.length,
    });
    expect(grid.server.url).toBe(`http://127.0.0.1:${grid.server.port}/`);
    expect(addresses).toEqual(['127.0.0.1']);
    expect(reachable).toEqual([]);
  });

  it('refuses cross-origin requests (403) and foreign Host headers (421, DNS rebinding) even with the right token', async () => {
    const auth = { Authorization: `Bearer ${grid.server.token}` };
    const port = grid.server.port;
    const problems: string[] = [];
    let trials = 0;
    for (const route of routes) {
      for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://localhost.evil.example:${port}`]) {
        trials++;
        const response = await call(route, { ...auth, Origin: origin });
        if (response.status !== 403) problems.push(`${route.method} ${route.path} Origin ${origin}: ${response.status}`);
      }
      for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.1.nip.io:${port}`, `[::ffff:127.0.0.1]:${port}`]) {
        trials++;
        const response = await call(route, { ...auth, Host: host });
        if (response.status !== 421) problems.push(`${route.method} ${route.path} Host ${host}: ${response.status}`);
      }
    }
    // A rebinding page also loads the UI: the static files are behind the Host check too.
    const page = await rawRequest(port, { path: '/', headers: { Host: `evil.example:${port}` } });
    trials++;
    if (page.status !== 421) problems.push(`GET / Host evil.example: ${page.status}`);
    // The same origin is allowed, so the refusals above are about the origin.
    const sameOrigin = await call(routes[0]!, { ...auth, Origin: `http://127.0.0.1:${port}` });
    recordReliability({
      suite: 'Headless security',
      scenario: 'cross-origin requests (5 foreign Origins) and DNS-rebinding Host headers (5 foreign Hosts) on every API route with a valid token, and on the UI',
      trials,
      outcome: problems.length === 0 ? 'every cross-origin request refused with 403, every foreign Host with 421; same-origin allowed' : `${problems.length} let through, first: ${problems[0]}`,
      lost: problems.length,
    });
    expect(problems).toEqual([]);
    expect(sameOrigin.status).toBe(200);
  });

  it('serves only its own static files (no traversal out of the UI folder)', async () => {
    const leaked: string[] = [];
    const attempts = ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2f..%2fetc%2fpasswd', '/%252e%252e/etc/passwd', '/....//....//etc/passwd', '/..\\..\\..\\etc\\passwd', '/%00/etc/passwd'];
    for (const attempt of attempts) {
      const response = await rawRequest(grid.server.port, { path: attempt, headers: { Host: `127.0.0.1:${grid.server.port}` } });
      if (/root:.*:0:0:/.test(response.body)) leaked.push(attempt);
    }
    recordReliability({
      suite: 'Headless security',
      scenario: 'path traversal against the static file server (7 encodings of ../../etc/passwd)',
      trials: attempts.length,
      outcome: leaked.length === 0 ? 'no file outside the UI folder served' : `served /etc/passwd for ${leaked.join(', ')}`,
      lost: leaked.length,
    });
    expect(leaked).toEqual([]);
  });
});

describe('answers', () => {
  it('never echo an account secret, in errors or in the log', async () => {
    const secret = `sk-${'9'.repeat(8)}-never-echo-${Date.now()}`;
    const keyId = `AKIA${Date.now()}`;
    const s3 = { provider: 's3', name: 'Cloud', preset: 'other', endpoint: 'http://127.0.0.1:1/', region: 'us-east-1', bucket: 'raic-test', accessKeyId: keyId, secretAccessKey: secret };
    const bodies = [
      ['/api/v1/accounts/add', s3], // valid, but the connection test fails
      ['/api/v1/accounts/add', { ...s3, bucket: 'Not A Bucket!' }], // fails validation after the secret field
      ['/api/v1/accounts/add', { ...s3, secretAccessKey: `${secret}${'x'.repeat(20_000)}` }], // too long: the message must not quote it
      ['/api/v1/accounts/test', { account: s3 }],
      ['/api/v1/accounts/edit', { id: 'no-such-account', changes: { secretAccessKey: secret } }],
      ['/api/v1/accounts/add', { ...s3, provider: 'webdav', url: 'not a url', username: 'me', password: secret }],
      ['/api/v1/accounts/add', { ...s3, provider: 'sftp', host: '127.0.0.1', port: 1, username: 'me', password: secret, root: '/' }],
    ] as const;
    const echoed: string[] = [];
    for (const [route, body] of bodies) {
      const response = await rawRequest(grid.server.port, { method: 'POST', path: route, headers: authHeaders(grid, { 'Content-Type': 'application/json' }), body: JSON.stringify(body) });
      // The connection test answers 200 with ok: false; an add must never succeed with a dead endpoint.
      if (response.status === 200 && route.endsWith('/add')) echoed.push(`${route} accepted ${JSON.stringify(body).slice(0, 80)}`);
      for (const value of [secret, keyId]) if (response.body.includes(value)) echoed.push(`${route} ${response.status} body contains ${value === secret ? 'the secret' : 'the key id'}`);
    }
    const logged = grid.logs.filter((line) => line.includes(secret));
    const config = await readFile(path.join(grid.dataDir, 'grid.json'), 'utf8');
    recordReliability({
      suite: 'Headless security',
      scenario: 'account inputs with secrets that fail (connection refused, invalid field, over-long secret, unknown account; S3, WebDAV, SFTP) through the API',
      trials: bodies.length,
      outcome: echoed.length === 0 && logged.length === 0 && !config.includes(secret) ? 'no answer, log line or config file contained the secret or the access key id' : `${echoed.join('; ')}; ${logged.length} log lines`,
      lost: echoed.length + logged.length,
    });
    expect(echoed).toEqual([]);
    expect(logged).toEqual([]);
    expect(config).not.toContain(secret);
  });

  it('carry the security headers, on success, on errors and on refusals', async () => {
    const port = grid.server.port;
    const samples: [string, Promise<RawResponse>][] = [
      ['the UI', rawRequest(port, { path: '/', headers: { Host: `127.0.0.1:${port}` } })],
      ['an API answer', call(routes[0]!, { Authorization: `Bearer ${grid.server.token}` })],
      ['a 401', call(routes[0]!, {})],
      ['a 403', call(routes[0]!, { Authorization: `Bearer ${grid.server.token}`, Origin: 'http://evil.example' })],
      ['a 421', rawRequest(port, { path: '/api/v1/status', headers: { Host: 'evil.example' } })],
      ['a 404', call({ method: 'GET', path: '/api/v1/nothing-here' }, { Authorization: `Bearer ${grid.server.token}` })],
    ];
    const missing: string[] = [];
    for (const [label, pending] of samples) {
      const { headers } = await pending;
      const csp = String(headers['content-security-policy'] ?? '');
      if (!/(^|;)\s*default-src 'self'/.test(csp) || /unsafe-inline|unsafe-eval/.test(csp) || !/frame-ancestors 'none'/.test(csp)) missing.push(`${label}: CSP "${csp}"`);
      if (headers['x-frame-options'] !== 'DENY') missing.push(`${label}: X-Frame-Options ${headers['x-frame-options']}`);
      if (headers['x-content-type-options'] !== 'nosniff') missing.push(`${label}: X-Content-Type-Options ${headers['x-content-type-options']}`);
      if (headers['referrer-policy'] !== 'no-referrer') missing.push(`${label}: Referrer-Policy ${headers['referrer-policy']}`);
    }
    recordReliability({
      suite: 'Headless security',
      scenario: 'security headers (CSP, X-Frame-Options, X-Content-Type-Options, Referrer-Policy) on the UI, an API answer, 401, 403, 421 and 404',
      trials: samples.length,
      outcome: missing.length === 0 ? "all present on every answer: CSP default-src 'self' with frame-ancestors 'none' and no unsafe-*, DENY, nosniff, no-referrer" : missing.join('; '),
      lost: 0,
    });
    expect(missing).toEqual([]);
  });
});
