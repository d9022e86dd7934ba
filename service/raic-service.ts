/**
 * The grid service: implements every operation of the API contract over the
 * data dir (config + storage servers). Transport-free: the HTTP server and
 * the Electron IPC bridge both call into it after validating input.
 */
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiError, type AccountSummary, type GridStatus, type RaicApi } from '../shared/api';
import { LocalFolderStorageServer } from '../engine/storage/local';
import type { StorageServer } from '../engine/storage/types';
import type { OpenGrid } from '../cli/context';
import {
  loadOrCreateConfig,
  loadOrCreateGridKey,
  saveConfig,
  type AccountConfig,
  type GridConfig,
} from './grid-config';

export class RaicService implements RaicApi {
  private constructor(
    readonly dataDir: string,
    private config: GridConfig,
  ) {}

  /** Opens the grid in dataDir, creating the default grid of local folders on first start. */
  static async open(dataDir: string): Promise<RaicService> {
    await fs.mkdir(dataDir, { recursive: true });
    const config = await loadOrCreateConfig(dataDir);
    return new RaicService(dataDir, config);
  }

  /** The engine's view of the grid: one storage server per enabled account, and the grid's keys. */
  async openGrid(): Promise<OpenGrid> {
    const servers: StorageServer[] = this.config.accounts.filter((a) => a.enabled).map((a) => this.serverFor(a));
    return {
      servers,
      encoding: { ...this.config.encoding },
      convergence: await loadOrCreateGridKey(this.dataDir, 'convergence', 16),
      leaseSecret: await loadOrCreateGridKey(this.dataDir, 'lease-secret', 32),
    };
  }

  async getStatus(): Promise<GridStatus> {
    const accounts = await Promise.all(this.config.accounts.map((a) => this.summarize(a)));
    return { dataDir: this.dataDir, encoding: { ...this.config.encoding }, accounts };
  }

  async addLocalAccount(input: { name: string; path: string }): Promise<AccountSummary> {
    const name = input.name.trim();
    const folder = path.resolve(input.path.trim());
    if (this.config.accounts.some((a) => a.name.toLowerCase() === name.toLowerCase())) {
      throw new ApiError('conflict', `name: an account called "${name}" already exists; choose another name.`, 'name');
    }
    if (this.config.accounts.some((a) => a.type === 'local' && path.resolve(a.path) === folder)) {
      throw new ApiError('conflict', `path: ${folder} is already used by another account; choose another folder.`, 'path');
    }
    const problem = await testLocalFolder(folder);
    if (problem) throw new ApiError('invalid_input', `path: ${problem}`, 'path');
    const account: AccountConfig = { id: randomUUID(), name, type: 'local', path: folder, enabled: true };
    const next = { ...this.config, accounts: [...this.config.accounts, account] };
    await saveConfig(this.dataDir, next);
    this.config = next;
    return this.summarize(account);
  }

  async removeAccount(input: { id: string }): Promise<{ removed: true }> {
    const account = this.config.accounts.find((a) => a.id === input.id);
    if (!account) throw new ApiError('not_found', 'That account does not exist (it may have been removed already); reload the page.');
    const usage = await this.serverFor(account)
      .usage()
      .catch(() => ({ shareCount: 0, bytesUsed: 0 }));
    if (usage.shareCount > 0) {
      throw new ApiError(
        'conflict',
        `"${account.name}" still holds ${usage.shareCount} shares; removing it now would weaken the files they belong to. Repair those files onto the other accounts first.`,
      );
    }
    const next = { ...this.config, accounts: this.config.accounts.filter((a) => a.id !== input.id) };
    await saveConfig(this.dataDir, next);
    this.config = next;
    return { removed: true };
  }

  private serverFor(account: AccountConfig): LocalFolderStorageServer {
    return new LocalFolderStorageServer({
      serverId: account.id,
      nickname: account.name,
      root: account.path,
      sizeLimitBytes: account.sizeLimitBytes,
    });
  }

  private async summarize(account: AccountConfig): Promise<AccountSummary> {
    const base = {
      id: account.id,
      name: account.name,
      type: account.type,
      location: account.path,
      ...(account.sizeLimitBytes ? { sizeLimitBytes: account.sizeLimitBytes } : {}),
    };
    if (!account.enabled) return { ...base, status: 'disabled', bytesUsed: 0, shareCount: 0 };
    const problem = await testLocalFolder(account.path);
    if (problem) return { ...base, status: 'offline', problem, bytesUsed: 0, shareCount: 0 };
    const usage = await this.serverFor(account).usage();
    return { ...base, status: 'online', bytesUsed: usage.bytesUsed, shareCount: usage.shareCount };
  }
}

/**
 * The local folder's "test connection": the folder exists (or can be created
 * inside an existing parent) and RAIC can write to it. Returns a problem in
 * words, or undefined when the folder is usable.
 */
export async function testLocalFolder(folder: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(folder);
    if (!stat.isDirectory()) return `${folder} is a file, not a folder; choose a folder.`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return `${folder} cannot be opened (${describeFsError(error)}).`;
    try {
      await fs.mkdir(folder, { recursive: true });
    } catch (mkdirError) {
      return `${folder} does not exist and cannot be created (${describeFsError(mkdirError)}); choose an existing folder.`;
    }
  }
  try {
    await fs.access(folder, fsConstants.W_OK | fsConstants.R_OK);
  } catch (error) {
    return `RAIC cannot write to ${folder} (${describeFsError(error)}); choose a folder you can write to.`;
  }
  return undefined;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'part of the path is a file';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'the disk is full';
    default:
      return code ?? 'unknown error';
  }
}
