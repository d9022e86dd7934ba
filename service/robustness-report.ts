/**
 * The robustness model (engine/robustness, docs/robustness.md) applied to
 * this grid: its accounts with their risk figures, the catalog's placements
 * (files with the same placement are evaluated once), the price table, and
 * the monitor's schedule as the repair period. Previews evaluate how new
 * files would be placed under a changed encoding or account list.
 */
import {
  gridRobustness,
  recommendEncodings,
  robustnessChart,
  type AccountRisk,
  type DomainRisk,
  type EncodingOption,
  type EncodingShape,
  type FilePlacement,
  type PriceEntry,
  type Recommendation,
  type RepairSchedule,
  type RobustnessTarget,
} from '../engine/robustness';
import { defaultPrice, defaultRisk } from '../engine/robustness';
import type { GridRobustnessReport } from '../shared/api';
import type { ProviderId } from '../shared/accounts';
import type { Catalog } from './catalog';
import type { GridConfig } from './grid-config';
import { accountRiskOf, priceOf } from './pricing';
import { failureDomainsOf, type FailureDomain } from './failure-domains';
import { modelRisks } from './domain-risks';
import { NEW_ACCOUNT_ID, withNewAccount } from './new-account-domain';

/**
 * How often the user's own internet connection is up (a home line: about
 * 44 hours out a year), documented in docs/robustness.md. Every account but
 * the local folders is out of reach while it is down.
 */
export const ASSUMED_CONNECTION_AVAILABILITY = 0.995;

export interface HypotheticalAccount {
  name: string;
  provider: ProviderId;
  preset?: string;
  lossProbability?: number;
  availability?: number;
  /** The form's non-secret settings, to find the disk or login the account would share. */
  settings?: Readonly<Record<string, string | number>>;
}

export interface ModelAccounts {
  /** Each account's own part of the risk when it shares a domain (engine/robustness/domains.ts). */
  risks: AccountRisk[];
  domainRisks: DomainRisk[];
  failureDomains: FailureDomain[];
  prices: Record<string, PriceEntry>;
  names: Map<string, string>;
}

export function modelAccounts(config: GridConfig, change: { add?: HypotheticalAccount; removeId?: string } = {}): ModelAccounts {
  const enabled = config.accounts.filter((a) => a.enabled && a.id !== change.removeId);
  const risks: AccountRisk[] = enabled.map((a) => ({ id: a.id, name: a.name, kind: a.provider, ...accountRiskOf(a) }));
  const prices: Record<string, PriceEntry> = Object.fromEntries(enabled.map((a) => [a.id, priceOf(a, config.prices)]));
  if (change.add) {
    const defaults = defaultRisk(change.add.provider, change.add.preset);
    risks.push({
      id: NEW_ACCOUNT_ID,
      name: change.add.name,
      kind: change.add.provider,
      lossProbability: change.add.lossProbability ?? defaults.lossProbability,
      availability: change.add.availability ?? defaults.availability,
    });
    const key = change.add.provider === 's3' ? `s3:${change.add.preset ?? 'other'}` : change.add.provider;
    prices[NEW_ACCOUNT_ID] = config.prices[key] ?? defaultPrice(change.add.provider, change.add.preset);
  }
  // A hypothetical account joins the disk or login its typed settings point at, or is a domain of its own (new-account-domain.ts).
  const failureDomains = change.add ? withNewAccount(failureDomainsOf(enabled), change.add) : failureDomainsOf(enabled);
  const domainOfAccount = new Map(failureDomains.flatMap((domain) => domain.accountIds.map((id) => [id, domain] as const)));
  // The user's corrections of the grouping come through failureDomainsOf, their figures per domain through modelRisks.
  const correlated = modelRisks(risks, (id) => domainOfAccount.get(id), config.domainRisks);
  return { risks: correlated.accounts, domainRisks: correlated.domains, failureDomains, prices, names: new Map(risks.map((r) => [r.id, r.name])) };
}

/** The monitor's check interval; each repair's duration comes from the bytes to rebuild at the stated default throughput (engine/robustness/repair.ts). */
function repairScheduleOf(config: GridConfig): RepairSchedule | undefined {
  if (!config.monitor.autoRepair) return undefined;
  return { checkIntervalHours: config.monitor.fileCheckIntervalMs / 3_600_000 };
}

interface StoredPlacement {
  id: string;
  size: number;
  count: number;
  placement: FilePlacement;
  path: string;
  encoding: EncodingShape;
}

