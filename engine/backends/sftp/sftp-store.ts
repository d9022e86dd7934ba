import { createHash } from 'node:crypto';
import path from 'node:path/posix';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import SftpClient from 'ssh2-sftp-client';
import type { SFTPWrapper, Stats } from 'ssh2';
import { BackendConfigError, BlobNotFoundError } from '../types';
import type { BlobBody, BlobInfo, BlobRange, BlobStore, Capacity, ConnectionCheck, ConnectionTestResult, Quota } from '../types';
import { assertBlobKey, folderOfPrefix, isBlobKey, temporaryNameFor } from '../common/keys';
import { bodyChunks } from '../common/body';
import { clipRange } from '../common/range';
import { describeError, redactSecrets } from '../common/redact';
import { runProbe } from '../common/probe';
import { usageByListing } from '../common/usage';

export interface SftpStoreSettings {
  host: string;
  port?: number;
  username: string;
  password?: string;
  /** OpenSSH or PEM private key text. */
  privateKey?: string;
  passphrase?: string;
  /** The remote folder holding RAIC's objects; it must exist. */
  root: string;
  /**
   * The server's host key fingerprint as `ssh-keygen -l` prints it ("SHA256:...").
   * When set, any other key is refused; when not, the seen fingerprint is
   * reported by testConnection so it can be pinned.
   */
  hostKeySha256?: string;
  /** Connection and handshake timeout. */
  connectTimeoutMs?: number;
}

const SFTP_NO_SUCH_FILE = 2;
const SFTP_PERMISSION_DENIED = 3;

interface SftpError {
  code?: number | string;
  message?: string;
  level?: string;
}

function isNoSuchFile(error: unknown): boolean {
  const code = (error as SftpError)?.code;
  return code === SFTP_NO_SUCH_FILE || code === 'ENOENT';
}

function fingerprintOf(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

interface Connection {
  client: SftpClient;
  sftp: SFTPWrapper;
  alive: boolean;
  /** Aborted when the connection drops, so waiting operations and streams stop at once. */
  lost: AbortController;
}

/** Callback SFTP calls as promises. */
function call<T>(run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));
}

export class SftpBlobStore implements BlobStore {
  readonly kind = 'sftp';
  private readonly root: string;
  private connection: Promise<Connection> | undefined;
  private seenFingerprint: string | undefined;
  private readonly knownFolders = new Set<string>();
  private readonly foldersBeingCreated = new Map<string, Promise<void>>();

  constructor(private readonly settings: SftpStoreSettings) {
    this.root = settings.root.replace(/\/+$/, '') || '/';
  }

  private pathOf(key: string): string {
    assertBlobKey(key);
    return path.join(this.root, key);
  }

  /** One SSH connection with one SFTP channel, opened on first use and again after it drops. */
  private async connect(): Promise<Connection> {
    const existing = this.connection;
    if (existing) {
      const connection = await existing.catch(() => undefined);
      if (connection?.alive) return connection;
      if (this.connection === existing) this.connection = undefined;
    }
    this.connection ??= this.openConnection().catch((error: unknown) => {
      this.connection = undefined;
      throw error;
    });
    return this.connection;
  }

  private async openConnection(): Promise<Connection> {
    const holder: { connection?: Connection } = {};
    const lost = new AbortController();
    const dropped = () => {
      if (holder.connection) holder.connection.alive = false;
      lost.abort(new Error('the SSH connection was lost'));
    };
    // Our own listeners: a dropped connection is noted (and reopened on next use), not logged.
    const client = new SftpClient('raic', { error: dropped, end: dropped, close: dropped });
    const wanted = this.settings.hostKeySha256?.replace(/=+$/, '');
    const sftp = await client.connect({
      host: this.settings.host,
      port: this.settings.port ?? 22,
      username: this.settings.username,
      password: this.settings.password,
      privateKey: this.settings.privateKey,
      passphrase: this.settings.passphrase,
      readyTimeout: this.settings.connectTimeoutMs ?? 20_000,
      retries: 0,
      hostVerifier: (key: Buffer) => {
        this.seenFingerprint = fingerprintOf(key);
        return !wanted || this.seenFingerprint === (wanted.startsWith('SHA256:') ? wanted : `SHA256:${wanted}`);
      },
    });
    holder.connection = { client, sftp, alive: !lost.signal.aborted, lost };
    return holder.connection;
  }

