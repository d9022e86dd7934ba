/**
 * Headless mode's HTTP server: the built React UI and the API contract on one
 * loopback port. Every /api/ request needs `Authorization: Bearer <token>`;
 * the token reaches the browser in the URL fragment, which browsers never send
 * to servers or put in Referer headers.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiContract, ApiError, type ApiErrorCode, type RaicApi } from '../../shared/api';
import { dispatch } from '../dispatch';
import { OPERATION_NAMES, type OperationName } from '../../shared/operations';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { bearerTokenMatches, isAllowedHost, newAccessToken } from './auth';
import { serveStatic } from './static-files';
import { downloadUrl, streamingRoutes, ticketOfDownloadPath } from '../../shared/streaming-routes';
import { DownloadTickets, handleDownload, handleEvents, handleUpload, type StreamingApi } from './streaming-routes';

export const DEFAULT_PORT = 4747;
const MAX_BODY_BYTES = 1024 * 1024;

export interface HeadlessServerOptions {
  api: RaicApi;
  /** Folder of the built UI (dist/renderer). */
  staticDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** The access token, or a function giving the current one (a kept token that `raic token rotate` may replace). */
  token?: string | (() => string);
  /** Events, file uploads and downloads; without it only the JSON operations are served. */
  streams?: StreamingApi;
  /** Logs one line per unexpected error (never request bodies or tokens). */
  log?: (line: string) => void;
}

