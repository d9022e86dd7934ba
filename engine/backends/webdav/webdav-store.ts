import { BackendBusyError, BackendConfigError, BlobNotFoundError } from '../types';
import type { BlobBody, BlobInfo, BlobRange, BlobStore, Capacity, ConnectionCheck, ConnectionTestResult, Quota } from '../types';
import { assertBlobKey, folderOfPrefix, isBlobKey, temporaryNameFor } from '../common/keys';
import { bodyChunks, bodySize } from '../common/body';
import { HttpNetworkError, basicAuthorization, encodePath, httpSend, type HttpBody, type HttpResponse } from '../common/http';
import { clipRange, httpRangeHeader, rangedGetMiss } from '../common/range';
import { describeError, redactSecrets } from '../common/redact';
import { runProbe } from '../common/probe';
import { PROPFIND_ENTRY_BODY, PROPFIND_QUOTA_BODY, parseMultistatus, type DavEntry } from './multistatus';
import { usageByListing } from '../common/usage';

export interface WebDavStoreSettings {
  /** The collection (folder) that holds RAIC's objects; it must exist (createRootFolder() makes it when asked). e.g. https://cloud.example/remote.php/dav/files/ann/raic/ */
  url: string;
  username: string;
  password: string;
  /** How long a request may go without bytes moving before it is abandoned. */
  requestTimeoutMs?: number;
}

export class WebDavBlobStore implements BlobStore {
  readonly kind = 'webdav';
  private readonly baseUrl: string;
  private readonly basePath: string;
  private readonly idleTimeoutMs: number;
  /** Collections known to exist, so a put does not re-create its folders every time. */
  private readonly knownCollections = new Set<string>(['']);
  private readonly collectionsBeingCreated = new Map<string, Promise<void>>();

  constructor(private readonly settings: WebDavStoreSettings) {
    this.baseUrl = settings.url.endsWith('/') ? settings.url : `${settings.url}/`;
    this.basePath = new URL(this.baseUrl).pathname.split('/').map(decodeURIComponent).join('/');
    this.idleTimeoutMs = settings.requestTimeoutMs ?? 60_000;
  }

  private urlOf(path: string): string {
    return this.baseUrl + encodePath(path);
  }

  /**
   * One request with basic auth. Network failures and busy answers (5xx but
   * 507, 429) are thrown as such; the retrying wrapper the registry opens this
   * store behind retries whole operations whose body can be sent again.
   */
  private async request(method: string, path: string, options: { headers?: Record<string, string>; body?: HttpBody; collection?: boolean } = {}): Promise<HttpResponse> {
    const url = this.urlOf(path) + (options.collection && path ? '/' : '');
    return this.sendAbsolute(method, url, options.headers, options.body);
  }

  private async failure(response: HttpResponse, what: string): Promise<Error> {
    await response.discard();
    switch (response.status) {
      case 403:
        return new BackendConfigError(`no permission to ${what} under ${this.baseUrl}`, 'permission');
      case 404:
      case 409:
        return new BackendConfigError(`the folder ${this.baseUrl} does not exist`, 'not-found');
      case 507:
        return new BackendConfigError(`the WebDAV account is out of space (${what})`, 'quota');
      default:
        return new Error(`the WebDAV server could not ${what} (HTTP ${response.status})`);
    }
  }

