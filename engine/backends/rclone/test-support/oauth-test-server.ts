/**
 * A small OAuth2 authorization server on 127.0.0.1 for the sign-in tests:
 * real `rclone authorize` is pointed at it with `--<backend>-auth-url` and
 * `--<backend>-token-url`.
 *
 * - GET /authorize consents at once (no page to click): it redirects to the
 *   client's redirect_uri with a fresh code and the client's state, so a test
 *   "clicks" the consent link with a plain HTTP GET (or a browser).
 * - POST /token answers the authorization_code grant (a code is good once)
 *   and the refresh_token grant, which rotates the refresh token as OneDrive
 *   does: the old one stops working.
 * - GET /v1.0/me/drive answers as Microsoft Graph does for OneDrive (a
 *   fixed drive id and type) when the bearer token is an access token it
 *   issued, 401 otherwise.
 * - Every token issued is recorded, so tests can check what ended up where.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, get, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

export interface IssuedTokens {
  grant: 'authorization_code' | 'refresh_token';
  accessToken: string;
  refreshToken: string;
  clientId: string;
  at: number;
}

/** The drive /v1.0/me/drive describes. */
export const TEST_ONEDRIVE_DRIVE = { id: 'b!raic-test-drive-0001', driveType: 'personal' } as const;

export interface OAuthTestServerOptions {
  /** Lifetime of each access token (expires_in); short to make rclone refresh. */
  accessTokenLifetimeSeconds?: number;
  /** The client id and secret the token endpoint accepts; any when absent. */
  clientId?: string;
  clientSecret?: string;
}

export interface OAuthTestServer {
  readonly url: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  /** Every token pair handed out, oldest first. */
  readonly issued: readonly IssuedTokens[];
  /** Every request's method and path (no query), for tests that check the order of calls. */
  readonly requests: readonly string[];
  /** Refresh tokens that were rotated away and no longer work. */
  readonly revokedRefreshTokens: ReadonlySet<string>;
  /** Makes the next authorization answer with `error=access_denied` (the user said no). */
  denyNext(): void;
  close(): Promise<void>;
}

