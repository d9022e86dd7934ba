import { BackendBusyError, BackendConfigError, BlobNotFoundError } from '../types';
import type { BlobBody, BlobInfo, BlobRange, BlobStore, Capacity, ConnectionCheck, ConnectionTestResult } from '../types';
import { assertBlobKey, isBlobKey } from '../common/keys';
import { bodyChunks, bodySize, collectBody, fixedSizePieces } from '../common/body';
import { HttpNetworkError, encodePath, httpSend, type HttpResponse } from '../common/http';
import { httpRangeHeader, rangedGetMiss } from '../common/range';
import { describeError, redactSecrets } from '../common/redact';
import { runProbe } from '../common/probe';
import { authenticate, secretOf, type SwiftAuthSettings, type SwiftSession } from './auth';
import { usageByListing } from '../common/usage';

export interface SwiftStoreSettings {
  auth: SwiftAuthSettings;
  /** The container holding RAIC's objects; it must exist. */
  container: string;
  /** Folder-like prefix inside the container, e.g. "raic/". */
  prefix?: string;
  /**
   * Bodies larger than this go up as a Static Large Object: segments of this
   * size in "<container>_segments", then a manifest. Each segment is held in
   * memory once, so it can be retried. 8 MiB by default.
   */
  segmentSizeBytes?: number;
  /** How long a request may go without bytes moving before it is abandoned. */
  requestTimeoutMs?: number;
  /** Container listing page size (Swift allows up to 10,000). */
  listPageSize?: number;
}

const MiB = 1 << 20;

interface ListingEntry {
  name: string;
  bytes: number;
  last_modified?: string;
}

interface SegmentRecord {
  path: string;
  etag: string | null;
  size_bytes: number;
}

export class SwiftBlobStore implements BlobStore {
  readonly kind = 'swift';
  private readonly prefix: string;
  private readonly segmentSize: number;
  private readonly idleTimeoutMs: number;
  private readonly segmentContainer: string;
  private session: Promise<SwiftSession> | undefined;
  private segmentContainerReady = false;

  constructor(private readonly settings: SwiftStoreSettings) {
    this.prefix = settings.prefix ?? '';
    if (this.prefix && !this.prefix.endsWith('/')) this.prefix += '/';
    this.segmentSize = Math.max(MiB, settings.segmentSizeBytes ?? 8 * MiB);
    this.idleTimeoutMs = settings.requestTimeoutMs ?? 60_000;
    this.segmentContainer = `${settings.container}_segments`;
  }

  private objectName(key: string): string {
    assertBlobKey(key);
    return this.prefix + key;
  }

  private objectPath(name: string, container = this.settings.container): string {
    return `/${encodeURIComponent(container)}/${encodePath(name)}`;
  }

  private async currentSession(): Promise<SwiftSession> {
    this.session ??= authenticate(this.settings.auth, this.idleTimeoutMs).catch((error: unknown) => {
      this.session = undefined;
      throw error;
    });
    const session = await this.session;
    // Renew a minute before Keystone says the token expires.
    if (session.expiresAt && session.expiresAt.getTime() - Date.now() < 60_000) {
      this.session = undefined;
      return this.currentSession();
    }
    return session;
  }

  /**
   * One Swift request with the token, re-authenticating once on 401 (tokens
   * expire). Network failures and busy answers (5xx, 429, 498) are thrown as
   * such; the retrying wrapper the registry opens this store behind retries them.
   */
  private async request(method: string, path: string, options: { query?: Record<string, string>; headers?: Record<string, string>; body?: Uint8Array } = {}): Promise<HttpResponse> {
    const query = options.query ? `?${new URLSearchParams(options.query).toString()}` : '';
    for (let reauthenticated = false; ; reauthenticated = true) {
      const session = await this.currentSession();
      const response = await httpSend(
        { method, url: `${session.storageUrl}${path}${query}`, headers: { ...options.headers, 'X-Auth-Token': session.token }, body: options.body },
        this.idleTimeoutMs,
      );
      if (response.status === 401 && !reauthenticated) {
        await response.discard();
        this.session = undefined;
        continue;
      }
      if (response.status === 401) {
        await response.discard();
        throw new BackendConfigError('Swift refused a freshly issued token (HTTP 401); check the account settings', 'credentials');
      }
      if (response.status >= 500 || response.status === 429 || response.status === 498) {
        await response.discard();
        throw new BackendBusyError(`Swift answered HTTP ${response.status}`, response.status);
      }
      return response;
    }
  }

  /** An error for an unexpected status, in terms of what the user can fix. */
  private async failure(response: HttpResponse, what: string): Promise<Error> {
    const detail = (await response.text().catch(() => '')).slice(0, 200).trim();
    const where = `container "${this.settings.container}"`;
    switch (response.status) {
      case 403:
        return new BackendConfigError(`no permission to ${what} in ${where}`, 'permission');
      case 404:
        return new BackendConfigError(`${where} does not exist`, 'not-found');
      case 413:
      case 507:
        return new BackendConfigError(`the quota of ${where} is exhausted (${detail || `HTTP ${response.status}`})`, 'quota');
      default:
        return new Error(`Swift could not ${what} (HTTP ${response.status}${detail ? `: ${detail}` : ''})`);
    }
  }

