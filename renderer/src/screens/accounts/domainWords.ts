/**
 * An account's failure domain in plain words for the account list and form:
 * "On the same disk as Local folder 1–4", "Its own disk", "Same provider and
 * login as Backups", and where that came from (detected or set by the user).
 */
import type { AccountSummary } from '../../../../shared/api';

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
  const names = listNames(others);
  if (noun === 'login') return `Same provider and login as ${names}`;
  if (noun === 'server') return `On the same server as ${names}`;
  return `On the same disk as ${names}`;
}

export function domainSourceWords(domain: Pick<Domain, 'source'>): string {
  return domain.source === 'user' ? 'as you set it' : 'detected by RAIC';
}

/**
 * Names as a reader would say them: a run of numbered names with one stem
 * ("Local folder 1", "Local folder 2", "Local folder 3") as "Local folder 1–3";
 * anything else as "A, B and C".
 */
export function listNames(names: readonly string[]): string {
  if (names.length === 0) return '';
  const numbered = names.map((name) => /^(.*?)(\d+)$/.exec(name));
  if (names.length >= 3 && numbered.every((m) => m !== null && m[1] === numbered[0]![1])) {
    const numbers = numbered.map((m) => Number(m![2])).sort((a, b) => a - b);
    if (numbers.every((n, i) => i === 0 || n === numbers[i - 1]! + 1)) return `${numbered[0]![1]}${numbers[0]}–${numbers[numbers.length - 1]}`;
  }
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
