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
 * Names as a reader would say them: numbered names with one stem share it,
 * runs of three or more become ranges ("Local folder 1 and 3–5", "Local
 * folder 2–5"); anything else as "A, B and C".
 */
export function listNames(names: readonly string[]): string {
  if (names.length === 0) return '';
  const numbered = names.map((name) => /^(.*?)(\d+)$/.exec(name));
  const stem = numbered[0]?.[1];
  if (names.length >= 2 && numbered.every((m) => m !== null && m[1] === stem)) {
    const numbers = [...new Set(numbered.map((m) => Number(m![2])))].sort((a, b) => a - b);
    const pieces: string[] = [];
    for (let i = 0; i < numbers.length; ) {
      let j = i;
      while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
      if (j - i >= 2) pieces.push(`${numbers[i]}–${numbers[j]}`);
      else for (let k = i; k <= j; k++) pieces.push(String(numbers[k]));
      i = j + 1;
    }
    return `${stem}${joinWords(pieces)}`;
  }
  return joinWords(names);
}

function joinWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
