/**
 * Counts HTTP/1.1 requests in the client-to-server byte stream of one
 * connection, by method, for the slow-link benchmark's analysis (how many
 * round trips each tool pays). Reads request heads, then skips the body by
 * Content-Length or by its chunked framing. Anything it cannot follow is
 * counted once as "unparsed" and the rest of that connection is ignored.
 */
const HEAD_END = Buffer.from('\r\n\r\n');
const LINE_END = Buffer.from('\r\n');
const LONGEST_HEAD = 64 * 1024;

type State =
  | { kind: 'head' }
  | { kind: 'body'; left: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; left: number }
  | { kind: 'trailers' }
  | { kind: 'lost' };

export class HttpRequestCounter {
  private pending: Buffer = Buffer.alloc(0);
  private state: State = { kind: 'head' };

  constructor(private readonly onRequest: (method: string, target: string, bodyBytes: number | 'chunked') => void) {}

  feed(chunk: Buffer): void {
    if (this.state.kind === 'lost') return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.step()) {
      /* each step consumes what it can */
    }
  }

  /** Consumes one piece of the stream; false when more bytes are needed. */
  private step(): boolean {
    const state = this.state;
    switch (state.kind) {
      case 'lost':
        return false;
      case 'body':
      case 'chunk-data': {
        const used = Math.min(state.left, this.pending.length);
        this.pending = this.pending.subarray(used);
        state.left -= used;
        if (state.left > 0) return false;
        if (state.kind === 'chunk-data') return this.expectLine(() => ({ kind: 'chunk-size' }));
        this.state = { kind: 'head' };
        return true;
      }
      case 'chunk-size': {
        const end = this.pending.indexOf(LINE_END);
        if (end < 0) return this.needMore();
        const size = Number.parseInt(this.pending.subarray(0, end).toString('latin1').split(';')[0]!.trim(), 16);
        this.pending = this.pending.subarray(end + 2);
        if (!Number.isFinite(size)) return this.lose();
        this.state = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', left: size };
        return true;
      }
      case 'trailers': {
        const end = this.pending.indexOf(LINE_END);
        if (end < 0) return this.needMore();
        this.pending = this.pending.subarray(end + 2);
        if (end === 0) this.state = { kind: 'head' };
        return true;
      }
      case 'head':
        return this.readHead();
    }
  }

  private readHead(): boolean {
    const end = this.pending.indexOf(HEAD_END);
    if (end < 0) return this.needMore();
    const lines = this.pending.subarray(0, end).toString('latin1').split('\r\n');
    this.pending = this.pending.subarray(end + 4);
    const requestLine = /^([A-Z]+) (\S+) HTTP\/1\.[01]$/.exec(lines[0] ?? '');
    if (!requestLine) return this.lose();
    const header = (name: string) => lines.find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim();
    if (/chunked/i.test(header('transfer-encoding') ?? '')) {
      this.onRequest(requestLine[1]!, requestLine[2]!, 'chunked');
      this.state = { kind: 'chunk-size' };
    } else {
      const length = Number(header('content-length') ?? 0);
      this.onRequest(requestLine[1]!, requestLine[2]!, length);
      this.state = length > 0 ? { kind: 'body', left: length } : { kind: 'head' };
    }
    return true;
  }

  private expectLine(next: () => State): boolean {
    if (this.pending.length < 2) return false;
    this.pending = this.pending.subarray(2);
    this.state = next();
    return true;
  }

  private needMore(): boolean {
    if (this.pending.length > LONGEST_HEAD) this.lose();
    return false;
  }

  private lose(): boolean {
    this.onRequest('unparsed', '', 0);
    this.state = { kind: 'lost' };
    this.pending = Buffer.alloc(0);
    return false;
  }
}
