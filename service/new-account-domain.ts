/**
 * The failure domain an account being filled in would join, before it is
 * saved: detected from the settings typed so far, the same way a saved
 * account's is (failure-domains.ts), so the add-account form can say "on the
 * same disk as Local folders 1-5" while the path is still being typed. Only
 * settings are read, never secrets: an S3 access key id is one, so S3 buckets
 * are grouped by endpoint alone, as saved ones are.
 */
import type { FailureDomainSummary } from '../shared/api';
import type { ProviderId } from '../shared/accounts';
import { failureDomainOf, type FailureDomain } from './failure-domains';

/** The id the hypothetical account has in previews. */
export const NEW_ACCOUNT_ID = 'new-account';

export interface NewAccountShape {
  name: string;
  provider: ProviderId;
  /** The form's non-secret settings (path, url, username, endpoint, host, ...); without them the account counts as a domain of its own. */
  settings?: Readonly<Record<string, string | number>>;
}

/** The grid's domains with the new account placed: in the domain it would share, or in a new one. */
export function withNewAccount(domains: readonly FailureDomain[], add: NewAccountShape): FailureDomain[] {
  if (!add.settings) {
    return [...domains, { id: NEW_ACCOUNT_ID, name: `the domain of "${add.name}"`, kind: add.provider === 'local' ? 'disk' : 'login', accountIds: [NEW_ACCOUNT_ID] }];
  }
  const ref = failureDomainOf({ id: NEW_ACCOUNT_ID, provider: add.provider, settings: { ...add.settings } });
  const joined = domains.find((domain) => domain.id === ref.id);
  if (joined) return domains.map((domain) => (domain === joined ? { ...domain, accountIds: [...domain.accountIds, NEW_ACCOUNT_ID] } : domain));
  return [...domains, { ...ref, accountIds: [NEW_ACCOUNT_ID] }];
}

/** For the form: the domain the new account is in, and the names of the saved accounts already there (none: independent). */
export function newAccountDomain(domains: readonly FailureDomainSummary[], names: ReadonlyMap<string, string>): { name: string; kind: string; sharedWith: string[] } | null {
  const domain = domains.find((candidate) => candidate.accountIds.includes(NEW_ACCOUNT_ID));
  if (!domain) return null;
  const sharedWith = domain.accountIds.filter((id) => id !== NEW_ACCOUNT_ID).map((id) => names.get(id) ?? id);
  return { name: domain.name, kind: domain.kind, sharedWith };
}
