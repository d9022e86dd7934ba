/**
 * The background health monitor: probes every account each minute, checks
 * every file each interval (listing shares: cheap), verifies a rotating sample
 * within a byte budget (reading shares: costs egress), repairs what needs it,
 * and tells people about transitions only (see file-events.ts and
 * account-prober.ts).
 *
 * One pass runs at a time: runPass calls queue behind each other, and a timed
 * pass is skipped while another is running or queued. Every wait is bounded:
 * a probe by probeTimeoutMs, a file's check by checkTimeoutMs plus the time
 * its reads need at MIN_READ_BYTES_PER_SECOND.
 */
import { describeError } from '../../engine/grid';
import { AccountProber } from './account-prober';
import { HEALTH_BY_SEVERITY } from './classify';
import { withDeadline } from './deadline';
import { RepeatingTimer } from './repeating-timer';
import type { FileCheckResult } from './file-check';
import { asFileHealth, checkFailureEvent, eventsForResult, type FileMemory } from './file-events';
import { summarizeGrid } from './grid-status';
import { accountStates, deriveFileHealth, deriveHealth, type LiveFileHealth, type PlacedFile } from './live-health';
import type { AccountHealth, GridHealth, MonitorDeps, MonitoredFile, MonitorNotice, NewMonitorEvent, PassReport } from './monitor-types';
import { DEFAULT_MONITOR_SETTINGS, mergeSettings, type MonitorSettings } from './settings';
import { estimatedShareBytes, VerifyBudget } from './verify-budget';

export type { AccountHealth, GridHealth, MonitorDeps, MonitoredAccount, MonitoredFile, MonitorNotice, NewMonitorEvent, PassReport } from './monitor-types';
export { DEFAULT_MONITOR_SETTINGS, type MonitorSettings } from './settings';

/** The slowest share reading a check waits for (1 MiB/s), on top of checkTimeoutMs. */
export const MIN_READ_BYTES_PER_SECOND = 1024 * 1024;
/** How often the monitor asks whether leases are due for renewal (the renewal itself runs about every 15 days). */
export const LEASE_CHECK_INTERVAL_MS = 60 * 60_000;
/** The first timed pass waits this long (or one interval, if shorter), so the app finishes starting first. */
const FIRST_PASS_DELAY_MS = 30_000;

export interface PassOptions {
  /** Only these files (a repair queued for the files an account that came back can help); a full pass otherwise. */
  only?: ReadonlySet<number>;
  /** true: verify every file; false: none; absent: a sample within the verify budget. */
  verify?: boolean;
  /** Repair what needs it (per settings.repairWhen); default settings.autoRepair. */
  repair?: boolean;
  signal?: AbortSignal;
}

export class HealthMonitor {
  private settings: MonitorSettings;
  private readonly now: () => number;
  private readonly prober: AccountProber;
  private readonly budget = new VerifyBudget();
  private readonly memories = new Map<number, FileMemory & { path: string }>();
  /** The last reason each failing file could not be checked, so it is reported once. */
  private readonly checkFailures = new Map<number, string>();
  private readonly listeners = new Set<(notice: MonitorNotice) => void>();
  private lastPassAt: number | null = null;
  private filesAtLastPass = 0;
  private passChain: Promise<unknown> = Promise.resolve();
  private passesQueued = 0;
  /** The derived grid health last sent to listeners, so a change is sent once. */
  private lastGridNotice = '';
  /** The last derived grid health and what it was derived from. */
  private derived: { key: string; grid: GridHealth; byId: ReadonlyMap<number, LiveFileHealth> } | undefined;
  /** Aborted by stop(): ends the running pass and probes early. */
  private lifetime = new AbortController();
  private started = false;
  private readonly probeTimer = new RepeatingTimer('probing the accounts', () => this.probeAccounts(), () => this.settings.accountProbeIntervalMs);
  /** Lease renewal runs beside the passes, in small batches, so it never holds up uploads or checks. */
  private readonly leaseTimer = new RepeatingTimer('renewing leases', () => this.deps.renewLeasesIfDue?.(this.lifetime.signal) ?? Promise.resolve(), () => LEASE_CHECK_INTERVAL_MS);
  /** A pass a person asked for that is running or waiting serves as the timed pass. */
  private readonly passTimer = new RepeatingTimer(
    'checking the files',
    () => (this.passesQueued > 0 ? Promise.resolve() : this.queuePass({}, false)),
    () => this.settings.fileCheckIntervalMs,
  );

