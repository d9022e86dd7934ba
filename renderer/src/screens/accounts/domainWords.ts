/**
 * An account's failure domain in plain words for the account list and form:
 * "On the same disk as Local folders 1-4", "Its own disk", "Same provider and
 * login as Backups", and where that came from (detected or set by the user).
 */
import type { AccountSummary } from '../../../../shared/api';
import { nameList } from '../../../../shared/name-list';

type Domain = NonNullable<AccountSummary['failureDomain']>;

/** "disk" for folders, "login" for cloud and server logins. */
export function domainNoun(domain: Pick<Domain, 'kind'>): string {
  return domain.kind === 'login' ? 'login' : domain.kind === 'server' ? 'server' : 'disk';
}

/** What the account fails together with, in one short sentence without a full stop. */
export function domainWords(domain: Domain): string {
  const others = (domain.sharedWith ?? []).map((other) => other.name);
  const noun = domainNoun(domain);
  if (others.length === 0) return `Its own ${noun}`;
  const names = nameList(others);
  if (noun === 'login') return `Same provider and login as ${names}`;
  if (noun === 'server') return `On the same server as ${names}`;
  return `On the same disk as ${names}`;
}

export function domainSourceWords(domain: Pick<Domain, 'source'>): string {
  return domain.source === 'user' ? 'as you set it' : 'detected by RAIC';
}
