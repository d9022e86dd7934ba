/**
 * The grid service's composition root: opens one data dir (grid.json, the
 * catalog, the grid's private keys), builds the parts every area shares
 * (`ServiceContext`), and wires each area's operations (`ops/`) into one
 * object that implements the API contract plus the small set of ports its
 * hosts need (`ports.ts`). Transport-free: the HTTP server, Electron's IPC and
 * the CLI all reach the operations through `dispatch`.
 */
import { ApiError } from '../shared/api';
import type { ServiceOperations } from './ops/handlers';
import { loadOrCreateConfig } from './grid-config';
import { AccountsService } from './accounts/accounts-service';
import { SecretStoreProvider } from './secret-store-provider';
import { JobRunner, SERVICE_SMALL_JOB_BYTES_IN_FLIGHT, serviceSmallJobConcurrency } from './jobs';
import { resumeJobsWhenAccountsReturn, waitsForAccount } from './jobs/resume-on-account';
import { HealthMonitor } from './health/monitor';
import { cachedServerDomains } from './failure-domains';
import { BoundedDebounce } from './bounded-debounce';
import { checkGridFile } from './health/file-check';
import { EventBus } from './event-bus';
import { CatalogBackup, readBackupState } from './catalog-backup';
import { createGridGc } from './gc/service-gc';
import { gcOperations } from './ops/gc';
import { transferJobHandlers, type JobKinds } from './files/job-kinds';
import { UsageHistory } from './usage-history';
import { GbsSharing } from './gbs-sharing';
import { openCatalog } from './catalog-call';
import { ensurePrivateFolder, PRIVATE_FOLDER_NOTICE } from './data-dir-privacy';
import { DataDirLock, DataDirLockedError } from './data-dir-lock';
import { ServiceContext } from './service-context';
import { ServiceLifecycle } from './lifecycle';
import { servicePorts, type ServicePorts } from './ports';
import { accountOperations } from './ops/accounts';
import { signInOperations } from './ops/sign-in';
import { SignInSessions } from './accounts/sign-in-sessions';
import { sharingOperations } from './ops/sharing';
import { fileOperations } from './ops/files';
import { folderOperations } from './ops/folders';
import { jobOperations } from './ops/jobs';
import { healthOperations } from './ops/health';
import { robustnessOperations } from './ops/robustness';
import { usageOperations } from './ops/usage';
import { settingsOperations } from './ops/settings';
import { recoveryOperations } from './ops/recovery';
import { uploadSpace } from './quota/account-space';
import { applyRcloneSettings } from './rclone-settings';
import { trashOperations } from './ops/trash';
import { reencodeOperations } from './ops/reencode';
import { RetentionKeeper } from './files/retention-keeper';
import type { FileReleasePort } from './files/release-port';

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
  /** Longest the catalog backup waits after the first unpublished change, however busy the grid is. */
  backupMaxWaitMs?: number;
  /** Who holds the data folder, in the message another process gets ("raic serve", "the RAIC desktop app"). */
  holderName?: string;
  /** The rclone program packaged with the desktop app, if this build has one (preferred over the PATH). */
  bundledRclonePath?: string;
  /** Where content the catalog let go of is released (the gc side); nothing is released without it (files/release-port.ts). */
  fileRelease?: FileReleasePort;
}

/** Every operation of the contract, plus the ports of its hosts. */
export type RaicService = ServiceOperations & ServicePorts;

export const RaicService = {
  /** Opens the grid in dataDir, creating the default grid of local folders on first start. */
  async open(dataDir: string, options: RaicServiceOptions = {}): Promise<RaicService> {
    const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
    const wasShared = await ensurePrivateFolder(dataDir);
    const lock = await acquireLock(dataDir, options.holderName ?? 'RAIC');
    try {
      const service = await openLocked(dataDir, options, log, lock);
      if (wasShared) {
        log(`raic: ${PRIVATE_FOLDER_NOTICE}`);
        service.catalog.addEvent({ kind: 'data-folder-private', severity: 'warning', message: PRIVATE_FOLDER_NOTICE });
      }
      return service;
    } catch (error) {
      lock.release();
      throw error;
    }
  },
};

async function acquireLock(dataDir: string, holderName: string): Promise<DataDirLock> {
  try {
    return await DataDirLock.acquire(dataDir, holderName);
  } catch (error) {
    if (error instanceof DataDirLockedError) throw new ApiError('conflict', error.message);
    throw error;
  }
}

