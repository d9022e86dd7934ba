/**
 * The user's corrections of how accounts fail together, as edits of an
 * account: which failure domain it is in ("on the same disk as ...",
 * "independent of the others"), and the shared part of its domain's risk.
 * Saved in grid.json: the correction with the account, the figures under the
 * domain's id (docs/robustness.md, "Failure domains").
 */
import { ApiError, type EditAccountInput } from '../../shared/api';
import type { AccountConfig, GridConfig } from '../grid-config';
import { effectiveFailureDomains } from '../failure-domains';

export interface GroupingChanges {
  /** "detected", "own" or "same-as:<account id>". */
  failureDomain?: string;
  /** The domain's shared risk: a figure, or null to go back to the estimate; absent: unchanged. */
  domainRisk?: { lossProbability?: number | null; availability?: number | null };
}

const GROUPING_KEYS = ['failureDomain', 'domainLossProbability', 'domainAvailability'] as const;

export function splitGroupingChanges(changes: EditAccountInput['changes']): { providerChanges: EditAccountInput['changes']; grouping: GroupingChanges } {
  const providerChanges = { ...changes };
  for (const key of GROUPING_KEYS) delete providerChanges[key];
  const grouping: GroupingChanges = {};
  if ('failureDomain' in changes) {
    const value = changes.failureDomain;
    if (typeof value !== 'string') throw invalid('failureDomain', 'give "detected", "own" or "same-as:<account id>".');
    grouping.failureDomain = value;
  }
  for (const [key, field] of [
    ['domainLossProbability', 'lossProbability'],
    ['domainAvailability', 'availability'],
  ] as const) {
    if (!(key in changes)) continue;
    const value = changes[key];
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1)) {
      throw invalid(key, 'give a probability between 0 and 1 (e.g. 0.02 for 2%), or null to use the estimate.');
    }
    grouping.domainRisk = { ...grouping.domainRisk, [field]: value };
  }
  return { providerChanges, grouping };
}

/** The config with the account's grouping and its domain's figures changed; refuses what makes no sense. */
export function applyGrouping(config: GridConfig, accountId: string, grouping: GroupingChanges): GridConfig {
  const account = config.accounts.find((a) => a.id === accountId);
  if (!account) throw new ApiError('not_found', 'That account does not exist (it may have been removed already); reload the list.');
  let accounts = config.accounts;
  if (grouping.failureDomain !== undefined) {
    const correction = correctionOf(config, account, grouping.failureDomain);
    accounts = accounts.map((a) => (a.id === accountId ? withCorrection(a, correction) : a));
  }
  let domainRisks = config.domainRisks;
  if (grouping.domainRisk) {
    const enabled = accounts.filter((a) => a.enabled || a.id === accountId);
    const effective = effectiveFailureDomains(enabled);
    const domainId = effective.get(accountId)!.domain.id;
    const members = enabled.filter((a) => effective.get(a.id)!.domain.id === domainId).length;
    if (members < 2) {
      throw invalid(
        'domainLossProbability',
        `"${account.name}" shares its disk or login with no other account, so its domain has no shared part: set the account's own figures instead.`,
      );
    }
    const next = { ...config.domainRisks[domainId] };
    for (const [field, value] of Object.entries(grouping.domainRisk) as ['lossProbability' | 'availability', number | null | undefined][]) {
      if (value === null) delete next[field];
      else if (value !== undefined) next[field] = value;
    }
    domainRisks = { ...config.domainRisks };
    if (next.lossProbability === undefined && next.availability === undefined) delete domainRisks[domainId];
    else domainRisks[domainId] = next;
  }
  return { ...config, accounts, domainRisks };
}

function correctionOf(config: GridConfig, account: AccountConfig, value: string): AccountConfig['failureDomain'] {
  if (value === 'detected') return undefined;
  if (value === 'own') return { own: true };
  const match = /^same-as:(.+)$/.exec(value);
  if (!match) throw invalid('failureDomain', `"${value}" is not a grouping: give "detected", "own" or "same-as:<account id>".`);
  const other = config.accounts.find((a) => a.id === match[1]);
  if (!other) throw invalid('failureDomain', 'the account to group with does not exist (it may have been removed); reload the list.');
  if (other.id === account.id) throw invalid('failureDomain', 'an account is always in its own domain: choose another account to group it with.');
  return { sameAs: other.id };
}

function withCorrection(account: AccountConfig, correction: AccountConfig['failureDomain']): AccountConfig {
  const { failureDomain: _dropped, ...rest } = account;
  return correction ? { ...rest, failureDomain: correction } : rest;
}

function invalid(field: string, message: string): ApiError {
  return new ApiError('invalid_input', `${field}: ${message}`, field);
}
