/**
 * The grid service: every operation of the API contract, over one data dir
 * (grid.json, the catalog, the grid's private keys) and the accounts' storage
 * servers. Transport-free: the HTTP server, Electron's IPC and the CLI all
 * call into it after validating input. Background work (jobs, the health
 * monitor, the catalog backup) starts with startBackground().
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AccountInput } from '../shared/accounts';
import {
  ApiError,
  type AccountSummary,
  type ConnectionTest,
  type EditAccountInput,
  type FileCheck,
  type FileSummary,
  type FolderListing,
  type GridHealth,
  type GridRobustnessReport,
  type GridStatus,
  type HealthEventRecord,
  type Job,
  type RaicApi,
  type RemovalPlan,
  type RestoreResult,
  type Usage,
} from '../shared/api';
import type { OpenGrid } from '../cli/context';
import { loadOrCreateConfig, loadOrCreateGridKey, saveConfig, writeGridKey, type AccountConfig, type GridConfig } from './grid-config';
import { AccountsService } from './accounts/accounts-service';
import type { AccountRuntime } from './accounts/account-runtime';
import { SecretStoreProvider } from './secret-store-provider';
import { Catalog, CatalogError, normalizeCatalogPath, type FileEntry } from './catalog';
import { downloadFile, type UploadReport } from '../engine/grid';
import type { StreamingApi } from './http/streaming-routes';
import { JobRunner, JobNotFoundError, type JobSnapshot } from './jobs';
import { HealthMonitor } from './health/monitor';
import { checkGridFile, type FileCheckResult } from './health/file-check';
import { assessFile } from './health/classify';
import { EventBus } from './event-bus';
import { CatalogBackup, keyIdOf, loadRecoveryBundle, readBackupState } from './catalog-backup';
import { formatRecoveryKeyFile, parseRecoveryKey, recoveryKeyToWords, type RecoveryKey } from './recovery';
import { damagedEntryProblem, planUploadSources, recordUpload, requireFile } from './files/transfers';
import { transferJobHandlers, type JobKinds } from './files/job-kinds';
import { encodingChart, encodingRecommendation, robustnessReport } from './robustness-report';
import type { EncodingOption, Recommendation, RobustnessTarget } from '../engine/robustness';
import type { z } from 'zod';
import type { PreviewRobustnessInputSchema, SetEncodingResultSchema } from '../shared/api-schemas';
import { formatBytes } from '../shared/format-bytes';
import { buildUsage } from './usage';
import { UsageHistory, type UsageSample } from './usage-history';
import { collectAbandonedUploads, sweepStaging } from './maintenance';
import { GbsSharing } from './gbs-sharing';
import { toAccountSummary, toFileSummary, sharesByAccountOf } from './summaries';
import { describeLocation } from './accounts/backend-settings';

export interface RaicServiceOptions {
  /** Asked for when the encrypted secrets file is (or is to be) used instead of a keychain. */
  passphrase?: () => Promise<string>;
  /** The user chose the encrypted secrets file over the OS keychain (needs `passphrase`). */
  useSecretsFile?: boolean;
  /** Keychain service name (tests use their own). */
  secretServiceName?: string;
  /** Logs one line per unexpected problem (never a secret). */
  log?: (line: string) => void;
  /** Delay before the catalog backup runs after a change. */
  backupDebounceMs?: number;
}

export class RaicService implements RaicApi {
  readonly events = new EventBus();
  readonly accounts: AccountsService;
  private readonly jobs: JobRunner<JobKinds>;
  private readonly monitor: HealthMonitor;
  private readonly backup: CatalogBackup;
  /** Opened accounts, refreshed whenever the account list changes, for the parts that cannot wait (the monitor). */
  private opened: { runtimes: AccountRuntime[]; unopened: { account: AccountConfig; problem: string }[] } = { runtimes: [], unopened: [] };
  private lastProbeAt = 0;
  private backgroundStarted = false;
  private paused = false;
  private collectTimer: NodeJS.Timeout | undefined;
  private monitorWanted = false;
  private readonly usageHistory: UsageHistory;
  private readonly sharing: GbsSharing;