  constructor(
    private readonly deps: MonitorDeps,
    settings: Partial<MonitorSettings> = {},
  ) {
    this.settings = mergeSettings(DEFAULT_MONITOR_SETTINGS, settings);
    this.now = () => deps.now?.() ?? Date.now();
    this.prober = new AccountProber({
      now: this.now,
      event: (event) => {
        this.emitEvent(event);
        if (event.kind === 'account-online' && event.accountId) this.repairOntoReturnedAccount(event.accountId);
      },
      accountChanged: (account) => {
        this.notify({ type: 'account-health', account });
        this.notifyGridIfChanged();
      },
    });
  }

  currentSettings(): MonitorSettings {
    return { ...this.settings };
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.probeTimer.schedule(0);
    this.passTimer.schedule(Math.min(FIRST_PASS_DELAY_MS, this.settings.fileCheckIntervalMs));
    if (this.deps.renewLeasesIfDue) this.leaseTimer.schedule(FIRST_PASS_DELAY_MS);
  }

  /** Stops the timers, interrupts the running pass (the check in flight is no longer waited for) and waits for it and any probes to end. */
  async stop(): Promise<void> {
    this.started = false;
    this.probeTimer.cancel();
    this.passTimer.cancel();
    this.leaseTimer.cancel();
    this.lifetime.abort(new Error('the health monitor was stopped'));
    await Promise.all([this.passChain, this.prober.settle()]);
    this.lifetime = new AbortController();
  }

  /** Applies the changes (all or nothing: a bad value throws and changes nothing); new intervals count from now. */
  updateSettings(changes: Partial<MonitorSettings>): void {
    const before = this.settings;
    this.settings = mergeSettings(before, changes);
    if (!this.started) return;
    if (this.settings.accountProbeIntervalMs !== before.accountProbeIntervalMs) this.probeTimer.schedule(this.settings.accountProbeIntervalMs);
    if (this.settings.fileCheckIntervalMs !== before.fileCheckIntervalMs) this.passTimer.schedule(this.settings.fileCheckIntervalMs);
  }

  /** One probe round now; joins a round already running. */
  probeAccounts(): Promise<AccountHealth[]> {
    const { probeTimeoutMs, accountProbeIntervalMs } = this.settings;
    return this.prober.probeAll(this.deps.accounts(), probeTimeoutMs, this.lifetime.signal, accountProbeIntervalMs);
  }

  /** Checks every file now, after any pass already running or queued. */
  runPass(options: PassOptions = {}): Promise<PassReport> {
    return this.queuePass(options, true);
  }

  accountHealth(): AccountHealth[] {
    return this.prober.snapshot(this.deps.accounts());
  }

  /**
   * The grid's health: derived live from the placements and the accounts'
   * current state when the service gives placements (one state every view
   * reads), else from the files' last checks.
   */
  gridHealth(): GridHealth {
    if (this.deps.placedFiles) return this.derivedGridHealth(this.deps.placedFiles);
    const checked = [...this.memories.values()].map((m) => ({ path: m.path, health: m.health, summary: m.summary }));
    const fileCount = this.lastPassAt === null ? this.deps.files().length : this.filesAtLastPass;
    return summarizeGrid(checked, fileCount, this.lastPassAt);
  }

  /**
   * Derived from the placements, reused while neither the files (their
   * version) nor any account's state, name or domain changed: status and
   * health ask often, and every probe asks again.
   */
  private derivedGridHealth(placedFiles: () => PlacedFile[]): GridHealth {
    const accounts = this.accountHealth();
    const domainOf = this.deps.domains?.();
    const version = this.deps.placedFilesVersion?.();
    const key = JSON.stringify([version ?? null, this.lastPassAt, accounts.map((a) => [a.id, a.name, a.online, a.lastProbeAt === null, domainOf?.(a.id) ?? null])]);
    if (version !== undefined && this.derived?.key === key) return this.derived.grid;
    const accountNames = new Map(accounts.map((a) => [a.id, a.name]));
    const { grid, byId } = deriveHealth(placedFiles(), { stateOf: accountStates(accounts), accountNames, domainOf }, this.lastPassAt);
    this.derived = { key, grid, byId };
    return grid;
  }

