/** Turning a GBS server's unexpected answers back into the engine's errors, with the server's own explanation kept. */
import { ServerFullError } from '../types';
import type { ExchangeResponse } from './http-exchange';

/** An answer the client did not expect, with its status and the server's plain-text explanation. */
export class GbsResponseError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GbsResponseError';
  }
}

/** The server's explanation, when it sent one as text (ours always do; others may send nothing). */
export function serverExplanation(response: ExchangeResponse): string {
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('text/') || response.body.length === 0) return '';
  return Buffer.from(response.body.subarray(0, 2000)).toString('utf8').trim();
}

/** The error for a status none of the operation's expected outcomes covers. */
export function unexpectedResponse(serverName: string, what: string, response: ExchangeResponse): Error {
  const explanation = serverExplanation(response);
  const message = `GBS storage server ${serverName} answered ${what} with HTTP ${response.status}${explanation ? `: ${explanation}` : ''}`;
  if (response.status === 507) return new ServerFullError(explanation || message);
  if (response.status === 416) return new RangeError(message);
  return new GbsResponseError(response.status, message);
}