  private constructor(
    readonly dataDir: string,
    private config: GridConfig,
    readonly catalog: Catalog,
    private readonly secrets: SecretStoreProvider,
    private readonly log: (line: string) => void,
    backupState: Awaited<ReturnType<typeof readBackupState>>,
    backupDebounceMs: number | undefined,
  ) {
    this.usageHistory = new UsageHistory(catalog);
    this.sharing = new GbsSharing(dataDir, log);
    this.accounts = new AccountsService({ config: () => this.config, saveConfig: (next) => this.saveConfig(next), secrets });
    this.jobs = new JobRunner<JobKinds>({ db: catalog.db, handlers: transferJobHandlers(() => this.transferDeps()), log });
    this.jobs.subscribe((event) => this.events.emit(event));
    this.monitor = new HealthMonitor(
      {
        accounts: () => this.opened.runtimes.map((r) => ({ id: r.account.id, name: r.account.name, probe: (signal) => r.probe(signal) })),
        files: () =>
          catalog.allFiles().map((f) => ({ id: f.id, path: f.path, cap: f.cap, size: f.size, encoding: f.encoding, health: f.health })),
        check: async (file, options) => {
          const grid = await this.openGrid();
          return checkGridFile(grid.servers, file.cap, file.encoding, { ...options, leaseSecret: grid.leaseSecret });
        },
        recordFileHealth: (fileId, result, at) => this.recordFileCheck(fileId, result, at),
        recordEvent: (event) => {
          const stored = catalog.addEvent(event);
          this.events.emit({ type: 'health-event', event: stored });
        },
      },
      config.monitor,
    );
    this.monitor.subscribe((event) => this.events.emit(event));
    this.backup = new CatalogBackup(
      {
        dataDir,
        catalog,
        config: () => this.config,
        key: () => this.recoveryKey(),
        runtimes: async () => (await this.refreshAccounts()).runtimes,
        grid: () => this.openGrid(),
        onPublished: (state) => this.events.emit({ type: 'recovery', state }),
        onProblem: (message) => {
          catalog.addEvent({ kind: 'backup-failed', severity: 'warning', message });
          this.log(`raic: ${message}`);
        },
        debounceMs: backupDebounceMs,
      },
      backupState,
    );
  }

  /** Opens the grid in dataDir, creating the default grid of local folders on first start. */
  static async open(dataDir: string, options: RaicServiceOptions = {}): Promise<RaicService> {
    await fs.mkdir(dataDir, { recursive: true });
    const config = await loadOrCreateConfig(dataDir);
    const catalog = openCatalog(dataDir);
    const secrets = new SecretStoreProvider({
      dataDir,
      serviceName: options.secretServiceName,
      passphrase: options.passphrase,
      preferEncryptedFile: options.useSecretsFile,
    });
    const service = new RaicService(
      dataDir,
      config,
      catalog,
      secrets,
      options.log ?? ((line) => process.stderr.write(`${line}\n`)),
      await readBackupState(dataDir),
      options.backupDebounceMs,
    );
    await service.refreshAccounts();
    await service.recoveryKey(); // created with the grid, so it can be shown at first run
    return service;
  }

  /** Starts the job queue (resuming interrupted jobs), the health monitor and the catalog backup. */
  startBackground(options: { monitor?: boolean } = {}): void {
    if (this.backgroundStarted) return;
    this.backgroundStarted = true;
    const pendingSources = new Set(
      this.jobs.paramsOf('upload', { states: ['queued', 'running'] }).map((params) => params.source),
    );
    const collect = () =>
      collectAbandonedUploads(this.opened.runtimes.map((r) => r.server)).catch((error: unknown) => this.log(`raic: collecting abandoned uploads failed: ${String(error)}`));
    void sweepStaging(this.dataDir, pendingSources)
      .then(collect)
      .catch((error: unknown) => this.log(`raic: cleaning up after an earlier run failed: ${String(error)}`));
    // A long-running app also collects what uploads killed since its start left behind.
    this.collectTimer = setInterval(() => void collect(), 3600_000);
    this.collectTimer.unref();
    this.usageHistory.sample();
    void this.syncSharing();
    this.monitorWanted = options.monitor !== false;
    if (this.paused) return;
    this.jobs.start();
    if (this.monitorWanted) this.monitor.start();
  }

  /** Pauses or resumes background work: running jobs stop and resume later (nothing is cancelled), the monitor waits. */
  async setPaused(input: { paused: boolean }): Promise<{ paused: boolean }> {
    if (input.paused === this.paused) return { paused: this.paused };
    this.paused = input.paused;
    if (this.backgroundStarted) {
      if (this.paused) await Promise.all([this.jobs.stop(), this.monitor.stop()]);
      else {
        this.jobs.start();
        if (this.monitorWanted) this.monitor.start();
      }
    }
    this.events.emit({ type: 'paused', paused: this.paused });
    return { paused: this.paused };
  }

  private closing: Promise<void> | undefined;

  /** Stops background work (jobs resume at the next start), flushes the catalog backup, closes everything. Safe to call twice. */
  close(): Promise<void> {
    this.closing ??= this.closeOnce();
    return this.closing;
  }

