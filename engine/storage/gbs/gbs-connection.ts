/**
 * The client's link to one GBS server: NURL parsed, key pinned, every request
 * authorized with the swissnum, bounded in time and size, and CBOR bodies
 * encoded and checked.
 */
import { authorizationHeaderFor } from './authorization';
import { unexpectedResponse } from './client-errors';
import { exchange, type ExchangeResponse, type ExchangeTarget } from './http-exchange';
import { parseNurl, type Nurl } from './nurl';
import { routePath, type Route } from './paths';
import { PinnedSpkiAgent } from './pinned-agent';
import { formatSecrets, type SecretKind } from './secrets';
import { CBOR_MEDIA_TYPE, decodeCbor, encodeCbor } from './wire-cbor';

export interface GbsConnectionOptions {
  /** Deadline for each request, from sending to the last byte of the answer (default 60 s, as Tahoe-LAFS). */
  timeoutMs?: number;
  /** Largest answer accepted (default 64 MiB). */
  maxResponseBytes?: number;
}

export interface CallOptions {
  method: string;
  route: Route;
  secrets?: Partial<Record<SecretKind, Uint8Array>>;
  /** A CBOR message body. */
  message?: unknown;
  /** A raw octet-stream body (share data). */
  bytes?: Uint8Array;
  headers?: Record<string, string>;
}

export class GbsConnection {
  readonly nurl: Nurl;
  private readonly agent: PinnedSpkiAgent;
  private readonly target: ExchangeTarget;
  private readonly timeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(nurlText: string, options: GbsConnectionOptions = {}) {
    this.nurl = parseNurl(nurlText);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.agent = new PinnedSpkiAgent(this.nurl.spkiHash, {}, this.timeoutMs);
    this.target = { host: this.nurl.host, port: this.nurl.port, agent: this.agent };
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
  }

  get label(): string {
    return `${this.nurl.host}:${this.nurl.port}`;
  }

  async call(options: CallOptions): Promise<ExchangeResponse> {
    const headers: Record<string, string | string[]> = {
      authorization: authorizationHeaderFor(this.nurl.swissnum),
      accept: CBOR_MEDIA_TYPE,
      ...options.headers,
    };
    const secretValues = formatSecrets(options.secrets ?? {});
    if (secretValues.length > 0) headers['x-tahoe-authorization'] = secretValues;
    let body: Uint8Array | undefined;
    if (options.message !== undefined) {
      body = encodeCbor(options.message);
      headers['content-type'] = CBOR_MEDIA_TYPE;
    } else if (options.bytes !== undefined) {
      body = options.bytes;
      headers['content-type'] = 'application/octet-stream';
    }
    return exchange(this.target, { method: options.method, path: routePath(options.route), headers, body, timeoutMs: this.timeoutMs, maxResponseBytes: this.maxResponseBytes });
  }

  /** Calls and decodes a CBOR answer, which must come with one of the expected statuses. */
  async callForCbor(options: CallOptions, what: string, expected: readonly number[] = [200]): Promise<{ status: number; value: unknown }> {
    const response = await this.call(options);
    if (!expected.includes(response.status)) throw this.unexpected(what, response);
    const type = String(response.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== CBOR_MEDIA_TYPE) throw new Error(`GBS storage server ${this.label} answered ${what} with ${type || 'no content type'}, not CBOR`);
    return { status: response.status, value: decodeCbor(response.body) };
  }

  unexpected(what: string, response: ExchangeResponse): Error {
    return unexpectedResponse(this.label, what, response);
  }

  close(): void {
    this.agent.destroy();
  }
}