  private explain(error: unknown): Error {
    const secrets = [this.settings.password, this.settings.passphrase];
    if (error instanceof BlobNotFoundError) return error;
    if (error instanceof BackendConfigError) return new BackendConfigError(redactSecrets(error.message, secrets), error.reason);
    if (error instanceof Error && (error.name === 'InvalidBlobKeyError' || error.name === 'BodySizeMismatchError')) return error;
    const shaped = error as SftpError;
    const message = describeError(error);
    const where = `${this.settings.host}:${this.settings.port ?? 22}`;
    const make = (text: string, reason: BackendConfigError['reason']) => new BackendConfigError(redactSecrets(text, secrets), reason);
    if (/authentication methods failed|authentication failed/i.test(message)) {
      return make(`${where} refused user "${this.settings.username}" with this password or key`, 'credentials');
    }
    if (/host.*(verification|key)/i.test(message) || /handshake failed/i.test(message)) {
      return make(`the host key of ${where} is not the pinned ${this.settings.hostKeySha256 ?? ''} (seen: ${this.seenFingerprint ?? 'none'})`, 'credentials');
    }
    if (shaped.code === SFTP_PERMISSION_DENIED || /permission denied/i.test(message)) return make(`no permission on ${where}: ${message}`, 'permission');
    if (['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EHOSTUNREACH', 'ERR_NOT_CONNECTED', 'ERR_GENERIC_CLIENT'].includes(String(shaped.code)) ||
      /not connected|no response|timed out|connection (was )?(lost|closed|reset)|refused connection|ECONNRESET|No SFTP connection|abort/i.test(message)) {
      return make(`cannot reach ${where}: ${message}`, 'unreachable');
    }
    return new Error(redactSecrets(`SFTP on ${where}: ${message}`, secrets), { cause: error });
  }

  /** Runs an operation on the connection; if the connection drops meanwhile, fails at once instead of waiting forever. */
  private async guard<T>(operation: (sftp: SFTPWrapper, signal: AbortSignal) => Promise<T>): Promise<T> {
    let connection: Connection | undefined;
    try {
      connection = await this.connect();
      const signal = connection.lost.signal;
      let onLost: (() => void) | undefined;
      const lost = new Promise<never>((_, reject) => {
        onLost = () => reject(new Error('connection lost during the operation'));
        if (signal.aborted) onLost();
        else signal.addEventListener('abort', onLost, { once: true });
      });
      try {
        return await Promise.race([operation(connection.sftp, signal), lost]);
      } finally {
        if (onLost) signal.removeEventListener('abort', onLost);
      }
    } catch (error) {
      throw this.explain(error);
    }
  }

  private async statOf(sftp: SFTPWrapper, remote: string): Promise<Stats | undefined> {
    try {
      return await call<Stats>((done) => sftp.stat(remote, done));
    } catch (error) {
      if (isNoSuchFile(error)) return undefined;
      throw error;
    }
  }

  async get(key: string, range?: BlobRange): Promise<Uint8Array> {
    const remote = this.pathOf(key);
    return this.guard(async (sftp, signal) => {
      const stats = await this.statOf(sftp, remote);
      if (!stats?.isFile()) throw new BlobNotFoundError(key);
      const { start, end } = clipRange(stats.size, range);
      if (end === start) return new Uint8Array(0);
      const bytes = new Uint8Array(end - start);
      let filled = 0;
      // createReadStream's end is inclusive.
      const source = sftp.createReadStream(remote, { start, end: end - 1 });
      await pipeline(
        source,
        new Writable({
          write(chunk: Buffer, _encoding, next) {
            const take = Math.min(chunk.byteLength, bytes.byteLength - filled);
            bytes.set(chunk.subarray(0, take), filled);
            filled += take;
            next();
          },
        }),
        { signal },
      );
      if (filled !== bytes.byteLength) throw new Error(`read ${filled} of ${bytes.byteLength} bytes of "${key}"`);
      return bytes;
    });
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    const remote = this.pathOf(key);
    return this.guard(async (sftp) => {
      const stats = await this.statOf(sftp, remote);
      return stats?.isFile() ? { key, size: stats.size, modified: new Date(stats.mtime * 1000) } : undefined;
    });
  }

  /** mkdir -p, once per folder even when puts run concurrently. */
  private async ensureFolder(sftp: SFTPWrapper, folder: string): Promise<void> {
    if (folder === this.root || this.knownFolders.has(folder)) return;
    let creating = this.foldersBeingCreated.get(folder);
    if (!creating) {
      creating = (async () => {
        await this.ensureFolder(sftp, path.dirname(folder));
        try {
          await call<void>((done) => sftp.mkdir(folder, done));
        } catch (error) {
          // Already there (SFTP reports that as a generic failure).
          if (!(await this.statOf(sftp, folder))?.isDirectory()) throw error;
        }
        this.knownFolders.add(folder);
      })().finally(() => this.foldersBeingCreated.delete(folder));
      this.foldersBeingCreated.set(folder, creating);
    }
    await creating;
  }