  private async closeOnce(): Promise<void> {
    clearInterval(this.collectTimer);
    await this.jobs.stop();
    await this.monitor.stop();
    await this.backup.stop({ flush: true });
    await this.sharing.stopAll();
    await this.accounts.closeAll();
    this.usageHistory.close();
    this.catalog.close();
  }

  /** The engine's view of the grid: one storage server per enabled, openable account, and the grid's keys. */
  async openGrid(): Promise<OpenGrid> {
    const { runtimes } = this.opened.runtimes.length > 0 ? this.opened : await this.refreshAccounts();
    return {
      servers: runtimes.map((r) => r.server),
      encoding: { ...this.config.encoding },
      convergence: await loadOrCreateGridKey(this.dataDir, 'convergence', 16),
      leaseSecret: await loadOrCreateGridKey(this.dataDir, 'lease-secret', 32),
    };
  }

  // ---------------- status and accounts ----------------

  async getStatus(): Promise<GridStatus> {
    await this.probeIfStale();
    const totals = this.catalog.totals();
    const backup = this.backup.status();
    const accountTotals = this.catalog.accountTotals();
    return {
      dataDir: this.dataDir,
      encoding: { ...this.config.encoding },
      accounts: this.config.accounts.map((a) => this.summarize(a, accountTotals)),
      health: this.gridStatus(this.monitor.gridHealth().status),
      files: { count: totals.files, bytes: totals.bytes },
      activeJobs: this.jobs.list({ states: ['queued', 'running'] }).length,
      secretStore: this.secrets.status(),
      setupComplete: this.config.setupComplete,
      paused: this.paused,
      monitor: { ...this.config.monitor },
      recovery: { keyId: keyIdOf(await this.recoveryKey()), lastPublishedAt: backup.lastPublishedAt, seq: backup.seq, problem: backup.problem },
    };
  }

  async addAccount(input: AccountInput): Promise<AccountSummary> {
    const account = await this.accounts.add(input);
    await this.accountsChanged();
    return this.summarize(account);
  }

  async addLocalAccount(input: { name: string; path: string }): Promise<AccountSummary> {
    return this.addAccount({ provider: 'local', name: input.name, path: input.path });
  }

  async testAccount(input: { id: string } | { account: AccountInput }): Promise<ConnectionTest> {
    return this.accounts.test(input);
  }

  async editAccount(input: EditAccountInput): Promise<AccountSummary> {
    const account = await this.accounts.edit(input);
    await this.accountsChanged();
    return this.summarize(account);
  }

  async setAccountEnabled(input: { id: string; enabled: boolean }): Promise<AccountSummary> {
    const account = await this.accounts.setEnabled(input.id, input.enabled);
    await this.accountsChanged();
    return this.summarize(account);
  }

  /** Shares (or stops sharing) an account's storage with Tahoe-LAFS clients; the server runs with RAIC's background work. */
  async setAccountSharing(input: { id: string; enabled: boolean; port?: number; host?: string }): Promise<AccountSummary> {
    const account = this.accounts.find(input.id);
    if (account.provider === 'tahoe') throw new ApiError('invalid_input', 'This account is itself a Tahoe-LAFS server; only your own storage can be shared.');
    const sharing = { enabled: input.enabled, port: input.port ?? account.sharing?.port ?? 0, host: input.host ?? account.sharing?.host ?? '127.0.0.1' };
    await this.saveConfig({ ...this.config, accounts: this.config.accounts.map((a) => (a.id === account.id ? { ...a, sharing } : a)) });
    await this.syncSharing();
    return this.summarize(this.accounts.find(input.id));
  }

  async planAccountRemoval(input: { id: string }): Promise<RemovalPlan> {
    const account = this.accounts.find(input.id);
    const files = this.catalog.filesOnAccount(account.id);
    const others = this.config.accounts.filter((a) => a.enabled && a.id !== account.id).length;
    const planned = files.map((file) => {
      const shares = sharesByAccountOf(file);
      const held = shares[account.id]?.length ?? 0;
      delete shares[account.id];
      return { path: file.path, shares: held, healthAfter: assessFile(file.encoding, shares).health };
    });
    const unreadable = planned.filter((f) => f.healthAfter === 'unreadable').length;
    const canMove = others >= this.config.encoding.happy;
    const sharesHeld = planned.reduce((sum, f) => sum + f.shares, 0);
    const message =
      files.length === 0
        ? `"${account.name}" holds no shares of your files; removing it loses nothing.`
        : `"${account.name}" holds ${sharesHeld} shares of ${files.length} files` +
          (unreadable > 0 ? `; ${unreadable} of them would become unreadable without it.` : '; they stay readable from your other accounts, with less protection.') +
          (canMove ? ' RAIC can move its shares onto your other accounts first.' : ` Moving them needs at least ${this.config.encoding.happy} other enabled accounts; add one first.`);
    return { accountId: account.id, accountName: account.name, filesWithShares: files.length, sharesHeld, filesUnreadableAfter: unreadable, files: planned.slice(0, 200), canMove, message };
  }

