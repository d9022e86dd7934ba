/**
 * The account form's "What this account changes", for this grid: the
 * accounts before and after the change modelled the way the dashboard and
 * the wizard model them (robustness-report.ts: risks, shared disks and
 * logins, prices), handed to the pure computation in
 * engine/robustness/account-change-preview.ts.
 */
import { accountChangePreview, type EncodingShape } from '../engine/robustness';
import type { AccountChange } from '../shared/api';
import { nameList } from '../shared/name-list';
import type { GridConfig } from './grid-config';
import { modelAccounts, type HypotheticalAccount, type ModelAccounts } from './robustness-report';
import { NEW_ACCOUNT_ID } from './new-account-domain';

export function accountChangeReport(config: GridConfig, change: { add?: HypotheticalAccount; removeId?: string; encoding?: EncodingShape }): AccountChange | null {
  if (!change.add && !change.removeId) return null;
  const before = modelAccounts(config);
  const after = modelAccounts(config, { add: change.add, removeId: change.removeId });
  const changedId = change.add ? NEW_ACCOUNT_ID : change.removeId!;
  // The domain the changed account is in: the new grid's for an addition, today's for a removal.
  const domainModel = change.add ? after : before;
  const provider = change.add ? change.add.provider : config.accounts.find((a) => a.id === change.removeId)?.provider;
  const encoding = change.encoding ?? { needed: config.encoding.needed, happy: config.encoding.happy, total: config.encoding.total };
  const preview = accountChangePreview({
    change: change.add ? 'add' : 'remove',
    noun: provider === 'local' ? 'folder' : 'account',
    before: shapeOf(before),
    after: shapeOf(after),
    encoding,
    sharedDomain: sharedDomainOf(domainModel, changedId),
    names: nameList,
  });
  const currency = Object.values(after.prices)[0]?.currency ?? Object.values(before.prices)[0]?.currency ?? 'USD';
  return { ...preview, currency };
}

function shapeOf(model: ModelAccounts) {
  return { accounts: model.risks, domains: model.domainRisks, prices: model.prices };
}

function sharedDomainOf(model: ModelAccounts, accountId: string): { kind: string; sharedWith: string[] } | null {
  const domain = model.failureDomains.find((candidate) => candidate.accountIds.includes(accountId));
  if (!domain) return null;
  return { kind: domain.kind, sharedWith: domain.accountIds.filter((id) => id !== accountId).map((id) => model.names.get(id) ?? id) };
}