  /**
   * One file's live health, derived from its own placements like the grid's;
   * undefined without placements. It never derives the whole grid: every
   * upload changes the catalog, and a summary of the new file must not walk
   * every file stored (that made a folder of N uploads cost N squared).
   */
  liveFileHealth(file: PlacedFile): LiveFileHealth | undefined {
    if (!this.deps.placedFiles) return undefined;
    const accounts = this.accountHealth();
    const accountNames = new Map(accounts.map((a) => [a.id, a.name]));
    return deriveFileHealth(file, { stateOf: accountStates(accounts), accountNames, domainOf: this.deps.domains?.() });
  }

  /**
   * An account came back: the files that can use it are repaired now rather than
   * at the next full pass: those missing shares, and those stored while it
   * was away (fewer accounts hold shares than could). Needs the placements;
   * only with autoRepair, and only while the monitor runs.
   */
  private repairOntoReturnedAccount(accountId: string): void {
    const placed = this.deps.placedFiles?.();
    if (!placed || !this.started || !this.settings.autoRepair) return;
    const reachable = this.accountHealth().filter((a) => a.online).length;
    const stateOf = accountStates(this.accountHealth());
    const accountNames = new Map<string, string>();
    const wanting = placed.filter((file) => {
      if (file.cap.startsWith('URI:LIT:')) return false;
      const holders = new Set(file.placements.map((p) => p.accountId));
      if (holders.has(accountId) && deriveFileHealth(file, { stateOf, accountNames }).health === 'healthy') return false;
      return holders.size < Math.min(file.encoding.total, reachable) || deriveFileHealth(file, { stateOf, accountNames }).health !== 'healthy';
    });
    if (wanting.length === 0) return;
    void this.queuePass({ only: new Set(wanting.map((f) => f.id)), repair: true, verify: false }, false).catch(() => undefined);
  }

  /**
   * Tells listeners the grid's health when it differs from what they were last
   * told: after an account changed state, a file was checked, or the files
   * changed (the service calls this after uploads and deletes).
   */
  notifyGridIfChanged(): void {
    const grid = this.gridHealth();
    const key = JSON.stringify({ ...grid, lastPassAt: null });
    if (key === this.lastGridNotice) return;
    this.lastGridNotice = key;
    this.notify({ type: 'grid-health', grid });
  }

