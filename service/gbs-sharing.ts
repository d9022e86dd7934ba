/**
 * Sharing an account's storage with Tahoe-LAFS clients: per account, a GBS
 * server (Tahoe-LAFS's HTTP storage protocol, engine/storage/gbs) in front
 * of the account's storage server, running while RAIC runs. The key,
 * certificate and swissnum are kept in <data dir>/gbs/<account id>/ so the
 * NURL stays the same across restarts.
 */
import path from 'node:path';
import { serveStorageOverGbs, serversYaml, tahoeAnnouncement, type RunningGbsServer } from '../engine/storage/gbs';
import type { AccountRuntime } from './accounts/account-runtime';

export interface SharingSettings {
  enabled: boolean;
  port: number;
  host: string;
}

export interface SharingState {
  enabled: boolean;
  port: number | null;
  nurl: string | null;
  serversYaml: string | null;
  problem: string | null;
}

export class GbsSharing {
  private readonly running = new Map<string, { key: string; server: RunningGbsServer; yaml: string }>();
  private readonly problems = new Map<string, string>();

  constructor(
    private readonly dataDir: string,
    private readonly log: (line: string) => void,
  ) {}

  /** Starts, restarts or stops each account's server so that it matches its settings. */
  async sync(accounts: readonly { runtime: AccountRuntime; sharing: SharingSettings | undefined }[]): Promise<void> {
    const wanted = new Set<string>();
    for (const { runtime, sharing } of accounts) {
      if (!sharing?.enabled) continue;
      const id = runtime.account.id;
      wanted.add(id);
      const key = `${sharing.host}:${sharing.port}`;
      const current = this.running.get(id);
      if (current?.key === key) continue;
      await this.stop(id);
      try {
        const server = await serveStorageOverGbs({
          storage: runtime.server,
          stateDir: path.join(this.dataDir, 'gbs', id),
          host: sharing.host,
          port: sharing.port,
          onInternalError: (error) => this.log(`raic: sharing "${runtime.account.name}" over GBS hit an internal error: ${String(error)}`),
        });
        const yaml = serversYaml(tahoeAnnouncement(server.nurl, server.identity.certificate, runtime.account.name));
        this.running.set(id, { key, server, yaml });
        this.problems.delete(id);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        this.problems.set(id, code === 'EADDRINUSE' ? `port ${sharing.port} is already in use; choose another port.` : error instanceof Error ? error.message : String(error));
      }
    }
    for (const id of [...this.running.keys()]) if (!wanted.has(id)) await this.stop(id);
  }

  state(accountId: string, sharing: SharingSettings | undefined): SharingState {
    const running = this.running.get(accountId);
    return {
      enabled: sharing?.enabled === true,
      port: running?.server.port ?? sharing?.port ?? null,
      nurl: running?.server.nurl ?? null,
      serversYaml: running?.yaml ?? null,
      problem: sharing?.enabled ? (this.problems.get(accountId) ?? (running ? null : 'not running yet: it starts with RAIC\'s background work')) : null,
    };
  }

  async stopAll(): Promise<void> {
    for (const id of [...this.running.keys()]) await this.stop(id);
  }

  private async stop(id: string): Promise<void> {
    const current = this.running.get(id);
    this.running.delete(id);
    await current?.server.close().catch(() => undefined);
  }
}
