/**
 * The whole grid's figures: each file is judged on its own placement and the
 * grid reports the worst file, since losing any file is losing data.
 */
import { anyFileLoss } from './any-file-loss';
import { monthlyCost } from './cost';
import { fileRobustness, lossHolders, usesConnection } from './file-robustness';
import { checkEncoding } from './holdings';
import { ninesOf } from '../../shared/nines';
import { lossWithRepair } from './repair';
import { describeGrid, onOneDisk, weakPointSentence } from './summary';
import { uploadPlacement } from './upload-placement';
import { likeliestLosingSet, type LosingSet } from './weak-point';
import type { AccountRisk, EncodingShape, FilePlacement, FileRobustness, GridRobustness, GridRobustnessInput } from './types';

interface Judged {
  fileId: string | null;
  encoding: EncodingShape;
  placement: FilePlacement;
  /** Files sharing this placement. */
  count: number;
  figures: FileRobustness;
  withRepair: { annualLossProbability: number; assumptions: string } | null;
  weakPoint: LosingSet | null;
}

export function gridRobustness(input: GridRobustnessInput): GridRobustness {
  const { accounts, encoding, files, repair } = input;
  const domains = input.domains ?? [];
  checkEncoding(encoding);
  const preview = files.length === 0;
  const subjects = preview
    ? [{ id: null, placement: uploadPlacement(accounts, encoding.total) }]
    : files;

  // Many files share a placement shape; judge each shape once.
  const bySignature = new Map<string, Omit<Judged, 'fileId' | 'encoding' | 'placement' | 'count'>>();
  const repairSchedule = repair && { ...repair, storedBytesByAccount: repair.storedBytesByAccount ?? input.storedBytesByAccount };
  const judged: Judged[] = subjects.map((subject) => {
    const { id, placement } = subject;
    // A file is judged by the encoding it was stored with, not the grid's current one.
    const own = 'encoding' in subject && subject.encoding ? subject.encoding : encoding;
    const signature = `${own.needed}/${own.total}:${placementSignature(placement)}`;
    let result = bySignature.get(signature);
    if (!result) {
      result = {
        figures: fileRobustness(accounts, own, placement, domains, input.connection),
        withRepair: repairSchedule ? lossWithRepair(accounts, own, placement, repairSchedule, domains) : null,
        weakPoint: likeliestLosingSet(lossHolders(accounts, own, placement), accounts, domains, own.needed),
      };
      bySignature.set(signature, result);
    }
    return { fileId: id, encoding: own, placement, count: 'count' in subject && subject.count ? subject.count : 1, ...result };
  });

  const worstLoss = maxBy(judged, (file) => file.figures.annualLossProbability);
  const leastTolerant = maxBy(judged, (file) => -file.figures.tolerance);
  const weakPoint = likeliestOverall(judged);
  const configured = new Set(accounts.map((account) => account.id));
  const weakPointFileCount = weakPoint && !preview ? judged.filter((file) => losesWith(file, weakPoint, accounts, configured)).reduce((sum, file) => sum + file.count, 0) : 0;
  // A preview judges how a new file would be placed: no file is stored yet.
  const fileCount = preview ? 0 : judged.reduce((sum, file) => sum + file.count, 0);
  const worstRepaired = repair ? maxBy(judged, (file) => file.withRepair!.annualLossProbability) : null;
  const cost = monthlyCost(input.storedBytesByAccount, input.prices);
  const repairedLoss = worstRepaired ? worstRepaired.withRepair!.annualLossProbability : null;
  const distinct = [...new Map(judged.map((file) => [`${file.encoding.needed}/${file.encoding.total}:${placementSignature(file.placement)}`, file])).values()];
  const anyFile = anyFileLoss(
    accounts,
    domains,
    distinct.map((file) => ({ encoding: file.encoding, placement: file.placement, annualLossProbability: file.figures.annualLossProbability })),
  );

  return {
    tolerance: leastTolerant.figures.tolerance,
    weakestAccounts: weakPoint?.accountIds ?? [],
    weakestDomains: weakPoint?.domainIds ?? [],
    weakPointProbability: weakPoint?.probability ?? 0,
    weakPointFileCount,
    fileCount,
    availabilityAssumptions: connectionWords(input),
    oneDisk: onOneDisk(accounts, domains),
    anyFileLossProbability: anyFile.probability,
    anyFileLossExact: anyFile.exact,
    annualLossProbability: worstLoss.figures.annualLossProbability,
    nines: worstLoss.figures.nines,
    annualLossProbabilityWithRepair: repairedLoss,
    ninesWithRepair: repairedLoss === null ? null : ninesOf(repairedLoss),
    repairAssumptions: worstRepaired ? worstRepaired.withRepair!.assumptions : null,
    availability: judged.reduce((lowest, file) => Math.min(lowest, file.figures.availability), 1),
    overhead: encoding.total / encoding.needed,
    monthlyCost: cost.total,
    currency: cost.currency,
    costByAccount: cost.byAccount,
    weakPointWords: weakPointSentence({ accounts, weakestAccounts: weakPoint?.accountIds ?? [], weakestDomains: weakPoint?.domainIds ?? [], domains, weakPointFileCount, fileCount, preview }),
    summary: describeGrid({
      accounts,
      encoding,
      tolerance: leastTolerant.figures.tolerance,
      weakestAccounts: weakPoint?.accountIds ?? [],
      weakestDomains: weakPoint?.domainIds ?? [],
      weakPointFileCount,
      fileCount,
      domains,
      annualLossProbability: worstLoss.figures.annualLossProbability,
      preview,
    }),
    worstFileId: worstLoss.fileId,
  };
}

function placementSignature(placement: FilePlacement): string {
  const entries = Object.entries(placement)
    .filter(([, shares]) => shares.length > 0)
    .map(([accountId, shares]) => [accountId, [...new Set(shares)].sort((a, b) => a - b)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(entries);
}

/** The likeliest losing set of any file: the grid's weak point. */
function likeliestOverall(judged: readonly Judged[]): LosingSet | null {
  let best: LosingSet | null = null;
  for (const file of judged) if (file.weakPoint && (!best || file.weakPoint.probability > best.probability)) best = file.weakPoint;
  return best;
}

/**
 * Whether losing the set loses the file. A failed domain takes every account
 * in it, not only those that held the judged file's shares (the set was found
 * for one file; another file's shares sit on other folders of the same disk).
 */
function losesWith(file: Judged, set: LosingSet, accounts: readonly AccountRisk[], configured: ReadonlySet<string>): boolean {
  const domainsDown = new Set(set.domainIds);
  const down = new Set([...set.accountIds, ...accounts.filter((account) => account.domainId !== undefined && domainsDown.has(account.domainId)).map((account) => account.id)]);
  const left = new Set(Object.entries(file.placement).flatMap(([id, shares]) => (down.has(id) || !configured.has(id) ? [] : shares)));
  return left.size < file.encoding.needed;
}

function connectionWords(input: GridRobustnessInput): string | null {
  if (!input.connection || !input.accounts.some(usesConnection)) return null;
  const percent = Number((input.connection.availability * 100).toPrecision(4));
  return `Counts your own internet connection, assumed up ${percent}% of the time: when it is down, only your local folders can be read.`;
}

/** First item with the largest key. */
function maxBy<T>(items: readonly T[], key: (item: T) => number): T {
  let best = items[0];
  for (const item of items) if (key(item) > key(best)) best = item;
  return best;
}