export interface HeadlessServer {
  url: string;
  /** The URL to open, token in its fragment. */
  urlWithToken: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const STATUS_FOR: Record<ApiErrorCode, number> = {
  invalid_input: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  unavailable: 503,
  internal: 500,
};

const routes = new Map<string, OperationName>(
  OPERATION_NAMES.map((op) => [`${apiContract[op].http.method} ${apiContract[op].http.path}`, op]),
);

export async function startHeadlessServer(options: HeadlessServerOptions): Promise<HeadlessServer> {
  const host = options.host ?? '127.0.0.1';
  const fixedToken = typeof options.token === 'string' ? options.token : newAccessToken();
  const currentToken = typeof options.token === 'function' ? options.token : () => fixedToken;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let port = options.port ?? DEFAULT_PORT;
  const tickets = new DownloadTickets();

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (clientWentAway(req, error)) {
        // Not RAIC's fault and nothing to tell the client, which is gone; one plain line, no stack.
        log(`raic: the client closed the connection during ${req.method} ${req.url?.split('?')[0]}; nothing was stored from it.`);
        return;
      }
      log(`raic: unexpected error while answering ${req.method} ${req.url?.split('?')[0]}: ${(error as Error)?.stack ?? error}`);
      if (!res.headersSent) sendError(res, new ApiError('internal', 'RAIC hit an internal error; the details are in its log.'));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res);
    // Answers sent before the body is read (401, 404, ...) must still drain it,
    // or a keep-alive client reusing the socket sees it hang up.
    res.once('finish', () => req.resume());
    if (!isAllowedHost(req.headers.host, port, host === '127.0.0.1' ? [] : [host])) {
      res.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Unexpected Host header; open RAIC at the address it printed.');
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      await serveStatic(options.staticDir, url.pathname, res);
      return;
    }
    const streams = options.streams;
    const downloadTicket = ticketOfDownloadPath(url.pathname);
    if (streams && req.method === streamingRoutes.download.method && downloadTicket) {
      // The ticket is the credential here: the browser navigates to it without headers.
      await handleDownload(res, downloadTicket, streams, tickets).catch((error: unknown) => {
        if (error instanceof ApiError && !res.headersSent) return sendError(res, error);
        throw error;
      });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) {
      sendError(res, new ApiError('unauthorized', 'Cross-origin requests are refused.'), 403);
      return;
    }
    if (!bearerTokenMatches(req.headers.authorization, currentToken())) {
      sendError(
        res,
        new ApiError(
          'unauthorized',
          'This page’s access key is not accepted (it was replaced, or the address was opened without it). Open the address RAIC printed when it started, in the window where you started it (`npm start` or `raic serve`), or paste it into this tab’s address bar.',
        ),
      );
      return;
    }
    if (streams && (await handleStreamingRoute(req, res, url, streams))) return;
    const operation = routes.get(`${req.method} ${url.pathname}`);
    if (!operation) {
      sendError(res, new ApiError('not_found', `No API operation at ${req.method} ${url.pathname}.`));
      return;
    }
    let body: unknown;
    try {
      body = req.method === 'GET' ? {} : await readJsonBody(req);
    } catch (error) {
      if (error instanceof ApiError) return sendBodyError(res, error);
      throw error;
    }
    const result = await dispatch(options.api, operation, body, log);
    if (result.ok) sendJson(res, 200, result.value);
    else sendJson(res, STATUS_FOR[result.error.code], { error: result.error });
  }

  /** The authenticated routes that are not JSON operations; false when the path is none of them. */
  async function handleStreamingRoute(req: IncomingMessage, res: ServerResponse, url: URL, streams: StreamingApi): Promise<boolean> {
    const is = (route: { method: string; path: string }) => req.method === route.method && url.pathname === route.path;
    try {
      if (is(streamingRoutes.events)) {
        handleEvents(req, res, streams);
        return true;
      }
      if (is(streamingRoutes.upload)) {
        sendJson(res, 200, await handleUpload(req, res, url, streams));
        return true;
      }
      if (is(streamingRoutes.downloadTicket)) {
        const body = await readJsonBody(req).catch((error: unknown) => {
          if (error instanceof ApiError) res.shouldKeepAlive = false;
          throw error;
        });
        const input = streamingRoutes.downloadTicket.input.safeParse(body);
        if (!input.success) throw new ApiError('invalid_input', 'path: say which file to download.', 'path');
        streams.checkDownload(input.data.path);
        sendJson(res, 200, { url: downloadUrl(tickets.issue(input.data.path)) });
        return true;
      }
      if (is(streamingRoutes.folderZipTicket)) {
        const input = streamingRoutes.folderZipTicket.input.safeParse(await readJsonBody(req));
        if (!input.success) throw new ApiError('invalid_input', 'path: say which folder to download ("/" for everything).', 'path');
        streams.checkFolderZip(input.data.path);
        sendJson(res, 200, { url: downloadUrl(tickets.issue(input.data.path, 'zip')) });
        return true;
      }
    } catch (error) {
      if (error instanceof ApiError) {
        sendError(res, error);
        return true;
      }
      throw error;
    }
    return false;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${displayHost}:${port}/`;
  return {
    url,
    get urlWithToken() {
      return `${url}#token=${currentToken()}`;
    },
    port,
    get token() {
      return currentToken();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Event streams never end by themselves; without this, close() would wait for every open page.
        server.closeAllConnections();
      }),
  };
}

function setSecurityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError('invalid_input', 'The request body is larger than 1 MiB.');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return {};
  let text: string;
  try {
    // Strict decoding: a lenient one turns bad bytes into U+FFFD, and a name
    // with it would be stored as if the user had typed that character.
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError('invalid_input', 'The request body is not valid UTF-8 text; send JSON encoded as UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError('invalid_input', 'The request body is not valid JSON.');
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(value));
}

/**
 * A body refused while it was being read (too large, not JSON): the rest of
 * it may still be on the wire, so the connection is closed after the answer
 * rather than reused for a request that would start mid-body.
 */
function sendBodyError(res: ServerResponse, error: ApiError): void {
  res.shouldKeepAlive = false;
  sendError(res, error);
}

function sendError(res: ServerResponse, error: ApiError, status = STATUS_FOR[error.code]): void {
  sendJson(res, status, error.toBody());
}

/** The client aborted its request (closed the tab, lost the link): the body stream fails with ECONNRESET or "aborted". */
function clientWentAway(req: IncomingMessage, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return req.destroyed && (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || (error as Error | undefined)?.message === 'aborted');
}
