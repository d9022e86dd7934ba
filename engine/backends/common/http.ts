/**
 * A thin layer over fetch for the HTTP backends (Swift, WebDAV): streaming
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

/** Aborts a controller when touch() has not been called for the given time. */
class IdleTimer {
  private timer: NodeJS.Timeout | undefined;
  constructor(
    private readonly controller: AbortController,
    private readonly idleMs: number,
  ) {
    this.touch();
  }
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.controller.abort(new Error(`no data moved for ${this.idleMs} ms`)), this.idleMs);
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}

function networkDetail(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return signal.reason instanceof Error ? signal.reason.message : 'request timed out';
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

async function* slicesOf(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  const slice = 1 << 20;
  for (let offset = 0; offset < bytes.byteLength; offset += slice) yield bytes.subarray(offset, offset + slice);
}

/** A pull-based stream over the body; remembers the body's own failure so it is not mistaken for a network one. */
function streamOf(body: AsyncIterable<Uint8Array>, timer: IdleTimer, failure: { error?: unknown }): ReadableStream<Uint8Array> {
  const iterator = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await iterator.next();
      } catch (error) {
        failure.error = error;
        throw error;
      }
      timer.touch();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/** Sends one request; the idle timeout covers sending, waiting and reading the body. */
export async function httpSend(request: HttpRequest, idleTimeoutMs: number): Promise<HttpResponse> {
  const controller = new AbortController();
  const timer = new IdleTimer(controller, idleTimeoutMs);
  const bodyFailure: { error?: unknown } = {};
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity', ...request.headers };
  // fetch copies a Uint8Array body whole; a stream over slices of it does not.
  if (request.body instanceof Uint8Array) headers['Content-Length'] = String(request.body.byteLength);
  const body =
    request.body === undefined ? undefined : streamOf(request.body instanceof Uint8Array ? slicesOf(request.body) : request.body, timer, bodyFailure);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body,
      signal: controller.signal,
      redirect: 'manual',
      ...(body ? { duplex: 'half' } : {}),
    } as RequestInit);
  } catch (error) {
    timer.stop();
    // A failing body stream is the caller's error, not the network's.
    if (bodyFailure.error !== undefined) throw bodyFailure.error;
    throw new HttpNetworkError(request.url, networkDetail(error, controller.signal));
  }
  timer.touch();

  const read = async (): Promise<Uint8Array> => {
    try {
      if (!response.body) return new Uint8Array(0);
      const declared = Number(response.headers.get('content-length'));
      const parts: Uint8Array[] = [];
      let whole = Number.isSafeInteger(declared) && declared >= 0 && response.headers.has('content-length') ? new Uint8Array(declared) : undefined;
      let filled = 0;
      const reader = response.body.getReader();
      for (;;) {
        const { done, value: chunk } = await reader.read();
        if (done) break;
        timer.touch();
        if (whole && filled + chunk.byteLength <= whole.byteLength) whole.set(chunk, filled);
        else {
          if (whole) parts.push(whole.subarray(0, filled));
          whole = undefined;
          parts.push(chunk);
        }
        filled += chunk.byteLength;
      }
      if (whole) {
        if (filled !== whole.byteLength) throw new HttpNetworkError(request.url, `response ended after ${filled} of ${whole.byteLength} bytes`);
        return whole;
      }
      return Buffer.concat(parts);
    } catch (error) {
      if (error instanceof HttpNetworkError) throw error;
      throw new HttpNetworkError(request.url, networkDetail(error, controller.signal));
    } finally {
      timer.stop();
    }
  };
  return {
    status: response.status,
    headers: response.headers,
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