  async removeAccount(input: { id: string; moveShares?: boolean; force?: boolean }): Promise<{ removed: true; filesMoved: number }> {
    const plan = await this.planAccountRemoval(input);
    let filesMoved = 0;
    if (plan.filesWithShares > 0 && !input.moveShares && !input.force) {
      throw new ApiError('conflict', `${plan.message} Choose to move the shares first, or remove it anyway.`);
    }
    if (plan.filesWithShares > 0 && input.moveShares) filesMoved = await this.moveSharesOff(input.id);
    await this.accounts.remove(input.id);
    for (const file of this.catalog.filesOnAccount(input.id)) {
      this.catalog.setPlacements(file.id, file.placements.filter((p) => p.accountId !== input.id));
    }
    await this.accountsChanged();
    return { removed: true, filesMoved };
  }

  // ---------------- usage ----------------

  async getUsage(): Promise<Usage> {
    return buildUsage({
      config: this.config,
      catalog: this.catalog,
      capacity: async (account) => {
        const runtime = this.opened.runtimes.find((r) => r.account.id === account.id);
        if (!runtime) throw new Error(this.opened.unopened.find((u) => u.account.id === account.id)?.problem ?? 'the account is disabled');
        return runtime.capacity();
      },
    });
  }

  async getUsageHistory(input: { days?: number }): Promise<UsageSample[]> {
    return this.usageHistory.samples(input.days ?? 30);
  }

  async setPrices(input: { prices: GridConfig['prices'] }): Promise<GridConfig['prices']> {
    await this.saveConfig({ ...this.config, prices: input.prices });
    return this.config.prices;
  }

  // ---------------- files ----------------

  async listFiles(input: { folder?: string }): Promise<FolderListing> {
    const listing = catalogCall(() => this.catalog.listFolder(input.folder ?? '/'));
    const names = this.accountNames();
    return { folder: listing.folder, folders: listing.folders, files: listing.files.map((f) => this.fileSummary(f, names)) };
  }

  async getFile(input: { path: string }): Promise<FileSummary> {
    return this.fileSummary(catalogCall(() => requireFile(this.catalog, input.path)));
  }

  async createFolder(input: { path: string }): Promise<{ ok: true }> {
    catalogCall(() => this.catalog.createFolder(input.path));
    return { ok: true };
  }

  async moveFile(input: { from: string; to: string }): Promise<FileSummary> {
    return this.fileSummary(catalogCall(() => this.catalog.moveFile(input.from, input.to)));
  }

  /**
   * Removes a file (or a folder and everything in it) from the catalog. Its
   * shares stay on the accounts: RAIC does not renew leases yet, and deleting
   * shares another catalog entry (same content, same cap) still needs would lose data.
   */
  async removeFile(input: { path: string }): Promise<{ removed: number }> {
    return catalogCall(() => {
      if (this.catalog.getFile(input.path)) {
        this.catalog.removeFile(input.path);
        return { removed: 1 };
      }
      return { removed: this.catalog.removeFolder(input.path) };
    });
  }

  async uploadPaths(input: { sources: string[]; folder?: string; createEmptyFolders?: boolean }): Promise<{ jobs: Job[] }> {
    const folder = catalogCall(() => {
      const target = normalizeCatalogPath(input.folder ?? '/');
      if (target !== '/') this.catalog.createFolder(target);
      return target;
    });
    const { files, emptyFolders } = await planUploadSources(input.sources, folder);
    if (input.createEmptyFolders && emptyFolders.length > 0) {
      catalogCall(() => emptyFolders.forEach((emptyFolder) => this.catalog.createFolder(emptyFolder)));
      if (files.length === 0) return { jobs: [] };
    }
    if (files.length === 0) throw new ApiError('invalid_input', 'sources: there are no files in what you chose (empty folders and links are skipped).', 'sources');
    const jobs = files.map((f) =>
      this.jobs.submit('upload', { source: f.source, target: f.target }, { title: `Upload ${f.target}`, totalBytes: f.size }),
    );
    return { jobs };
  }