function token(prefix: string): string {
  return `${prefix}-${randomBytes(18).toString('base64url')}`;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** client_id and client_secret from HTTP Basic auth or from the form (RFC 6749 section 2.3.1 allows both). */
function clientCredentials(request: IncomingMessage, form: URLSearchParams): { id: string; secret: string } {
  const basic = /^Basic (.+)$/i.exec(request.headers.authorization ?? '');
  if (basic) {
    const [id = '', secret = ''] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').map((part) => decodeURIComponent(part));
    return { id, secret };
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
}

export async function startOAuthTestServer(options: OAuthTestServerOptions = {}): Promise<OAuthTestServer> {
  const lifetime = options.accessTokenLifetimeSeconds ?? 3600;
  const issued: IssuedTokens[] = [];
  const requests: string[] = [];
  const codes = new Map<string, { clientId: string; redirectUri: string }>();
  const liveRefreshTokens = new Map<string, string>();
  const revokedRefreshTokens = new Set<string>();
  let denyNext = false;

  const issue = (grant: IssuedTokens['grant'], clientId: string, response: ServerResponse) => {
    const pair: IssuedTokens = { grant, accessToken: token('access'), refreshToken: token('refresh'), clientId, at: Date.now() };
    issued.push(pair);
    liveRefreshTokens.set(pair.refreshToken, clientId);
    json(response, 200, { access_token: pair.accessToken, token_type: 'Bearer', refresh_token: pair.refreshToken, expires_in: lifetime });
  };

  const authorize = (url: URL, response: ServerResponse) => {
    const redirectUri = url.searchParams.get('redirect_uri');
    const state = url.searchParams.get('state') ?? '';
    const clientId = url.searchParams.get('client_id') ?? '';
    if (!redirectUri || url.searchParams.get('response_type') !== 'code') {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('needs response_type=code and a redirect_uri');
      return;
    }
    const target = new URL(redirectUri);
    if (denyNext) {
      denyNext = false;
      target.searchParams.set('error', 'access_denied');
    } else {
      const code = token('code');
      codes.set(code, { clientId, redirectUri });
      target.searchParams.set('code', code);
    }
    target.searchParams.set('state', state);
    response.writeHead(302, { location: target.toString() }).end();
  };

  const tokenEndpoint = async (request: IncomingMessage, response: ServerResponse) => {
    const form = new URLSearchParams(await readBody(request));
    const client = clientCredentials(request, form);
    if ((options.clientId && client.id !== options.clientId) || (options.clientSecret && client.secret !== options.clientSecret)) {
      json(response, 401, { error: 'invalid_client' });
      return;
    }
    const grant = form.get('grant_type');
    if (grant === 'authorization_code') {
      const code = form.get('code') ?? '';
      const known = codes.get(code);
      codes.delete(code);
      if (!known || known.redirectUri !== form.get('redirect_uri')) {
        json(response, 400, { error: 'invalid_grant' });
        return;
      }
      issue('authorization_code', client.id, response);
      return;
    }
    if (grant === 'refresh_token') {
      const refresh = form.get('refresh_token') ?? '';
      if (!liveRefreshTokens.has(refresh)) {
        json(response, 400, { error: 'invalid_grant', error_description: 'refresh token revoked or unknown' });
        return;
      }
      liveRefreshTokens.delete(refresh);
      revokedRefreshTokens.add(refresh);
      issue('refresh_token', client.id, response);
      return;
    }
    json(response, 400, { error: 'unsupported_grant_type' });
  };

  const graphDrive = (request: IncomingMessage, response: ServerResponse) => {
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer || !issued.some((pair) => pair.accessToken === bearer)) {
      json(response, 401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty or unknown.' } });
      return;
    }
    json(response, 200, { id: TEST_ONEDRIVE_DRIVE.id, driveType: TEST_ONEDRIVE_DRIVE.driveType, name: 'OneDrive' });
  };

  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    requests.push(`${request.method ?? 'GET'} ${url.pathname}`);
    if (request.method === 'GET' && url.pathname === '/v1.0/me/drive') return graphDrive(request, response);
    if (request.method === 'GET' && url.pathname === '/authorize') return authorize(url, response);
    if (request.method === 'POST' && url.pathname === '/token') {
      tokenEndpoint(request, response).catch(() => json(response, 500, { error: 'server_error' }));
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    authUrl: `${url}/authorize`,
    tokenUrl: `${url}/token`,
    issued,
    requests,
    revokedRefreshTokens,
    denyNext: () => void (denyNext = true),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * What a browser does with a sign-in link: GET it and follow the redirects
 * (to the consent page, which consents at once, and back to rclone). Each
 * request on a fresh connection: rclone's page is a new server every
 * sign-in, on the same port, so a pooled connection would be stale.
 * Returns the last answer's status (0 when rclone dropped its last answer).
 */
export async function clickThrough(link: string, hops = 5): Promise<number> {
  const answer = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
    get(link, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, location: response.headers.location }));
    }).on('error', (error: NodeJS.ErrnoException) => {
      // rclone closes its page as soon as the code arrives and sometimes drops that last answer; the sign-in goes on.
      if (error.code === 'ECONNRESET' && new URL(link).pathname === '/') resolve({ status: 0 });
      else reject(new Error(`${error.message} at ${new URL(link).pathname}`));
    });
  });
  if (answer.location && answer.status >= 300 && answer.status < 400 && hops > 0) return clickThrough(new URL(answer.location, link).toString(), hops - 1);
  return answer.status;
}

const PORT_LOCK = path.join(tmpdir(), 'raic-test-signin-port.lock');

/**
 * rclone's sign-in page always uses port 53682, so test files that sign in
 * take turns: an exclusive folder is the lock, with the holder's pid inside
 * (a lock whose holder is gone is taken over). Returns the release function.
 */
export async function lockSignInPort(timeoutMs = 300_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(PORT_LOCK);
      await writeFile(path.join(PORT_LOCK, 'pid'), String(process.pid));
      return () => rm(PORT_LOCK, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(path.join(PORT_LOCK, 'pid'), 'utf8').catch(() => ''));
      if (holder && !processAlive(holder)) await rm(PORT_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`another test has held rclone's sign-in port for ${timeoutMs / 1000} s (lock ${PORT_LOCK})`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
