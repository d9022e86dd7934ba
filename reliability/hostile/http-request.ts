/**
 * A raw HTTP request on a fresh connection (no keep-alive agent): the tests
 * control every header, including Host and Origin, which fetch() would fix
 * up or refuse, and one bad request cannot poison the next one's socket.
 */
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export function rawRequest(
  port: number,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    agent?: http.Agent;
    /** Resolve at the status line and drop the connection (for streams that never end, like the event stream). */
    headersOnly?: boolean;
  },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const body = options.body ?? '';
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        agent: options.agent ?? false,
        headers: { ...(body.length > 0 ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...options.headers },
      },
      (response) => {
        if (options.headersOnly) {
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: '' });
          response.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}