  /** Lists a file stored outside a job (`raic put`) in the catalog. */
  recordUpload(report: UploadReport, target: string, sourceModifiedAt: number | null): FileSummary {
    return this.fileSummary(catalogCall(() => recordUpload(this.catalog, report, this.config.encoding, target, sourceModifiedAt)));
  }

  /** Stores a file that arrived over HTTP (already written to the staging folder) through an upload job. */
  submitStagedUpload(stagedFile: string, target: string, size: number): Job {
    return this.jobs.submit('upload', { source: stagedFile, target, staged: true }, { title: `Upload ${target}`, totalBytes: size });
  }

  /** Where files received over HTTP wait for their upload job. */
  async newStagingFile(): Promise<string> {
    const dir = path.join(this.dataDir, 'staging');
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    return path.join(dir, randomUUID());
  }

  async downloadToPath(input: { path: string; destination: string; overwrite?: boolean }): Promise<Job> {
    const entry = catalogCall(() => requireFile(this.catalog, input.path));
    return this.jobs.submit('download', input, { title: `Download ${entry.path}`, totalBytes: entry.size });
  }

  /** What headless mode's streaming routes (events, uploads from the browser, downloads) need. */
  streamingApi(): StreamingApi {
    return {
      subscribe: (listener) => this.events.subscribe(listener),
      newStagingFile: () => this.newStagingFile(),
      checkUploadTarget: (target) => {
        const normalized = catalogCall(() => normalizeCatalogPath(target));
        if (normalized === '/') throw new ApiError('invalid_input', 'path: give the file a name, e.g. /Photos/a.jpg', 'path');
      },
      submitStagedUpload: (staged, target, size) => this.submitStagedUpload(staged, target, size),
      checkDownload: (filePath) => void catalogCall(() => requireFile(this.catalog, filePath)),
      openDownload: async (filePath) => {
        const entry = catalogCall(() => requireFile(this.catalog, filePath));
        const grid = await this.openGrid();
        return { name: entry.name, size: entry.size, chunks: downloadFile(grid.servers, entry.cap) };
      },
    };
  }

  // ---------------- jobs ----------------

  async listJobs(input: { states?: Job['state'][] }): Promise<Job[]> {
    return this.jobs.list({ states: input.states });
  }

  async cancelJob(input: { id: string }): Promise<Job> {
    try {
      return this.jobs.cancel(input.id);
    } catch (error) {
      if (error instanceof JobNotFoundError) throw new ApiError('not_found', 'That job does not exist (finished jobs may have been cleared).');
      throw error;
    }
  }

  async clearFinishedJobs(): Promise<{ cleared: number }> {
    return { cleared: this.jobs.clearFinished() };
  }

  /** Resolves when no job is queued or running (tests, CLI). */
  jobsIdle(): Promise<void> {
    return this.jobs.idle();
  }

  getJob(id: string): JobSnapshot | undefined {
    return this.jobs.get(id);
  }

  // ---------------- health ----------------

  async getHealth(): Promise<GridHealth> {
    await this.probeIfStale();
    const grid = this.monitor.gridHealth();
    const accounts = this.monitor.accountHealth();
    for (const { account, problem } of this.opened.unopened) {
      accounts.push({ id: account.id, name: account.name, online: false, latencyMs: null, lastError: problem, lastProbeAt: null, since: null });
    }
    return { ...grid, status: this.gridStatus(grid.status), accounts };
  }

  async listEvents(input: { limit?: number; beforeId?: number; severity?: 'info' | 'warning' | 'error'; accountId?: string; kind?: string }): Promise<HealthEventRecord[]> {
    return this.catalog.listEvents(input);
  }

  async checkFile(input: { path: string; verify?: boolean; repair?: boolean }): Promise<FileCheck> {
    const entry = catalogCall(() => requireFile(this.catalog, input.path));
    const damaged = damagedEntryProblem(entry);
    if (damaged) throw new ApiError('unavailable', damaged);
    const grid = await this.openGrid();
    const result = await checkGridFile(grid.servers, entry.cap, entry.encoding, { verify: input.verify, repair: input.repair, leaseSecret: grid.leaseSecret });
    this.recordFileCheck(entry.id, result, Date.now());
    return {
      path: entry.path,
      health: result.assessment.health,
      summary: result.summary,
      tolerance: result.assessment.tolerance,
      verified: result.verified,
      repaired: result.repaired,
      corrupt: result.corrupt,
      unreachableAccounts: result.unreachableAccounts,
      sharesByAccount: result.sharesByAccount,
    };
  }

