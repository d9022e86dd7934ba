/** The grid's status and health: account probes, per-file checks, the event history, a full pass on demand. */
import { ApiError } from '../../shared/api';
import type { ServiceContext } from '../service-context';
import { checkGridFile } from '../health/file-check';
import { keyIdOf } from '../catalog-backup';
import { catalogCall } from '../catalog-call';
import { damagedEntryProblem, requireFile } from '../files/transfers';
import type { OperationHandlers } from './handlers';
import { accountDomainViews } from '../domain-risks';

/** How long a status request waits for providers' quota figures; later ones show on the next request. */
const STATUS_QUOTA_WAIT_MS = 2_000;

type HealthOperations = 'getStatus' | 'getHealth' | 'listEvents' | 'checkFile' | 'runHealthCheck';

export function healthOperations(ctx: ServiceContext): OperationHandlers<HealthOperations> {
  return {
    async getStatus() {
      await ctx.probeIfStale();
      // Quota figures for the account cards: asked only when stale, and a slow provider holds the answer up briefly at most.
      await ctx.quotas.freshAll(ctx.opened.runtimes, STATUS_QUOTA_WAIT_MS);
      const totals = ctx.catalog.totals();
      const backup = ctx.backup.status();
      const accountTotals = ctx.catalog.accountTotals();
      const domains = accountDomainViews(ctx.config);
      return {
        dataDir: ctx.dataDir,
        encoding: { ...ctx.config.encoding },
        accounts: ctx.config.accounts.map((a) => ctx.summarize(a, accountTotals, domains)),
        health: ctx.gridStatus(ctx.monitor.gridHealth().status),
        files: { count: totals.files, bytes: totals.bytes },
        activeJobs: ctx.jobs.list({ states: ['queued', 'running'] }).length,
        secretStore: ctx.secrets.status(),
        setupComplete: ctx.config.setupComplete,
        paused: ctx.background.paused,
        monitor: { ...ctx.config.monitor },
        recovery: { keyId: keyIdOf(await ctx.recoveryKey()), lastPublishedAt: backup.lastPublishedAt, seq: backup.seq, problem: backup.problem },
      };
    },
    async getHealth() {
      await ctx.probeIfStale();
      const grid = ctx.monitor.gridHealth();
      const accounts = ctx.monitor.accountHealth();
      for (const { account, problem } of ctx.opened.unopened) {
        accounts.push({ id: account.id, name: account.name, online: false, latencyMs: null, lastError: problem, lastProbeAt: null, since: null });
      }
      return { ...grid, status: ctx.gridStatus(grid.status), accounts };
    },
    listEvents: async (input) => ctx.catalog.listEvents(input),
    async checkFile(input) {
      const entry = catalogCall(() => requireFile(ctx.catalog, input.path));
      const damaged = damagedEntryProblem(entry);
      if (damaged) throw new ApiError('unavailable', damaged);
      const grid = await ctx.openGrid();
      // A repair that trusts unread shares rewrites nothing when shares are corrupt, so repairing verifies first.
      const verify = input.verify === true || input.repair === true;
      const result = await checkGridFile(grid.servers, entry.cap, entry.encoding, { verify, repair: input.repair, leaseSecret: grid.leaseSecret, domainOf: grid.domainOf });
      ctx.recordFileCheck(entry.id, result, Date.now());
      // People know their accounts by name: an id the engine put into a sentence (a repair's error) becomes the name.
      const named = withAccountNames(ctx.config.accounts);
      return {
        path: entry.path,
        health: result.assessment.health,
        summary: named(result.summary),
        tolerance: result.assessment.tolerance,
        verified: result.verified,
        repaired: result.repaired,
        corrupt: result.corrupt.map((c) => ({ ...c, reason: named(c.reason) })),
        unreachableAccounts: result.unreachableAccounts.map((u) => ({ ...u, reason: named(u.reason) })),
        sharesByAccount: result.sharesByAccount,
      };
    },
    async runHealthCheck(input) {
      await ctx.refreshAccounts();
      await ctx.probeNow();
      return ctx.monitor.runPass({ verify: input.verify, repair: input.repair });
    },
  };
}

/** Replaces account ids in a sentence with the accounts' names, quoted. */
export function withAccountNames(accounts: readonly { id: string; name: string }[]): (text: string) => string {
  return (text) => accounts.reduce((sentence, account) => (account.id.length >= 16 ? sentence.split(account.id).join(`"${account.name}"`) : sentence), text);
}
