/**
 * The state every area of the service shares (config, catalog, accounts,
 * jobs, monitor, catalog backup, GBS sharing, events) and the few derived
 * views more than one area needs. The operations themselves live in `ops/`;
 * this module only holds what they have in common, so no area reaches into
 * another.
 */
import type { AccountSummary, FileSummary, GridStatus } from '../shared/api';
import type { OpenGrid } from '../engine/grid/open-grid';
import { storedBytesOfShares } from '../engine/storage/lease-collection';
import { cachedGridKey, loadOrCreateGridKey, saveConfig, type AccountConfig, type GridConfig } from './grid-config';
import type { AccountsService, OpenedAccounts } from './accounts/accounts-service';
import type { SignInSessions } from './accounts/sign-in-sessions';
import type { SecretStoreProvider } from './secret-store-provider';
import type { Catalog, FileEntry } from './catalog';
import type { JobRunner } from './jobs';
import type { JobKinds } from './files/job-kinds';
import type { HealthMonitor } from './health/monitor';
import type { FileCheckResult } from './health/file-check';
import type { EventBus } from './event-bus';
import type { CatalogBackup } from './catalog-backup';
import type { GridGc } from './gc';
import type { RecoveryKey } from './recovery';
import type { GbsSharing } from './gbs-sharing';
import type { UsageHistory } from './usage-history';
import { toAccountSummary, toFileSummary } from './summaries';
import { serverDomains } from './failure-domains';
import { accountDomainViews } from './domain-risks';
import { QuotaBook } from './quota/quota-book';
import { spaceSummary } from './quota/usage-quota';
import { NO_RELEASE, type FileReleasePort } from './files/release-port';
import type { RetentionKeeper } from './files/retention-keeper';

/** Opened accounts: one runtime per enabled account that could be opened, and why the others could not. */
export type { OpenedAccounts };

/** The parts the context is built from; made by the composition root (`raic-service.ts`). */
export interface ServiceParts {
  dataDir: string;
  config: GridConfig;
  catalog: Catalog;
  secrets: SecretStoreProvider;
  log: (line: string) => void;
  events: EventBus;
  usageHistory: UsageHistory;
  sharing: GbsSharing;
}

/** Background work's switches, read by status and flipped by the lifecycle. */
export interface BackgroundState {
  started: boolean;
  paused: boolean;
  monitorWanted: boolean;
}

/** How old an account probe may be before a status or health request probes again. */
const PROBE_FRESHNESS_MS = 15_000;

export class ServiceContext {
  readonly dataDir: string;
  readonly catalog: Catalog;
  readonly secrets: SecretStoreProvider;
  readonly log: (line: string) => void;
  readonly events: EventBus;
  readonly usageHistory: UsageHistory;
  readonly sharing: GbsSharing;
  readonly background: BackgroundState = { started: false, paused: false, monitorWanted: false };
  /** Opened accounts, refreshed whenever the account list changes, for the parts that cannot wait (the monitor). */
  opened: OpenedAccounts = { runtimes: [], unopened: [] };
  private readonly domainCache = new WeakMap<OpenedAccounts['runtimes'], (serverId: string) => string | undefined>();
  /** The providers' quota and free space per account, asked every few minutes at most. */
  readonly quotas = new QuotaBook();
  // Set by the composition root right after construction: they need the context to exist first.
  accounts!: AccountsService;
  signIns!: SignInSessions;
  jobs!: JobRunner<JobKinds>;
  monitor!: HealthMonitor;
  backup!: CatalogBackup;
  retention!: RetentionKeeper;
  /** Where content the catalog let go of is released (the gc side; a no-op until it is wired, see files/release-port.ts). */
  fileRelease: FileReleasePort = NO_RELEASE;
  /** Leases, release, garbage collection and measured usage (service/gc). */
  gc!: GridGc;
  private currentConfig: GridConfig;
  private lastProbeAt = 0;
  private cachedRecoveryKey: RecoveryKey | undefined;

  constructor(parts: ServiceParts) {
    this.dataDir = parts.dataDir;
    this.currentConfig = parts.config;
    this.catalog = parts.catalog;
    this.secrets = parts.secrets;
    this.log = parts.log;
    this.events = parts.events;
    this.usageHistory = parts.usageHistory;
    this.sharing = parts.sharing;
  }

  get config(): GridConfig {
    return this.currentConfig;
  }

  async saveConfig(next: GridConfig): Promise<void> {
    await saveConfig(this.dataDir, next);
    this.currentConfig = next;
  }

  /** The engine's view of the grid: one storage server per enabled, openable account, and the grid's keys. */
  async openGrid(): Promise<OpenGrid> {
    const { runtimes } = this.opened.runtimes.length > 0 ? this.opened : await this.refreshAccounts();
    return {
      servers: runtimes.map((r) => r.server),
      encoding: { ...this.config.encoding },
      // Read once per process, not once per file (writeGridKey replaces them when a grid is restored).
      convergence: await cachedGridKey(this.dataDir, 'convergence', 16),
      leaseSecret: await cachedGridKey(this.dataDir, 'lease-secret', 32),
      domainOf: this.domainsOf(runtimes),
    };
  }

  /** Each server's failure domain, worked out once per set of opened accounts (it reads /sys), not once per file. */
  private domainsOf(runtimes: OpenedAccounts['runtimes']): (serverId: string) => string | undefined {
    let domains = this.domainCache.get(runtimes);
    if (!domains) {
      domains = serverDomains(runtimes);
      this.domainCache.set(runtimes, domains);
    }
    return domains;
  }