  subscribe(listener: (notice: MonitorNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private queuePass(options: PassOptions, requestedByPerson: boolean): Promise<PassReport> {
    this.passesQueued++;
    const pass = this.passChain.then(() => this.pass(options, requestedByPerson)).finally(() => this.passesQueued--);
    this.passChain = pass.catch(() => undefined);
    return pass;
  }

  private async pass(options: PassOptions, requestedByPerson: boolean): Promise<PassReport> {
    const signal = options.signal ? AbortSignal.any([this.lifetime.signal, options.signal]) : this.lifetime.signal;
    const startedAt = this.now();
    const allFiles = this.deps.files();
    const files = options.only ? allFiles.filter((f) => options.only!.has(f.id)) : allFiles;
    const accountNames = new Map(this.deps.accounts().map((a) => [a.id, a.name]));
    this.forgetFilesNotIn(new Set(allFiles.map((f) => f.id)));
    const toVerify = this.filesToVerify(files, options.verify, startedAt);
    const repair = options.repair ?? this.settings.autoRepair;
    const report: PassReport = { filesChecked: 0, filesVerified: 0, repaired: 0, repairFailed: 0, counts: {}, durationMs: 0, interrupted: false };

    for (const file of files) {
      if (signal.aborted) break;
      let result: FileCheckResult;
      try {
        result = await this.checkOne(file, toVerify.has(file.id), repair, signal);
      } catch (error) {
        if (signal.aborted) break;
        this.noteCheckFailure(file, describeError(error));
        continue;
      }
      this.checkFailures.delete(file.id);
      this.absorbResult(file, result, accountNames, report);
    }

    report.interrupted = signal.aborted;
    if (!report.interrupted && !options.only) {
      this.lastPassAt = this.now();
      this.filesAtLastPass = files.length;
    }
    report.durationMs = this.now() - startedAt;
    this.lastGridNotice = '';
    this.notifyGridIfChanged();
    if (requestedByPerson) this.emitEvent(passSummaryEvent(report));
    return report;
  }

  private filesToVerify(files: readonly MonitoredFile[], verify: boolean | undefined, now: number): Set<number> {
    if (verify === true) return new Set(files.map((f) => f.id));
    if (verify === false) return new Set();
    this.budget.refill(this.settings.verifyBytesPerHour, this.settings.fileCheckIntervalMs, now);
    return this.budget.choose(files);
  }

  /**
   * With repairWhen 'degraded' the engine's own rule (repair anything not
   * healthy that can still be read) is the setting, so one call does it; with
   * 'at-risk' the file is checked first and repaired only if it is at risk.
   */
  private async checkOne(file: MonitoredFile, verify: boolean, repair: boolean, signal: AbortSignal): Promise<FileCheckResult> {
    const check = (repairNow: boolean): Promise<FileCheckResult> =>
      withDeadline('its accounts', this.checkDeadlineMs(file, verify || repairNow), (s) => this.deps.check(file, { verify, repair: repairNow, signal: s }), signal);
    if (!repair) return check(false);
    if (this.settings.repairWhen === 'degraded') return check(true);
    const first = await check(false);
    if (first.assessment.health !== 'at-risk') return first;
    const repaired = await check(true);
    return { ...repaired, bytesRead: first.bytesRead + repaired.bytesRead };
  }

  private checkDeadlineMs(file: MonitoredFile, readsShares: boolean): number {
    const readingMs = readsShares ? (estimatedShareBytes(file) / MIN_READ_BYTES_PER_SECOND) * 1000 : 0;
    // setTimeout cannot wait longer than 2^31-1 ms; a check that long is stuck anyway.
    return Math.min(2 ** 31 - 1, this.settings.checkTimeoutMs + readingMs);
  }

  private absorbResult(file: MonitoredFile, result: FileCheckResult, accountNames: ReadonlyMap<string, string>, report: PassReport): void {
    const at = this.now();
    const health = result.assessment.health;
    report.filesChecked++;
    if (result.verified) report.filesVerified++;
    this.budget.spend(result.bytesRead);
    if (result.verified) this.budget.markVerified(file.id, at);
    if (result.repaired && !result.repairError) report.repaired++;
    // An unreadable file cannot be repaired; that is its health, not a repair failure.
    if (result.repairError && health !== 'unreadable') report.repairFailed++;
    report.counts[health] = (report.counts[health] ?? 0) + 1;

    this.deps.recordFileHealth(file.id, result, at);
    const previous = this.memories.get(file.id);
    const { events, memory } = eventsForResult(file.path, previous, asFileHealth(file.health), result, accountNames);
    this.memories.set(file.id, { ...memory, path: file.path });
    for (const event of events) this.emitEvent(event);
    if (previous?.health !== health) this.notifyGridIfChanged();
  }

  private noteCheckFailure(file: MonitoredFile, reason: string): void {
    if (this.checkFailures.get(file.id) === reason) return;
    this.checkFailures.set(file.id, reason);
    this.emitEvent(checkFailureEvent(file.path, reason));
  }

  private forgetFilesNotIn(ids: ReadonlySet<number>): void {
    for (const id of this.memories.keys()) if (!ids.has(id)) this.memories.delete(id);
    for (const id of this.checkFailures.keys()) if (!ids.has(id)) this.checkFailures.delete(id);
    this.budget.retainOnly(ids);
  }

  private emitEvent(event: NewMonitorEvent): void {
    this.deps.recordEvent(event);
    this.notify({ type: 'monitor-event', event });
  }

  private notify(notice: MonitorNotice): void {
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch {
        // A listener is a view (a window, an HTTP stream); one that breaks must not stop health monitoring.
      }
    }
  }
}

function passSummaryEvent(report: PassReport): NewMonitorEvent {
  const order = [...HEALTH_BY_SEVERITY].reverse();
  const counts = order.filter((h) => report.counts[h]).map((h) => `${report.counts[h]} ${h}`);
  const repairs = [
    ...(report.repaired ? [`${report.repaired} repaired`] : []),
    ...(report.repairFailed ? [`${report.repairFailed} could not be repaired`] : []),
  ];
  const worstSeen = order.slice(1).some((h) => report.counts[h]);
  return {
    kind: 'check-pass',
    severity: report.counts.unreadable ? 'error' : worstSeen || report.repairFailed ? 'warning' : 'info',
    message:
      `${report.interrupted ? 'Health check stopped early' : 'Health check done'}: ${report.filesChecked} files checked` +
      `${report.filesVerified ? ` (${report.filesVerified} verified)` : ''}${counts.length ? `: ${counts.join(', ')}` : ''}` +
      `${repairs.length ? `; ${repairs.join(', ')}` : ''}.`,
  };
}
