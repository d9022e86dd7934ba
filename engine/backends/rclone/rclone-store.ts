/**
 * A BlobStore on any rclone remote: RAIC's WebDAV client (webdav/) in front
 * of the account's `rclone serve webdav` child (rclone-bridge.ts). Atomic
 * puts, ranges and listing are the WebDAV client's (PUT to a temporary name,
 * then MOVE); this class adds what the bridge knows: it starts rclone on
 * demand, follows it to a new port after a restart, and turns what rclone
 * logged about a failed request into an account error (rclone answers every
 * remote failure with HTTP 500).
 */
import { BackendBusyError, BackendConfigError, BlobNotFoundError } from '../types';
import type { BlobBody, BlobInfo, BlobRange, BlobStore, Capacity, ConnectionCheck, ConnectionTestResult, Quota } from '../types';
import { runProbe } from '../common/probe';
import { describeError, redactSecrets } from '../common/redact';
import { WebDavBlobStore } from '../webdav/webdav-store';
import type { BridgeEndpoint, RcloneBridge } from './rclone-bridge';
import { accessRefusalIn, explainRcloneFailure, rcloneExcerpt } from './rclone-errors';
import { rcloneAbout } from './rclone-about';

/**
 * rclone's WebDAV server logs this when a listing failed after its answer had
 * begun: the client then sees a short, well-formed answer, not an error.
 */
const RCLONE_ANSWER_BROKE = /superfluous response\.WriteHeader/;
/** A name RAIC never stores, looked up to make rclone read the remote's folder. */
const ACCESS_PROBE_KEY = 'raic-access-check';

export class RcloneBlobStore implements BlobStore {
  readonly kind = 'rclone';
  private client?: { endpoint: BridgeEndpoint; dav: WebDavBlobStore };

  constructor(
    private readonly bridge: RcloneBridge,
    private readonly requestTimeoutMs?: number,
  ) {}

  private async dav(): Promise<WebDavBlobStore> {
    const endpoint = await this.bridge.endpoint();
    if (this.client?.endpoint !== endpoint) {
      this.client = {
        endpoint,
        dav: new WebDavBlobStore({ url: endpoint.url, username: endpoint.username, password: endpoint.password, requestTimeoutMs: this.requestTimeoutMs }),
      };
    }
    return this.client.dav;
  }

  private async run<T>(operation: (dav: WebDavBlobStore) => Promise<T>): Promise<T> {
    const mark = this.bridge.logMark();
    try {
      return await operation(await this.dav());
    } catch (error) {
      throw this.translate(error, mark);
    }
  }

  /**
   * The error an operation should report. A busy answer (rclone's 500) that
   * rclone's log explains as a sign-in, permission, quota or missing-folder
   * problem becomes that account error, which is not retried; everything
   * keeps its kind (so the retry wrapper still retries what is transient),
   * with no secret left in its message.
   */
  private translate(error: unknown, mark: number): unknown {
    if (error instanceof BlobNotFoundError || (error instanceof BackendConfigError && error.reason === 'not-found')) {
      // rclone's server answers 404 when the remote refused its key; its log says which it was.
      return accessRefusalIn(this.bridge.linesSince(mark), this.bridge.remoteType) ?? error;
    }
    const secrets = this.bridge.secrets();
    if (error instanceof BackendBusyError) {
      const lines = this.bridge.linesSince(mark);
      const explained = explainRcloneFailure(lines, this.bridge.remoteType);
      if (explained && explained.reason !== 'unreachable') return explained;
      const detail = lines.length > 0 ? `: ${rcloneExcerpt(lines, secrets)}` : '';
      return new BackendBusyError(`rclone could not complete the request on the ${this.bridge.remoteType} remote${detail}`, error.status);
    }
    if (error instanceof BackendConfigError) {
      const message = redactSecrets(error.message, secrets);
      return message === error.message ? error : new BackendConfigError(message, error.reason);
    }
    if (error instanceof Error) {
      const message = redactSecrets(error.message, secrets);
      return message === error.message ? error : new Error(message);
    }
    return new Error(redactSecrets(describeError(error), secrets));
  }

  get(key: string, range?: BlobRange): Promise<Uint8Array> {
    return this.run((dav) => dav.get(key, range));
  }

  stat(key: string): Promise<BlobInfo | undefined> {
    return this.run((dav) => dav.stat(key));
  }

  put(key: string, body: BlobBody): Promise<void> {
    return this.run((dav) => dav.put(key, body));
  }

  delete(key: string): Promise<void> {
    return this.run((dav) => dav.delete(key));
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const mark = this.bridge.logMark();
    try {
      const dav = await this.dav();
      for await (const info of dav.list(prefix)) yield info;
    } catch (error) {
      throw this.translate(error, mark);
    }
    // A folder rclone could not read is answered as missing or empty; an empty listing is not the truth then.
    const refusal = accessRefusalIn(this.bridge.linesSince(mark), this.bridge.remoteType);
    if (refusal) throw refusal;
    if (this.bridge.linesSince(mark).some((line) => RCLONE_ANSWER_BROKE.test(line))) {
      throw accessRefusalIn(this.bridge.linesSince(0), this.bridge.remoteType) ?? new BackendBusyError(`rclone could not finish listing the ${this.bridge.remoteType} remote`, 500);
    }
  }

  /** RAIC's objects by listing (through the child); the account's quota from `rclone about`, which the WebDAV server does not pass on. */
  async capacity(): Promise<Capacity> {
    const listed = await this.run((dav) => dav.capacity());
    // The quota is extra: a remote whose about call fails still reports RAIC's own objects.
    const quota = await this.quota().catch(() => ({}) as Quota);
    return { ...listed, quotaBytes: quota.totalBytes ?? listed.quotaBytes, freeBytes: quota.freeBytes ?? listed.freeBytes };
  }

  async quota(): Promise<Quota> {
    const mark = this.bridge.logMark();
    try {
      const context = await this.bridge.commandContext();
      return await rcloneAbout({ ...context, remoteType: this.bridge.remoteType, secrets: this.bridge.secrets() });
    } catch (error) {
      throw this.translate(error, mark);
    }
  }

  async checkAccess(): Promise<ConnectionCheck> {
    const mark = this.bridge.logMark();
    await this.run((dav) => dav.checkAccess());
    // rclone answers for its top folder without asking the remote; looking up a name in it makes rclone read the
    // folder, and a remote that refuses the key shows up in rclone's log (the lookup itself just says "missing").
    await this.run((dav) => dav.stat(ACCESS_PROBE_KEY));
    const refusal = accessRefusalIn(this.bridge.linesSince(mark), this.bridge.remoteType);
    if (refusal) throw refusal;
    return { name: 'credentials', ok: true, detail: `rclone reaches the ${this.bridge.remoteType} remote and its folder` };
  }

  async testConnection(): Promise<ConnectionTestResult> {
    return runProbe(this, () => this.checkAccess(), (error) => redactSecrets(describeError(error), this.bridge.secrets()));
  }

  close(): Promise<void> {
    return this.bridge.close();
  }
}