  /** Network failures become 'unreachable'; every message is scrubbed of the secret. */
  private explain(error: unknown): Error {
    const secret = secretOf(this.settings.auth);
    if (error instanceof BlobNotFoundError || error instanceof BackendBusyError) return error;
    if (error instanceof BackendConfigError) return new BackendConfigError(redactSecrets(error.message, [secret]), error.reason);
    if (error instanceof HttpNetworkError) return new BackendConfigError(redactSecrets(error.message, [secret]), 'unreachable');
    if (error instanceof Error && (error.name === 'InvalidBlobKeyError' || error.name === 'BodySizeMismatchError')) return error;
    return new Error(redactSecrets(describeError(error), [secret]));
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.explain(error);
    }
  }

  async get(key: string, range?: BlobRange): Promise<Uint8Array> {
    const name = this.objectName(key);
    return this.guard(async () => {
      if (range?.length === 0) {
        if (!(await this.stat(key))) throw new BlobNotFoundError(key);
        return new Uint8Array(0);
      }
      const rangeHeader = httpRangeHeader(range);
      const response = await this.request('GET', this.objectPath(name), { headers: rangeHeader ? { Range: rangeHeader } : {} });
      if (response.status === 200 || response.status === 206) return response.bytes();
      const miss = await rangedGetMiss(response, key, () => this.stat(key));
      if (miss) return miss;
      throw await this.failure(response, `read "${key}"`);
    });
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const name = this.objectName(key);
    return this.guard(async () => {
      const response = await this.request('HEAD', this.objectPath(name));
      await response.discard();
      if (response.status === 404) return undefined;
      if (response.status !== 200) throw await this.failure(response, `look up "${key}"`);
      const modified = response.headers.get('last-modified');
      return { key, size: Number(response.headers.get('content-length') ?? 0), modified: modified ? new Date(modified) : undefined };
    });
  }

  /**
   * Up to one segment: a single PUT, which Swift makes visible only once the
   * whole body arrived. Larger: segments, then the manifest, which is what makes
   * the object appear; a failure removes the segments written so far.
   */
  async put(key: string, body: BlobBody): Promise<void> {
    const name = this.objectName(key);
    await this.guard(async () => {
      if (bodySize(body) <= this.segmentSize) {
        await this.putWhole(name, await collectBody(body), `store "${key}"`);
        return;
      }
      await this.putLarge(name, body, key);
    });
  }

  private async putWhole(name: string, bytes: Uint8Array, what: string, container?: string): Promise<string | null> {
    const response = await this.request('PUT', this.objectPath(name, container), { body: bytes, headers: { 'Content-Type': 'application/octet-stream' } });
    await response.discard();
    if (response.status !== 201) throw await this.failure(response, what);
    return response.headers.get('etag');
  }

  private async ensureSegmentContainer(): Promise<void> {
    if (this.segmentContainerReady) return;
    const response = await this.request('PUT', `/${encodeURIComponent(this.segmentContainer)}`);
    await response.discard();
    if (response.status !== 201 && response.status !== 202) throw await this.failure(response, `create the segment container "${this.segmentContainer}"`);
    this.segmentContainerReady = true;
  }

  private async putLarge(name: string, body: BlobBody, key: string): Promise<void> {
    await this.ensureSegmentContainer();
    // '~' never occurs in a key, so "<name>~" prefixes exactly this object's segments.
    const uploadPrefix = `${name}~${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}/`;
    const segments: SegmentRecord[] = [];
    const uploads: Array<Promise<void>> = [];
    try {
      let index = 0;
      let previous: Promise<void> | undefined;
      for await (const piece of fixedSizePieces(bodyChunks(body), this.segmentSize)) {
        const segmentName = `${uploadPrefix}${String(index).padStart(8, '0')}`;
        const record: SegmentRecord = { path: `/${this.segmentContainer}/${segmentName}`, etag: null, size_bytes: piece.byteLength };
        segments.push(record);
        index++;
        // One segment uploads while the next is read: two segments in memory at most.
        const upload = this.putWhole(segmentName, piece, `store a segment of "${key}"`, this.segmentContainer).then((etag) => {
          record.etag = etag;
        });
        upload.catch(() => undefined);
        uploads.push(upload);
        if (previous) await previous;
        previous = upload;
      }
      await previous;
      const manifest = new TextEncoder().encode(JSON.stringify(segments));
      const response = await this.request('PUT', this.objectPath(name), { query: { 'multipart-manifest': 'put' }, body: manifest, headers: { 'Content-Type': 'application/octet-stream' } });
      await response.discard();
      if (response.status !== 201) throw await this.failure(response, `store the manifest of "${key}"`);
    } catch (error) {
      await Promise.allSettled(uploads);
      await this.deleteSegments(name, undefined).catch(() => undefined);
      throw error;
    }
    // Segments of the object this one replaced.
    await this.deleteSegments(name, uploadPrefix).catch(() => undefined);
  }

  /** Deletes the segments of an object, except those of the upload that is now current. */
  private async deleteSegments(name: string, keepPrefix: string | undefined): Promise<void> {
    for await (const entry of this.listContainer(this.segmentContainer, `${name}~`)) {
      if (keepPrefix && entry.name.startsWith(keepPrefix)) continue;
      const response = await this.request('DELETE', this.objectPath(entry.name, this.segmentContainer));
      await response.discard();
    }
  }

  async delete(key: string): Promise<void> {
    const name = this.objectName(key);
    await this.guard(async () => {
      // Deletes a large object's manifest only; the sweep below removes its segments
      // (and any left by a replaced upload), found by name without reading the manifest.
      const response = await this.request('DELETE', this.objectPath(name));
      await response.discard();
      if (response.status !== 200 && response.status !== 204 && response.status !== 404) throw await this.failure(response, `delete "${key}"`);
      await this.deleteSegments(name, undefined);
    });
  }

  /** Pages through a container listing with marker, limit and prefix. */
  private async *listContainer(container: string, prefix: string): AsyncGenerator<ListingEntry> {
    const limit = this.settings.listPageSize ?? 1000;
    let marker = '';
    for (;;) {
      const response = await this.request('GET', `/${encodeURIComponent(container)}`, {
        query: { format: 'json', prefix, limit: String(limit), ...(marker ? { marker } : {}) },
        headers: { Accept: 'application/json' },
      });
      if (response.status === 404 && container === this.segmentContainer) {
        await response.discard();
        return;
      }
      if (response.status === 204) {
        await response.discard();
        return;
      }
      if (response.status !== 200) throw await this.failure(response, 'list objects');
      const page = JSON.parse(await response.text()) as ListingEntry[];
      yield* page;
      if (page.length < limit) return;
      marker = page[page.length - 1].name;
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    try {
      for await (const entry of this.listContainer(this.settings.container, this.prefix + prefix)) {
        const key = entry.name.slice(this.prefix.length);
        if (!entry.name.startsWith(this.prefix) || !isBlobKey(key)) continue;
        // Swift's listing times are UTC without a zone designator.
        const modified = entry.last_modified ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(entry.last_modified) ? entry.last_modified : `${entry.last_modified}Z`) : undefined;
        yield { key, size: entry.bytes, modified };
      }
    } catch (error) {
      throw this.explain(error);
    }
  }

  /**
   * RAIC's usage from listing; the quota from the account or container quota
   * metadata (account_quotas / container_quotas middleware) when one is set.
   */
  async capacity(): Promise<Capacity> {
    const { usedBytes, objectCount } = await usageByListing(this.list(''));
    return this.guard(async () => {
      const limits: Array<{ quota: number; used: number }> = [];
      const account = await this.request('HEAD', '');
      await account.discard();
      const container = await this.request('HEAD', `/${encodeURIComponent(this.settings.container)}`);
      await container.discard();
      const accountQuota = Number(account.headers.get('x-account-meta-quota-bytes') ?? NaN);
      if (Number.isFinite(accountQuota)) limits.push({ quota: accountQuota, used: Number(account.headers.get('x-account-bytes-used') ?? 0) });
      const containerQuota = Number(container.headers.get('x-container-meta-quota-bytes') ?? NaN);
      if (Number.isFinite(containerQuota)) limits.push({ quota: containerQuota, used: Number(container.headers.get('x-container-bytes-used') ?? 0) });
      if (limits.length === 0) return { usedBytes, objectCount };
      const tightest = limits.reduce((a, b) => (a.quota - a.used <= b.quota - b.used ? a : b));
      return { usedBytes, objectCount, quotaBytes: tightest.quota, freeBytes: Math.max(0, tightest.quota - tightest.used) };
    });
  }

  async checkAccess(): Promise<ConnectionCheck> {
    return this.guard(async () => {
      const session = await this.currentSession();
      const response = await this.request('HEAD', `/${encodeURIComponent(this.settings.container)}`);
      await response.discard();
      if (response.status !== 204 && response.status !== 200) throw await this.failure(response, 'open the container');
      const objects = response.headers.get('x-container-object-count') ?? '?';
      return { name: 'credentials', ok: true, detail: `signed in; storage at ${new URL(session.storageUrl).origin}, container "${this.settings.container}" holds ${objects} objects` };
    });
  }

  async testConnection(): Promise<ConnectionTestResult> {
    return runProbe(this, () => this.checkAccess(), (error) => this.explain(error).message);
  }

  async close(): Promise<void> {
    this.session = undefined;
  }
}