/** Files grouped by placement: the model's cost grows with distinct placements, not with files. */
function distinctPlacements(catalog: Catalog, accountIds: ReadonlySet<string>): StoredPlacement[] {
  const groups = new Map<string, StoredPlacement>();
  for (const file of catalog.allFiles()) {
    if (file.storageIndex === null) continue; // literal files live in their cap: nothing to lose
    const placement: Record<string, number[]> = {};
    for (const p of file.placements) if (accountIds.has(p.accountId)) (placement[p.accountId] ??= []).push(p.shareNumber);
    const key = `${file.encoding.needed}/${file.encoding.total}:${JSON.stringify(Object.entries(placement).sort())}`;
    const group = groups.get(key);
    if (group) {
      group.size += file.size;
      group.count++;
    } else {
      // The file's own encoding: after a change of encoding, files keep theirs until re-encoded.
      const encoding = { needed: file.encoding.needed, happy: Math.min(file.encoding.happy, file.encoding.total), total: file.encoding.total };
      groups.set(key, { id: String(file.id), size: file.size, count: 1, placement, path: file.path, encoding });
    }
  }
  return [...groups.values()];
}

/** How many stored files (and bytes) use each encoding: mixed after a change of encoding, until re-encoding ends. */
function fileEncodingsOf(catalog: Catalog): GridRobustnessReport['fileEncodings'] {
  const counts = new Map<string, GridRobustnessReport['fileEncodings'][number]>();
  for (const file of catalog.allFiles()) {
    if (file.storageIndex === null) continue;
    const key = `${file.encoding.needed}/${file.encoding.total}`;
    const entry = counts.get(key) ?? { needed: file.encoding.needed, total: file.encoding.total, files: 0, bytes: 0 };
    entry.files++;
    entry.bytes += file.size;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.files - a.files || a.needed - b.needed || a.total - b.total);
}

/** The figures for the grid as it is (stored files), or as new files would be placed after a change. */
export function robustnessReport(
  config: GridConfig,
  catalog: Catalog,
  options: { encoding?: EncodingShape; add?: HypotheticalAccount; removeId?: string; preview?: boolean } = {},
): GridRobustnessReport {
  const model = modelAccounts(config, { add: options.add, removeId: options.removeId });
  const encoding = options.encoding ?? { needed: config.encoding.needed, happy: config.encoding.happy, total: config.encoding.total };
  const ids = new Set(model.risks.map((r) => r.id));
  const files = options.preview ? [] : distinctPlacements(catalog, ids);
  const storedBytesByAccount: Record<string, number> = {};
  for (const [id, totals] of catalog.accountTotals()) if (ids.has(id)) storedBytesByAccount[id] = totals.bytes;
  if (options.preview) {
    // A preview prices the same plaintext under the new encoding, spread evenly.
    const plaintext = catalog.totals().bytes;
    for (const id of ids) storedBytesByAccount[id] = (plaintext * encoding.total) / encoding.needed / Math.max(1, ids.size);
  }
  const result = gridRobustness({
    accounts: model.risks,
    domains: model.domainRisks,
    encoding,
    files,
    storedBytesByAccount,
    prices: model.prices,
    repair: repairScheduleOf(config),
    connection: { availability: ASSUMED_CONNECTION_AVAILABILITY },
  });
  const domainNames = new Map(model.failureDomains.map((domain) => [domain.id, domain.name]));
  const tooFew = encoding.happy > model.risks.length;
  return {
    ...result,
    summary: tooFew
      ? `With ${model.risks.length} account${model.risks.length === 1 ? '' : 's'}, uploads cannot reach at least ${encoding.happy} different accounts: add accounts or lower "happy". ${result.summary}`
      : result.summary,
    weakestAccountNames: result.weakestAccounts.map((id) => model.names.get(id) ?? id),
    weakestDomainNames: result.weakestDomains.map((id) => domainNames.get(id) ?? id),
    failureDomains: model.failureDomains,
    fileEncodings: fileEncodingsOf(catalog),
    worstFilePath: files.find((f) => f.id === result.worstFileId)?.path ?? null,
    encoding: { ...encoding },
    accountCount: model.risks.length,
  };
}

export function encodingChart(config: GridConfig): EncodingOption[] {
  const model = modelAccounts(config);
  return robustnessChart(model.risks, model.prices, { domains: model.domainRisks });
}

export function encodingRecommendation(config: GridConfig, target: RobustnessTarget): Recommendation {
  const model = modelAccounts(config);
  return recommendEncodings(model.risks, model.prices, target, config.encoding, { domains: model.domainRisks });
}