  private explain(error: unknown): Error {
    const secret = this.settings.password;
    if (error instanceof BlobNotFoundError || error instanceof BackendBusyError) return error;
    if (error instanceof BackendConfigError) return new BackendConfigError(redactSecrets(error.message, [secret]), error.reason);
    if (error instanceof HttpNetworkError) return new BackendConfigError(redactSecrets(error.message, [secret]), 'unreachable');
    if (error instanceof Error && error.name === 'InvalidBlobKeyError') return error;
    if (error instanceof Error && error.name === 'BodySizeMismatchError') return error;
    return new Error(redactSecrets(describeError(error), [secret]), { cause: error });
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      throw this.explain(error);
    }
  }

  private async propfind(path: string, depth: '0' | '1', body: string, collection: boolean): Promise<DavEntry[] | undefined> {
    const response = await this.request('PROPFIND', path, {
      headers: { Depth: depth, 'Content-Type': 'application/xml; charset=utf-8' },
      body: new TextEncoder().encode(body),
      collection,
    });
    if (response.status === 404) {
      await response.discard();
      return undefined;
    }
    if (response.status !== 207) throw await this.failure(response, `look at ${path || 'the folder'}`);
    return parseMultistatus(await response.text(), this.urlOf(path));
  }

  /** The key of a resource path from a listing, or undefined when it lies outside the base folder. */
  private keyOfPath(path: string): string | undefined {
    if (!path.startsWith(this.basePath)) return undefined;
    return path.slice(this.basePath.length).replace(/\/+$/, '');
  }

  async get(key: string, range?: BlobRange): Promise<Uint8Array> {
    assertBlobKey(key);
    return this.guard(async () => {
      if (range?.length === 0) {
        if (!(await this.stat(key))) throw new BlobNotFoundError(key);
        return new Uint8Array(0);
      }
      const rangeHeader = httpRangeHeader(range);
      const response = await this.request('GET', key, { headers: rangeHeader ? { Range: rangeHeader } : {} });
      if (response.status === 206) return response.bytes();
      if (response.status === 200) {
        const whole = await response.bytes();
        if (!rangeHeader) return whole;
        // A server that ignores Range sends everything; cut out what was asked for.
        const { start, end } = clipRange(whole.byteLength, range);
        return whole.subarray(start, end);
      }
      const miss = await rangedGetMiss(response, key, () => this.stat(key));
      if (miss) return miss;
      throw await this.failure(response, `read "${key}"`);
    });
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    assertBlobKey(key);
    return this.guard(async () => {
      const entries = await this.propfind(key, '0', PROPFIND_ENTRY_BODY, false);
      const entry = entries?.[0];
      if (!entry || entry.isCollection) return undefined;
      return { key, size: entry.size ?? 0, modified: entry.modified };
    });
  }

  /** MKCOL each missing folder from the top, once per folder even when puts run concurrently. */
  private async ensureCollection(folder: string): Promise<void> {
    if (this.knownCollections.has(folder)) return;
    const parts = folder.split('/');
    for (let depth = 1; depth <= parts.length; depth++) {
      const path = parts.slice(0, depth).join('/');
      if (this.knownCollections.has(path)) continue;
      let creating = this.collectionsBeingCreated.get(path);
      if (!creating) {
        creating = this.createCollection(path).finally(() => this.collectionsBeingCreated.delete(path));
        this.collectionsBeingCreated.set(path, creating);
      }
      await creating;
    }
  }

  private async createCollection(path: string): Promise<void> {
    const response = await this.request('MKCOL', path, { collection: true });
    await response.discard();
    // 405: already there. Anything else (e.g. 423 while another client creates it) is
    // fine as long as the folder exists afterwards.
    if (response.status !== 201 && response.status !== 405 && response.status !== 200) {
      const existing = (await this.propfind(path, '0', PROPFIND_ENTRY_BODY, true))?.[0];
      if (!existing?.isCollection) throw await this.failure(response, `create the folder ${path}`);
    }
    this.knownCollections.add(path);
  }

  /**
   * Creates the account's own folder (the base URL) when it is missing. WebDAV's
   * MKCOL makes one level only (409 when the parent is missing), so this walks up
   * with PROPFIND to the deepest folder that exists, then creates each level below
   * it in turn. Returns whether anything was created.
   */
  async createRootFolder(): Promise<boolean> {
    return this.guard(async () => {
      const base = new URL(this.baseUrl);
      const segments = base.pathname.split('/').filter((part) => part !== '');
      let existing = segments.length;
      while (existing > 0 && !(await this.collectionExistsAt(this.absolutePath(segments.slice(0, existing))))) existing--;
      if (existing === segments.length) return false;
      for (let depth = existing + 1; depth <= segments.length; depth++) {
        const url = new URL(this.absolutePath(segments.slice(0, depth)), base).toString();
        const response = await this.sendAbsolute('MKCOL', url);
        await response.discard();
        // 405: someone made it meanwhile; anything else counts only if the folder is there now.
        if (response.status !== 201 && response.status !== 405 && !(await this.collectionExistsAt(this.absolutePath(segments.slice(0, depth))))) {
          throw await this.failure(response, `create the folder ${url}`);
        }
      }
      this.knownCollections.add('');
      return true;
    });
  }

  private absolutePath(segments: readonly string[]): string {
    return `/${segments.join('/')}/`;
  }

  /** One request to an absolute URL on the same server, with the same sign-in and error handling as request(). */
  private async sendAbsolute(method: string, url: string, headers: Record<string, string> = {}, body?: HttpBody): Promise<HttpResponse> {
    const response = await httpSend(
      { method, url, headers: { ...headers, Authorization: basicAuthorization(this.settings.username, this.settings.password) }, body },
      this.idleTimeoutMs,
    );
    if (response.status === 401) {
      await response.discard();
      throw new BackendConfigError(`${new URL(this.baseUrl).origin} refused user "${this.settings.username}" with this password (HTTP 401)`, 'credentials');
    }
    if ((response.status >= 500 && response.status !== 507) || response.status === 429) {
      await response.discard();
      throw new BackendBusyError(`the WebDAV server answered HTTP ${response.status}`, response.status);
    }
    return response;
  }

  /** Whether a folder exists at an absolute path of this server (a 403 or 404 answer, e.g. above the DAV root, counts as no). */
  private async collectionExistsAt(absolutePath: string): Promise<boolean> {
    const url = new URL(absolutePath, this.baseUrl).toString();
    const response = await this.sendAbsolute('PROPFIND', url, { Depth: '0', 'Content-Type': 'application/xml; charset=utf-8' }, new TextEncoder().encode(PROPFIND_ENTRY_BODY));
    if (response.status !== 207) {
      await response.discard();
      return false;
    }
    return parseMultistatus(await response.text(), url)[0]?.isCollection ?? false;
  }

  /** PUT to a temporary name in the same folder, then MOVE over the key: readers never see a partial blob. */
  async put(key: string, body: BlobBody): Promise<void> {
    assertBlobKey(key);
    await this.guard(async () => {
      const folder = folderOfPrefix(key);
      await this.ensureCollection(folder);
      const temporary = temporaryNameFor(key);
      let moved = false;
      try {
        const size = bodySize(body);
        const upload = await this.request('PUT', temporary, {
          headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(size) },
          body: body instanceof Uint8Array ? body : bodyChunks(body),
        });
        if (upload.status === 409) this.knownCollections.delete(folder);
        if (upload.status !== 201 && upload.status !== 204 && upload.status !== 200) throw await this.failure(upload, `store "${key}"`);
        await upload.discard();
        const move = await this.request('MOVE', temporary, { headers: { Destination: this.urlOf(key), Overwrite: 'T' } });
        if (move.status !== 201 && move.status !== 204) throw await this.failure(move, `move "${key}" into place`);
        await move.discard();
        moved = true;
      } finally {
        if (!moved) await this.request('DELETE', temporary).then((response) => response.discard(), () => undefined);
      }
    });
  }

  async delete(key: string): Promise<void> {
    assertBlobKey(key);
    await this.guard(async () => {
      const response = await this.request('DELETE', key);
      await response.discard();
      if (response.status !== 204 && response.status !== 200 && response.status !== 404) throw await this.failure(response, `delete "${key}"`);
    });
  }

  /** PROPFIND Depth 1, folder by folder (Depth infinity is often disabled), only where keys can match. */
  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const pending = [folderOfPrefix(prefix)];
    while (pending.length > 0) {
      const folder = pending.pop() as string;
      let entries: DavEntry[] | undefined;
      try {
        entries = await this.propfind(folder, '1', PROPFIND_ENTRY_BODY, true);
      } catch (error) {
        throw this.explain(error);
      }
      for (const entry of entries ?? []) {
        const key = this.keyOfPath(entry.path);
        if (key === undefined || key === folder) continue;
        if (entry.isCollection) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) pending.push(key);
        } else if (isBlobKey(key) && key.startsWith(prefix)) {
          yield { key, size: entry.size ?? 0, modified: entry.modified };
        }
      }
    }
  }

  /** RAIC's usage from listing; quota-available-bytes / quota-used-bytes (RFC 4331) when the server has them. */
  async capacity(): Promise<Capacity> {
    const { usedBytes, objectCount } = await usageByListing(this.list(''));
    const quota = await this.quota();
    return { usedBytes, objectCount, freeBytes: quota.freeBytes, quotaBytes: quota.totalBytes };
  }

  /** One PROPFIND (depth 0) of the folder for RFC 4331's quota-available-bytes and quota-used-bytes. */
  async quota(): Promise<Quota> {
    return this.guard(async () => {
      const root = (await this.propfind('', '0', PROPFIND_QUOTA_BODY, true))?.[0];
      // Negative values are "unknown" or "unlimited" in some servers (Nextcloud).
      const available = root?.quotaAvailableBytes !== undefined && root.quotaAvailableBytes >= 0 ? root.quotaAvailableBytes : undefined;
      const used = root?.quotaUsedBytes !== undefined && root.quotaUsedBytes >= 0 ? root.quotaUsedBytes : undefined;
      return {
        freeBytes: available,
        usedBytes: used,
        totalBytes: available !== undefined && used !== undefined ? available + used : undefined,
      };
    });
  }

  async checkAccess(): Promise<ConnectionCheck> {
    return this.guard(async () => {
      const root = (await this.propfind('', '0', PROPFIND_ENTRY_BODY, true))?.[0];
      if (!root) throw new BackendConfigError(`the folder ${this.baseUrl} does not exist`, 'not-found');
      if (!root.isCollection) throw new BackendConfigError(`${this.baseUrl} is a file, not a folder`, 'invalid');
      return { name: 'credentials', ok: true, detail: `signed in to ${new URL(this.baseUrl).origin} as "${this.settings.username}"; the folder exists` };
    });
  }

  async testConnection(): Promise<ConnectionTestResult> {
    return runProbe(this, () => this.checkAccess(), (error) => this.explain(error).message);
  }

  async close(): Promise<void> {}
}