async function openLocked(dataDir: string, options: RaicServiceOptions, log: (line: string) => void, lock: DataDirLock): Promise<RaicService> {
  const catalog = openCatalog(dataDir);
  const ctx = new ServiceContext({
    dataDir,
    config: await loadOrCreateConfig(dataDir),
    catalog,
    secrets: new SecretStoreProvider({ dataDir, serviceName: options.secretServiceName, passphrase: options.passphrase, preferEncryptedFile: options.useSecretsFile }),
    log,
    events: new EventBus(),
    usageHistory: new UsageHistory(catalog),
    sharing: new GbsSharing(dataDir, log),
  });
  applyRcloneSettings(ctx.config, options.bundledRclonePath);
  const backupState = await readBackupState(dataDir);
  wireParts(ctx, backupState, options);
  await ctx.gc.trackCatalogBackups(backupState.catalogCap, backupState.seq);
  const lifecycle = new ServiceLifecycle(ctx, () => lock.release());
  const operations: ServiceOperations = {
    ...healthOperations(ctx),
    ...accountOperations(ctx),
    ...signInOperations(ctx),
    ...sharingOperations(ctx),
    ...usageOperations(ctx),
    ...fileOperations(ctx),
    ...folderOperations(ctx),
    ...jobOperations(ctx),
    ...robustnessOperations(ctx),
    ...settingsOperations(ctx, lifecycle),
    ...recoveryOperations(ctx),
    ...trashOperations(ctx),
    ...reencodeOperations(ctx),
    ...gcOperations(ctx),
  };
  await ctx.refreshAccounts();
  await ctx.recoveryKey(); // created with the grid, so it can be shown at first run
  return { ...operations, ...servicePorts(ctx, lifecycle) };
}