  async refreshAccounts(): Promise<OpenedAccounts> {
    this.opened = await this.accounts.openEnabled();
    return this.opened;
  }

  /** After any change to the account list: reopen, re-sync sharing, probe again soon, tell the UI, back up the catalog. */
  async accountsChanged(): Promise<void> {
    await this.refreshAccounts();
    // An added or edited account may be another place now: its figures are asked for afresh.
    this.quotas.forgetExcept([]);
    await this.syncSharing();
    this.lastProbeAt = 0;
    this.events.emit({ type: 'accounts-changed' });
    this.backup.schedule();
  }

  /** Runs a GBS server for each enabled, shared account (only with background work, like the jobs); keeps a port picked the first time. */
  async syncSharing(): Promise<void> {
    if (!this.background.started) return;
    const shared = this.opened.runtimes.map((runtime) => ({ runtime, sharing: this.config.accounts.find((a) => a.id === runtime.account.id)?.sharing }));
    await this.sharing.sync(shared);
    const picked = this.config.accounts.filter((a) => a.sharing?.enabled && a.sharing.port === 0 && this.sharing.state(a.id, a.sharing).port);
    if (picked.length === 0) return;
    await this.saveConfig({
      ...this.config,
      accounts: this.config.accounts.map((a) => (picked.includes(a) ? { ...a, sharing: { ...a.sharing!, port: this.sharing.state(a.id, a.sharing).port! } } : a)),
    });
    await this.refreshAccounts();
  }

  /** Probes the accounts unless a probe ran in the last few seconds (status and health ask often). */
  async probeIfStale(): Promise<void> {
    if (Date.now() - this.lastProbeAt < PROBE_FRESHNESS_MS) return;
    await this.probeNow().catch((error: unknown) => this.log(`raic: account probe failed: ${String(error)}`));
  }

  async probeNow(): Promise<void> {
    this.lastProbeAt = Date.now();
    await this.monitor.probeAccounts();
  }

  async recoveryKey(): Promise<RecoveryKey> {
    this.cachedRecoveryKey ??= { bytes: await loadOrCreateGridKey(this.dataDir, 'recovery-key', 16) };
    return this.cachedRecoveryKey;
  }

  /** A restore carries the old grid's recovery key over (already written to disk by the caller). */
  adoptRecoveryKey(key: RecoveryKey): void {
    this.cachedRecoveryKey = key;
  }

  /**
   * Bytes `shares` shares holding `bytes` of share data take on an opened
   * account: the catalog knows the shares' own bytes, and the account holds
   * more where each share carries a trailer (a local folder). An account not
   * opened counts the shares' own bytes.
   */
  storedBytesOn(accountId: string, bytes: number, shares: number): number {
    const server = this.opened.runtimes.find((runtime) => runtime.account.id === accountId)?.server;
    return server ? storedBytesOfShares(server, bytes, shares) : bytes;
  }

  /** `accountTotals` lets a caller summarizing every account query the catalog once, not once per account. */
  /** `domains` lets a caller summarizing every account group them once. */
  summarize(account: AccountConfig, accountTotals = this.catalog.accountTotals(), domains = accountDomainViews(this.config)): AccountSummary {
    const health = this.monitor.accountHealth().find((h) => h.id === account.id);
    const unopened = this.opened.unopened.find((u) => u.account.id === account.id);
    const totals = accountTotals.get(account.id);
    return toAccountSummary(account, {
      health,
      unopenedProblem: unopened?.problem,
      totals: totals && { ...totals, bytes: this.storedBytesOn(account.id, totals.bytes, totals.shares) },
      sharing: this.sharing.state(account.id, account.sharing),
      domain: domains.get(account.id),
      accountNames: this.accountNames(),
      space: spaceSummary(this.quotas, account.id),
    });
  }

  /** `accountNames` lets a caller summarizing many files build the id-to-name map once. */
  fileSummary(entry: FileEntry, accountNames = this.accountNames()): FileSummary {
    const summary = toFileSummary(entry, accountNames);
    // The file list shows the same live health as the header (an account offline now), with the sentence that explains it.
    const live = this.monitor.liveFileHealth({ id: entry.id, path: entry.path, cap: entry.cap, encoding: entry.encoding, placements: entry.placements });
    if (!live || live.health === 'unknown' || live.health === summary.health) return summary;
    return { ...summary, health: live.health, lastCheckSummary: live.summary };
  }

  accountNames(): Map<string, string> {
    return new Map(this.config.accounts.map((a) => [a.id, a.name]));
  }

  /**
   * The grid's status as status and health report it: healthy with no files,
   * else the monitor's live state (derived from the placements and the
   * accounts as the last probe found them; 'unknown' only until the accounts
   * holding shares have answered once). Never an earlier run's verdict: that
   * said "healthy" while accounts were offline (issue 20).
   */
  gridStatus(monitorStatus: GridStatus['health']): GridStatus['health'] {
    if (this.catalog.totals().files === 0) return 'healthy';
    return monitorStatus;
  }

  /** Records a check's outcome; placements are replaced only when every account answered (or the repair rewrote them). */
  recordFileCheck(fileId: number, result: FileCheckResult, at: number): void {
    this.catalog.recordCheck(fileId, { health: result.assessment.health, checkedAt: at, summary: result.summary });
    const placements = Object.entries(result.sharesByAccount).flatMap(([accountId, shares]) => shares.map((shareNumber) => ({ accountId, shareNumber })));
    const entry = this.catalog.getFileById(fileId);
    if (entry && entry.storageIndex !== null && (result.unreachableAccounts.length === 0 || result.repaired)) this.catalog.setPlacements(fileId, placements);
  }
}
