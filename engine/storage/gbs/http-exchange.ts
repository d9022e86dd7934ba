/**
 * One HTTPS request/response with the GBS client's guarantees: a deadline on
 * the whole exchange, a cap on the response size, and the body collected.
 */
import { request as httpsRequest, type Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface ExchangeTarget {
  host: string;
  port: number;
  agent: Agent;
}

export interface ExchangeRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body?: Uint8Array;
  timeoutMs: number;
  maxResponseBytes: number;
}

export interface ExchangeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

export class GbsTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GbsTimeoutError';
  }
}

export function exchange(target: ExchangeTarget, spec: ExchangeRequest): Promise<ExchangeResponse> {
  return new Promise((resolve, reject) => {
    const headers = { ...spec.headers, 'content-length': String(spec.body?.length ?? 0) };
    const request = httpsRequest({ host: target.host, port: target.port, method: spec.method, path: spec.path, headers, agent: target.agent });
    const timer = setTimeout(() => {
      const error = new GbsTimeoutError(`${spec.method} ${spec.path} got no complete answer within ${spec.timeoutMs} ms`);
      // Settle now: a request still waiting for its connection emits nothing when destroyed.
      finish(error);
      request.destroy(error);
    }, spec.timeoutMs);
    const finish = (error: Error | undefined, response?: ExchangeResponse): void => {
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(response!);
    };
    request.once('error', (error) => finish(error));
    request.once('response', (response) => {
      const parts: Buffer[] = [];
      let received = 0;
      response.on('data', (part: Buffer) => {
        received += part.length;
        if (received > spec.maxResponseBytes) {
          request.destroy(new Error(`${spec.method} ${spec.path}: the answer is larger than ${spec.maxResponseBytes} bytes`));
          return;
        }
        parts.push(part);
      });
      response.once('end', () => finish(undefined, { status: response.statusCode ?? 0, headers: response.headers, body: new Uint8Array(Buffer.concat(parts)) }));
      response.once('error', (error) => finish(error));
    });
    request.end(spec.body === undefined ? undefined : Buffer.from(spec.body.buffer, spec.body.byteOffset, spec.body.length));
  });
}
