/**
 * The whole grid's figures: each file is judged on its own placement and the
 * grid reports the worst file, since losing any file is losing data.
 */
import { anyFileLoss } from './any-file-loss';
import { monthlyCost } from './cost';
import { fileRobustness } from './file-robustness';
import { checkEncoding } from './holdings';
import { domainTurnOrder, idealPlacement } from './ideal-placement';
import { ninesOf } from '../../shared/nines';
import { lossWithRepair } from './repair';
import { describeGrid } from './summary';
import type { EncodingShape, FilePlacement, FileRobustness, GridRobustness, GridRobustnessInput } from './types';

interface Judged {
  fileId: string | null;
  encoding: EncodingShape;
  placement: FilePlacement;
  figures: FileRobustness;
  withRepair: { annualLossProbability: number; assumptions: string } | null;
}

export function gridRobustness(input: GridRobustnessInput): GridRobustness {
  const { accounts, encoding, files, repair } = input;
  const domains = input.domains ?? [];
  checkEncoding(encoding);
  const preview = files.length === 0;
  const subjects = preview
    ? [{ id: null, placement: idealPlacement(domainTurnOrder(accounts), encoding.total) }]
    : files;

  // Many files share a placement shape; judge each shape once.
  const bySignature = new Map<string, Omit<Judged, 'fileId' | 'encoding' | 'placement'>>();
  const judged: Judged[] = subjects.map((subject) => {
    const { id, placement } = subject;
    // A file is judged by the encoding it was stored with, not the grid's current one.
    const own = 'encoding' in subject && subject.encoding ? subject.encoding : encoding;
    const signature = `${own.needed}/${own.total}:${placementSignature(placement)}`;
    let result = bySignature.get(signature);
    if (!result) {
      result = {
        figures: fileRobustness(accounts, own, placement, domains),
        withRepair: repair ? lossWithRepair(accounts, own, placement, repair, domains) : null,
      };
      bySignature.set(signature, result);
    }
    return { fileId: id, encoding: own, placement, ...result };
  });

  const worstLoss = maxBy(judged, (file) => file.figures.annualLossProbability);
  const leastTolerant = maxBy(judged, (file) => -file.figures.tolerance);
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
    weakestAccounts: leastTolerant.figures.weakestAccounts,
    weakestDomains: leastTolerant.figures.weakestDomains,
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
    summary: describeGrid({
      accounts,
      encoding,
      tolerance: leastTolerant.figures.tolerance,
      weakestAccounts: leastTolerant.figures.weakestAccounts,
      weakestDomains: leastTolerant.figures.weakestDomains,
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

/** First item with the largest key. */
function maxBy<T>(items: readonly T[], key: (item: T) => number): T {
  let best = items[0];
  for (const item of items) if (key(item) > key(best)) best = item;
  return best;
}