  async runHealthCheck(input: { verify?: boolean; repair?: boolean }): Promise<Awaited<ReturnType<HealthMonitor['runPass']>>> {
    await this.refreshAccounts();
    await this.monitor.probeAccounts();
    this.lastProbeAt = Date.now();
    return this.monitor.runPass({ verify: input.verify, repair: input.repair });
  }

  // ---------------- robustness ----------------

  async getRobustness(): Promise<GridRobustnessReport> {
    return robustnessReport(this.config, this.catalog);
  }

  async previewRobustness(input: z.input<typeof PreviewRobustnessInputSchema>): Promise<{ current: GridRobustnessReport; preview: GridRobustnessReport }> {
    const add = input.addAccount ? { ...input.addAccount, name: input.addAccount.name ?? 'New account' } : undefined;
    return {
      current: robustnessReport(this.config, this.catalog),
      preview: robustnessReport(this.config, this.catalog, { encoding: input.encoding, add, removeId: input.removeAccountId, preview: true }),
    };
  }

  async getEncodingChart(): Promise<EncodingOption[]> {
    return encodingChart(this.config);
  }

  async recommendEncodings(input: { target: RobustnessTarget }): Promise<Recommendation> {
    return encodingRecommendation(this.config, input.target);
  }

  async setEncoding(input: { encoding: { needed: number; happy: number; total: number }; reencodeExisting?: boolean }): Promise<z.infer<typeof SetEncodingResultSchema>> {
    const enabled = this.config.accounts.filter((a) => a.enabled).length;
    const { needed, happy, total } = input.encoding;
    if (happy > enabled) {
      throw new ApiError('invalid_input', `happy: uploads must reach ${happy} different accounts, but ${enabled} are enabled; lower "happy" to ${enabled} or add accounts.`, 'happy');
    }
    await this.saveConfig({ ...this.config, encoding: { ...this.config.encoding, needed, happy, total } });
    this.backup.schedule();
    const others = this.catalog.allFiles().filter((f) => f.storageIndex !== null && (f.encoding.needed !== needed || f.encoding.total !== total));
    const bytesToReencode = others.reduce((sum, f) => sum + f.size, 0);
    const storedBytesChange = others.reduce((sum, f) => sum + f.size * (total / needed - f.encoding.total / f.encoding.needed), 0);
    const jobs = input.reencodeExisting
      ? others.map((f) => this.jobs.submit('reencode', { path: f.path, cap: f.cap }, { title: `Re-encode ${f.path}`, totalBytes: f.size }))
      : [];
    const change = `${storedBytesChange >= 0 ? 'adds' : 'frees'} about ${formatBytes(Math.abs(storedBytesChange))} of storage`;
    const message =
      others.length === 0
        ? `New files are stored ${needed}-of-${total}. No stored file needs re-encoding.`
        : input.reencodeExisting
          ? `Re-encoding ${others.length} files (${formatBytes(bytesToReencode)} to read and store again); when done it ${change}. The old shares stay until they are cleaned up.`
          : `New files are stored ${needed}-of-${total}. ${others.length} stored files (${formatBytes(bytesToReencode)}) keep their old encoding; re-encoding them ${change}.`;
    return { encoding: { ...this.config.encoding }, filesWithOtherEncoding: others.length, bytesToReencode, storedBytesChange, jobs, message };
  }

  // ---------------- settings ----------------

  async unlockSecrets(input: { passphrase: string; create?: boolean }): Promise<GridStatus['secretStore']> {
    const status = await this.secrets.unlockWithPassphrase(input.passphrase, input.create === true);
    // Accounts whose keys were locked away can open now.
    await this.accountsChanged();
    return status;
  }

  async completeSetup(): Promise<{ ok: true }> {
    await this.saveConfig({ ...this.config, setupComplete: true });
    return { ok: true };
  }