/** The parts that call back into the context: accounts, jobs, the health monitor and the catalog backup. */
function wireParts(ctx: ServiceContext, backupState: Awaited<ReturnType<typeof readBackupState>>, options: RaicServiceOptions): void {
  const { catalog, events } = ctx;
  ctx.accounts = new AccountsService({
    config: () => ctx.config,
    saveConfig: (next) => ctx.saveConfig(next),
    secrets: ctx.secrets,
    freeSpace: (id) => ctx.quotas.freeBytes(id),
    // Asked only when a folder account's folder lacks shares/ (rare), so the count over every placement is affordable.
    holdsStoredShares: (id) => (catalog.accountTotals().get(id)?.shares ?? 0) > 0,
  });
  ctx.signIns = new SignInSessions(ctx.accounts);
  ctx.gc = createGridGc(ctx);
  // What the trash, version rules and permanent deletes let go of goes to gc, which checks references and leases again before removing anything.
  ctx.fileRelease = options.fileRelease ?? { releaseFiles: async (refs) => void (await ctx.gc.releaseFiles(refs)) };
  ctx.retention = new RetentionKeeper({ catalog, rules: () => ctx.config.retention, release: () => ctx.fileRelease, log: ctx.log });
  const space = uploadSpace({
    quotas: ctx.quotas,
    catalog,
    accounts: () => ctx.config.accounts,
    sources: () => ctx.opened.runtimes,
    // The catalog knows the shares' own bytes; a local folder's limit counts each share's file, trailer included.
    storedBytesOfShares: (accountId, bytes, shares) => ctx.storedBytesOn(accountId, bytes, shares),
  });
  const transfers = {
    catalog,
    openGrid: () => ctx.openGrid(),
    space,
    releaseFiles: ctx.gc.releaseFiles,
    // The upload knows the shares' own bytes; measured usage counts them as the account holds them (a local folder's trailers included).
    noteStored: (accountId: string, bytes: number, shares: number) => ctx.gc.usage.noteStoredShares(accountId, 'files', ctx.storedBytesOn(accountId, bytes, shares), shares),
  };
  // Small files side by side: more when every account is remote (see runner-options.ts), within a byte budget.
  const smallJobConcurrency = () => serviceSmallJobConcurrency(ctx.config.accounts.map((account) => account.provider));
  ctx.jobs = new JobRunner<JobKinds>({ db: catalog.db, handlers: transferJobHandlers(() => transfers), log: ctx.log, smallJobConcurrency, smallJobBytesInFlight: SERVICE_SMALL_JOB_BYTES_IN_FLIGHT, waitsForAccount });
  // A stored (or removed) file changes the grid's live health. Deriving it reads every file, so during a
  // folder's uploads it is sent within a second of a quiet spell (at most every 5 s), and at once when
  // the batch ends: once per file, a folder of N files cost N squared.
  const gridHealthNotice = new BoundedDebounce(() => ctx.monitor.notifyGridIfChanged(), GRID_HEALTH_QUIET_MS, GRID_HEALTH_MAX_WAIT_MS);
  // A batch of jobs in which one finished its work is backed up as it ends rather than after the debounce: the user may close the app next.
  let batchDidWork = false;
  ctx.jobs.subscribe((event) => {
    events.emit(event);
    if (event.type !== 'job' || !isFinished(event.job.state)) return;
    batchDidWork ||= event.job.state === 'done';
    if (ctx.jobs.hasUnfinishedJobs()) {
      gridHealthNotice.poke();
      return;
    }
    gridHealthNotice.cancel();
    ctx.monitor.notifyGridIfChanged();
    if (batchDidWork) void ctx.backup.publishIfPending().catch(() => undefined);
    batchDidWork = false;
  });
  ctx.monitor = new HealthMonitor(
    {
      accounts: () => ctx.opened.runtimes.map((r) => ({ id: r.account.id, name: r.account.name, probe: (signal) => r.probe(signal) })),
      files: () => catalog.allFiles().map((f) => ({ id: f.id, path: f.path, cap: f.cap, size: f.size, encoding: f.encoding, health: f.health })),
      check: async (file, options) => {
        const grid = await ctx.openGrid();
        return checkGridFile(grid.servers, file.cap, file.encoding, { ...options, leaseSecret: grid.leaseSecret, domainOf: grid.domainOf });
      },
      recordFileHealth: (fileId, result, at) => ctx.recordFileCheck(fileId, result, at),
      recordEvent: (event) => events.emit({ type: 'health-event', event: catalog.addEvent(event) }),
      renewLeasesIfDue: (signal) => ctx.gc.renewIfDue({ signal }),
      placedFiles: () => catalog.allFiles(),
      placedFilesVersion: () => catalog.revision(),
      // Worked out once per set of opened accounts (it reads /sys), not at every derivation.
      domains: () => cachedServerDomains(ctx.opened.runtimes),
    },
    ctx.config.monitor,
  );
  ctx.monitor.subscribe((event) => events.emit(event));
  resumeJobsWhenAccountsReturn(ctx.monitor, ctx.jobs, ctx.log);
  ctx.backup = new CatalogBackup(
    {
      dataDir: ctx.dataDir,
      catalog,
      config: () => ctx.config,
      key: () => ctx.recoveryKey(),
      runtimes: async () => (await ctx.refreshAccounts()).runtimes,
      grid: () => ctx.openGrid(),
      onPublished: (state) => {
        events.emit({ type: 'recovery', state });
        // Backups older than the last few are no longer named by the recovery pointer: give their space back.
        if (state.catalogCap) void ctx.gc.catalogBackupPublished(state.seq, state.catalogCap).catch((error: unknown) => ctx.log(`raic: releasing old catalog backups: ${String(error)}`));
      },
      noteStored: (accountId, bytes, shares) => ctx.gc.usage.noteStoredShares(accountId, 'catalogBackups', ctx.storedBytesOn(accountId, bytes, shares), shares),
      onProblem: (message) => {
        catalog.addEvent({ kind: 'backup-failed', severity: 'warning', message });
        ctx.log(`raic: ${message}`);
      },
      // While jobs run, the end of their batch publishes (above), not a quiet spell in the middle.
      busy: () => ctx.jobs.hasUnfinishedJobs(),
      onStale: (message) => events.emit({ type: 'health-event', event: catalog.addEvent({ kind: 'backup-stale', severity: 'warning', message }) }),
      debounceMs: options.backupDebounceMs,
      maxWaitMs: options.backupMaxWaitMs,
    },
    backupState,
  );
}

/** A folder's uploads update the grid's health this long after the last one finished... */
const GRID_HEALTH_QUIET_MS = 1_000;
/** ...and at least this often while they keep finishing. */
const GRID_HEALTH_MAX_WAIT_MS = 5_000;

function isFinished(state: string): boolean {
  return state === 'done' || state === 'failed' || state === 'cancelled';
}
