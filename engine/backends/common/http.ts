import http from 'node:http';
import https from 'node:https';
import { readStreamExactly } from './body';

/**
 * A thin HTTP layer for the HTTP backends (Swift, WebDAV): streaming
 * request bodies pulled on demand (so memory stays bounded), an idle timeout
 * that aborts a request when no bytes move, and network failures turned into
 * one error type the retry logic can recognise.
 */

/** The server could not be reached, dropped the connection, or went silent. */
export class HttpNetworkError extends Error {
  constructor(
    readonly url: string,
    detail: string,
  ) {
    super(`cannot reach ${new URL(url).origin}: ${detail}`);
    this.name = 'HttpNetworkError';
  }
}

export type HttpBody = Uint8Array | AsyncIterable<Uint8Array>;

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: HttpBody;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  /** The body into one buffer, allocated once when Content-Length is known. */
  bytes(): Promise<Uint8Array>;
  text(): Promise<string>;
  /** Reads and drops the body so the connection can be reused. */
  discard(): Promise<void>;
}

function networkDetail(error: unknown): string {
  const shaped = error as { code?: string; message?: string };
  return shaped?.code ?? shaped?.message ?? String(error);
}

/**
 * Sends one request over node:http(s). Not fetch: Node 20's fetch reads a
 * streamed request body as fast as it can without backpressure (measured:
 * 100 MiB held for a 100 MiB upload, against 7.5 MiB here). The idle timeout
 * covers connecting, sending, waiting and reading.
 */
export async function httpSend(request: HttpRequest, idleTimeoutMs: number): Promise<HttpResponse> {
  const url = new URL(request.url);
  const transport = url.protocol === 'https:' ? https : http;
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity', ...request.headers };
  if (request.body instanceof Uint8Array) headers['Content-Length'] = String(request.body.byteLength);
  else if (request.body === undefined && ['PUT', 'POST', 'PROPFIND', 'MKCOL'].includes(request.method)) headers['Content-Length'] ??= '0';

  let bodyFailure: unknown;
  const response = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const outgoing = transport.request(url, { method: request.method, headers });
    outgoing.setTimeout(idleTimeoutMs, () => outgoing.destroy(new Error(`no data moved for ${idleTimeoutMs} ms`)));
    outgoing.on('error', (error) => reject(bodyFailure ?? new HttpNetworkError(request.url, networkDetail(error))));
    outgoing.on('response', resolve);
    const body = request.body;
    if (body === undefined) {
      outgoing.end();
    } else if (body instanceof Uint8Array) {
      outgoing.end(body);
    } else {
      void (async () => {
        try {
          for await (const chunk of body) {
            if (outgoing.destroyed) return;
            if (!outgoing.write(chunk)) await new Promise((drained) => {
              outgoing.once('drain', drained);
              outgoing.once('close', drained);
            });
          }
          outgoing.end();
        } catch (error) {
          // The caller's body failed: abort the request so the server discards it.
          bodyFailure = error;
          outgoing.destroy(error as Error);
        }
      })();
    }
  });

  const read = async (): Promise<Uint8Array> => {
    const declared = Number(response.headers['content-length']);
    const known = response.headers['content-length'] !== undefined && Number.isSafeInteger(declared) && declared >= 0;
    const bodiless = request.method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304;
    try {
      if (bodiless) {
        response.resume();
        return new Uint8Array(0);
      }
      if (known) return await readStreamExactly(response, declared);
      const parts: Uint8Array[] = [];
      for await (const chunk of response) parts.push(chunk as Uint8Array);
      return Buffer.concat(parts);
    } catch (error) {
      throw new HttpNetworkError(request.url, networkDetail(error));
    }
  };
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return {
    status: response.statusCode ?? 0,
    headers: responseHeaders,
    bytes: read,
    text: async () => new TextDecoder().decode(await read()),
    discard: async () => {
      await read().catch(() => undefined);
    },
  };
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** Percent-encodes each '/'-separated segment of a path. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