  /**
   * Streams into a temporary file beside the target, then renames it over the
   * target with posix-rename (atomic replace) where the server offers it.
   */
  async put(key: string, body: BlobBody): Promise<void> {
    const remote = this.pathOf(key);
    await this.guard(async (sftp, signal) => {
      await this.ensureRootExists(sftp);
      await this.ensureFolder(sftp, path.dirname(remote));
      const temporary = temporaryNameFor(remote);
      let renamed = false;
      try {
        await pipeline(Readable.from(bodyChunks(body), { objectMode: false }), sftp.createWriteStream(temporary, { flags: 'w', mode: 0o600 }), { signal });
        await this.renameOver(sftp, temporary, remote);
        renamed = true;
      } finally {
        if (!renamed && !signal.aborted) await call<void>((done) => sftp.unlink(temporary, done)).catch(() => undefined);
      }
    });
  }

  private rootChecked = false;
  private async ensureRootExists(sftp: SFTPWrapper): Promise<void> {
    if (this.rootChecked) return;
    const stats = await this.statOf(sftp, this.root);
    if (!stats?.isDirectory()) throw new BackendConfigError(`the folder ${this.root} does not exist on ${this.settings.host}`, 'not-found');
    this.rootChecked = true;
  }

  private async renameOver(sftp: SFTPWrapper, from: string, to: string): Promise<void> {
    try {
      await call<void>((done) => sftp.ext_openssh_rename(from, to, done));
      return;
    } catch (error) {
      if (!/not supported|unsupported|extension/i.test(describeError(error))) throw error;
    }
    // Plain SFTP rename refuses to replace: remove the old blob first (a short window without it).
    await call<void>((done) => sftp.unlink(to, done)).catch(() => undefined);
    await call<void>((done) => sftp.rename(from, to, done));
  }

  async delete(key: string): Promise<void> {
    const remote = this.pathOf(key);
    await this.guard(async (sftp) => {
      try {
        await call<void>((done) => sftp.unlink(remote, done));
      } catch (error) {
        if (!isNoSuchFile(error)) throw error;
      }
    });
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const pending = [folderOfPrefix(prefix)];
    while (pending.length > 0) {
      const folder = pending.pop() as string;
      const entries = await this.guard(async (sftp) => {
        try {
          return await call<Array<{ filename: string; attrs: Stats }>>((done) => sftp.readdir(folder ? path.join(this.root, folder) : this.root, done));
        } catch (error) {
          if (isNoSuchFile(error)) return [];
          throw error;
        }
      });
      for (const entry of entries) {
        const key = folder ? `${folder}/${entry.filename}` : entry.filename;
        if (entry.attrs.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) pending.push(key);
        } else if (entry.attrs.isFile() && isBlobKey(key) && key.startsWith(prefix)) {
          yield { key, size: entry.attrs.size, modified: new Date(entry.attrs.mtime * 1000) };
        }
      }
    }
  }

  /** RAIC's usage from listing; total and free space from statvfs@openssh.com when the server has it. */
  async capacity(): Promise<Capacity> {
    const { usedBytes, objectCount } = await usageByListing(this.list(''));
    const disk = await this.quota();
    return { usedBytes, objectCount, quotaBytes: disk.totalBytes, freeBytes: disk.freeBytes };
  }

  /** statvfs@openssh.com on the folder, when the server offers it; nothing otherwise. */
  async quota(): Promise<Quota> {
    const disk = await this.guard(async (sftp) => {
      try {
        return await call<{ frsize: number; bsize: number; blocks: number; bfree: number; bavail: number }>((done) => sftp.ext_openssh_statvfs(this.root, done));
      } catch {
        return undefined; // the server does not offer the extension
      }
    });
    if (!disk) return {};
    const unit = disk.frsize || disk.bsize;
    return { totalBytes: disk.blocks * unit, usedBytes: (disk.blocks - disk.bfree) * unit, freeBytes: disk.bavail * unit };
  }

  async checkAccess(): Promise<ConnectionCheck> {
    return this.guard(async (sftp) => {
      await this.ensureRootExists(sftp);
      return {
        name: 'credentials',
        ok: true,
        detail: `signed in to ${this.settings.host} as "${this.settings.username}" (host key ${this.seenFingerprint ?? 'unknown'}); ${this.root} exists`,
      };
    });
  }

  async testConnection(): Promise<ConnectionTestResult> {
    return runProbe(this, () => this.checkAccess(), (error) => this.explain(error).message);
  }

  async close(): Promise<void> {
    const connection = await this.connection?.catch(() => undefined);
    this.connection = undefined;
    if (connection?.alive) await connection.client.end().catch(() => undefined);
  }
}