  async setMonitorSettings(input: Partial<GridConfig['monitor']>): Promise<GridConfig['monitor']> {
    const monitor = { ...this.config.monitor, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) };
    await this.saveConfig({ ...this.config, monitor });
    this.monitor.updateSettings(monitor);
    return { ...monitor };
  }

  // ---------------- recovery ----------------

  async getRecoveryKey(): Promise<{ keyId: string; words: string[]; fileText: string }> {
    const key = await this.recoveryKey();
    return { keyId: keyIdOf(key), words: recoveryKeyToWords(key), fileText: formatRecoveryKeyFile(key, { createdAt: new Date() }) };
  }

  /** Publishes the catalog backup now (tests and shutdown; normally it runs by itself after changes). */
  async publishCatalogNow(): Promise<void> {
    await this.backup.publishNow();
  }

  async restoreFromRecoveryKey(input: { key: string }): Promise<RestoreResult> {
    let key: RecoveryKey;
    try {
      key = parseRecoveryKey(input.key);
    } catch (error) {
      throw new ApiError('invalid_input', `key: ${(error as Error).message}`, 'key');
    }
    const { runtimes } = await this.refreshAccounts();
    if (runtimes.length === 0) throw new ApiError('conflict', 'Add the accounts your old RAIC used first: the backup is stored on them.');
    let loaded: Awaited<ReturnType<typeof loadRecoveryBundle>>;
    try {
      loaded = await loadRecoveryBundle(runtimes, key);
    } catch (error) {
      throw new ApiError('not_found', (error as Error).message);
    }
    const { bundle } = loaded;
    // Old account ids map onto the accounts added here by where they store (same bucket, folder, URL).
    const byLocation = new Map(this.config.accounts.map((a) => [describeLocation(a), a.id]));
    const idMap = new Map<string, string>();
    const missingAccounts: RestoreResult['missingAccounts'] = [];
    for (const old of bundle.accounts) {
      const current = byLocation.get(old.location);
      if (current) idMap.set(old.id, current);
      else missingAccounts.push({ name: old.name, provider: old.provider, location: old.location });
    }
    const hadFiles = this.catalog.totals().files > 0;
    const imported = catalogCall(() => this.catalog.importSnapshot(bundle.catalog, { accountIdMap: idMap, onConflict: 'skip' }));
    if (!hadFiles) {
      // A fresh grid carries on as the old one: same convergence secret (so re-uploads deduplicate), lease secret and recovery key.
      await writeGridKey(this.dataDir, 'convergence', Buffer.from(bundle.convergence, 'base64'));
      await writeGridKey(this.dataDir, 'lease-secret', Buffer.from(bundle.leaseSecret, 'base64'));
      await writeGridKey(this.dataDir, 'recovery-key', key.bytes);
      this.cachedRecoveryKey = key;
      await this.backup.adoptSeq(loaded.seq);
    }
    this.catalog.addEvent({ kind: 'restore', severity: 'info', message: `Restored ${imported.imported} files from the catalog backup of ${new Date(loaded.createdAt).toISOString()}.` });
    const olderBackup =
      loaded.fellBackFrom !== undefined
        ? ` This is an older backup: the newest one (number ${loaded.fellBackFrom}) could not be read from these accounts (${loaded.unreadable[0]?.reason ?? 'not enough shares'}); add the rest of your old accounts and restore again to get it.`
        : '';
    const message =
      `Restored ${imported.imported} files` +
      (imported.skipped > 0 ? ` (${imported.skipped} already listed here were kept)` : '') +
      (missingAccounts.length > 0 ? `. Add ${missingAccounts.map((a) => `"${a.name}"`).join(', ')} too, so every file has all its shares again.` : '.') +
      olderBackup;
    return { filesRestored: imported.imported, filesSkipped: imported.skipped, catalogSeq: loaded.seq, catalogCreatedAt: loaded.createdAt, missingAccounts, message };
  }

  // ---------------- internals ----------------

  private cachedRecoveryKey: RecoveryKey | undefined;

  private async recoveryKey(): Promise<RecoveryKey> {
    this.cachedRecoveryKey ??= { bytes: await loadOrCreateGridKey(this.dataDir, 'recovery-key', 16) };
    return this.cachedRecoveryKey;
  }

  private transferDeps() {
    return { catalog: this.catalog, openGrid: () => this.openGrid() };
  }

  private async saveConfig(next: GridConfig): Promise<void> {
    await saveConfig(this.dataDir, next);
    this.config = next;
  }

  private async accountsChanged(): Promise<void> {
    await this.refreshAccounts();
    await this.syncSharing();
    this.lastProbeAt = 0;
    this.events.emit({ type: 'accounts-changed' });
    this.backup.schedule();
  }

  /** Runs a GBS server for each enabled, shared account (only with background work, like the jobs); keeps a port picked the first time. */
  private async syncSharing(): Promise<void> {
    if (!this.backgroundStarted) return;
    const shared = this.opened.runtimes.map((runtime) => ({ runtime, sharing: this.config.accounts.find((a) => a.id === runtime.account.id)?.sharing }));
    await this.sharing.sync(shared);
    const picked = this.config.accounts.filter((a) => a.sharing?.enabled && a.sharing.port === 0 && this.sharing.state(a.id, a.sharing).port);
    if (picked.length > 0) {
      await this.saveConfig({
        ...this.config,
        accounts: this.config.accounts.map((a) => (picked.includes(a) ? { ...a, sharing: { ...a.sharing!, port: this.sharing.state(a.id, a.sharing).port! } } : a)),
      });
      await this.refreshAccounts();
    }
  }

  private async refreshAccounts(): Promise<RaicService['opened']> {
    this.opened = await this.accounts.openEnabled();
    return this.opened;
  }

  private async probeIfStale(): Promise<void> {
    if (Date.now() - this.lastProbeAt < 15_000) return;
    this.lastProbeAt = Date.now();
    await this.monitor.probeAccounts().catch((error: unknown) => this.log(`raic: account probe failed: ${String(error)}`));
  }

  /** `accountTotals` lets a caller summarizing every account query the catalog once, not once per account. */
  private summarize(account: AccountConfig, accountTotals = this.catalog.accountTotals()): AccountSummary {
    const health = this.monitor.accountHealth().find((h) => h.id === account.id);
    const unopened = this.opened.unopened.find((u) => u.account.id === account.id);
    const totals = accountTotals.get(account.id);
    return toAccountSummary(account, { health, unopenedProblem: unopened?.problem, totals, sharing: this.sharing.state(account.id, account.sharing) });
  }

  /** `accountNames` lets a caller summarizing many files build the id-to-name map once. */
  private fileSummary(entry: FileEntry, accountNames = this.accountNames()): FileSummary {
    return toFileSummary(entry, accountNames);
  }

  private accountNames(): Map<string, string> {
    return new Map(this.config.accounts.map((a) => [a.id, a.name]));
  }

  /**
   * The grid's status as status and health report it: healthy with no files,
   * the monitor's worst file once it has run a pass, else the worst health the
   * catalog recorded in earlier runs.
   */
  private gridStatus(monitorStatus: GridStatus['health']): GridStatus['health'] {
    if (this.catalog.totals().files === 0) return 'healthy';
    if (monitorStatus !== 'unknown') return monitorStatus;
    const counts = this.catalog.healthCounts();
    for (const state of ['unreadable', 'at-risk', 'degraded', 'unknown'] as const) if (counts[state] > 0) return state;
    return 'healthy';
  }

  private recordFileCheck(fileId: number, result: FileCheckResult, at: number): void {
    this.catalog.recordCheck(fileId, { health: result.assessment.health, checkedAt: at, summary: result.summary });
    const placements = Object.entries(result.sharesByAccount).flatMap(([accountId, shares]) => shares.map((shareNumber) => ({ accountId, shareNumber })));
    const entry = this.catalog.getFileById(fileId);
    if (entry && entry.storageIndex !== null && (result.unreachableAccounts.length === 0 || result.repaired)) this.catalog.setPlacements(fileId, placements);
  }

  /** Disables the account, then repairs each of its files onto the others; re-enables it if any file cannot be moved. */
  private async moveSharesOff(accountId: string): Promise<number> {
    const plan = await this.planAccountRemoval({ id: accountId });
    if (!plan.canMove) throw new ApiError('conflict', plan.message);
    await this.accounts.setEnabled(accountId, false);
    await this.refreshAccounts();
    const grid = await this.openGrid();
    const failed: string[] = [];
    let moved = 0;
    for (const file of this.catalog.filesOnAccount(accountId)) {
      const result = await checkGridFile(grid.servers, file.cap, file.encoding, { repair: true, leaseSecret: grid.leaseSecret });
      this.recordFileCheck(file.id, result, Date.now());
      if (result.assessment.health === 'healthy' || result.assessment.health === 'degraded') moved++;
      else failed.push(`${file.path} (${result.summary})`);
    }
    if (failed.length > 0) {
      await this.accounts.setEnabled(accountId, true);
      await this.refreshAccounts();
      throw new ApiError('conflict', `Could not move the shares of ${failed.length} files, so the account was kept: ${failed.slice(0, 5).join('; ')}.`);
    }
    return moved;
  }
}

function openCatalog(dataDir: string): Catalog {
  try {
    return Catalog.open(path.join(dataDir, 'catalog.sqlite'));
  } catch (error) {
    if (error instanceof CatalogError) throw new ApiError('unavailable', error.message);
    throw error;
  }
}

/** Catalog errors (bad path, missing file, name taken) become API errors with the same words. */
function catalogCall<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof CatalogError) {
      const code = error.code === 'not_found' ? 'not_found' : error.code === 'conflict' ? 'conflict' : error.code === 'damaged' ? 'unavailable' : 'invalid_input';
      throw new ApiError(code, error.message, code === 'invalid_input' ? 'path' : undefined);
    }
    throw error;
  }
}
