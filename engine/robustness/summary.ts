/**
 * The grid's robustness in plain words, for the dashboard and the CLI: what
 * it survives, its weak point (the likeliest set of failures that loses a
 * file, named as the disk or login it is), and its durability with the real
 * figure. A grid whose accounts all sit on one disk says so plainly.
 */
import { nameList } from '../../shared/name-list';
import { formatNines } from '../../shared/nines';
import type { AccountRisk, DomainRisk, EncodingShape } from './types';

export interface SummaryFacts {
  accounts: readonly AccountRisk[];
  encoding: EncodingShape;
  tolerance: number;
  /** The weak point: accounts (those of its domains included) and domains. */
  weakestAccounts: readonly string[];
  weakestDomains?: readonly string[];
  /** Files the weak point loses, of `fileCount`. */
  weakPointFileCount?: number;
  fileCount?: number;
  domains?: readonly DomainRisk[];
  annualLossProbability: number;
  /** No file exists yet and the figures describe how uploads would place one. */
  preview: boolean;
}

export const ONE_DISK_WARNING =
  'All your accounts are folders on one disk: this protects your files against a damaged folder or a bad sector, not against losing the disk or the computer. Add a cloud account or a USB disk to protect against that.';

export function describeGrid(facts: SummaryFacts): string {
  const { accounts, encoding, tolerance, preview } = facts;
  if (accounts.length === 0) return 'No storage accounts yet: add one to see how well your files would be protected.';
  if (!preview && tolerance < 0) return `Some files cannot be recovered even with every account reachable: they have fewer than ${encoding.needed} distinct shares. Run a repair.`;
  const domains = facts.domains ?? [];
  const shared = domains.length > 0;
  const durability = `${preview ? 'Estimated yearly durability' : 'Yearly durability of the weakest file'}: ${formatNines(facts.annualLossProbability)}.`;
  const weak = weakPointSentence(facts);
  const oneDisk = onOneDisk(accounts, domains) ? ` ${ONE_DISK_WARNING}` : '';
  const domainCount = domains.length + accounts.filter((account) => !domains.some((domain) => domain.id === account.domainId)).length;
  const layout = shared ? `; your ${plural(accounts.length, 'account')} are in ${plural(domainCount, 'failure domain')}` : '';
  const counted = shared ? ' (a failure is one account, or a whole disk or login with all its accounts)' : '';

  // The first sentence is the headline: what the files survive, or, when they survive no failure, the weak point itself.
  const head = preview ? `No files yet: at ${encoding.needed}-of-${encoding.total}, ` : '';
  const opening = (sentence: string) => (preview ? sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence);
  let first: string;
  let rest = '';
  if (tolerance <= 0 && weak) first = `${head}${opening(weak.slice(0, -1))}${layout}.`;
  else {
    const verb = preview ? 'Your files would survive' : 'Your files survive';
    first = shared
      ? `${head}${opening(`${verb} any ${plural(tolerance, 'failure')} at once`)}${counted}${layout}.`
      : `${head}${opening(`${verb} the loss of any ${tolerance} of your ${plural(accounts.length, 'account')}`)}.`;
    rest = weak ?? '';
  }
  return `${first} ${rest}${oneDisk} ${durability}`.replace(/\s+/g, ' ').trim();
}

/**
 * "If the disk holding Local folders 1-5 fails, every file is lost.", or
 * with two members "If Dropbox and S3 fail together, 3 of your 10 files are
 * lost." Null when nothing can lose a file.
 */
export function weakPointSentence(facts: Pick<SummaryFacts, 'accounts' | 'weakestAccounts' | 'weakestDomains' | 'domains' | 'weakPointFileCount' | 'fileCount' | 'preview'>): string | null {
  const { accounts } = facts;
  if (facts.weakestAccounts.length === 0) return null;
  const nameOf = (id: string) => accounts.find((account) => account.id === id)?.name ?? id;
  const weakDomains = (facts.domains ?? []).filter((domain) => facts.weakestDomains?.includes(domain.id));
  const inWeakDomain = new Set(weakDomains.flatMap((domain) => accounts.filter((account) => account.domainId === domain.id).map((account) => account.id)));
  const parts = [
    ...weakDomains.map((domain) => domainWords(domain, accounts.filter((account) => account.domainId === domain.id).map((account) => account.name))),
    ...facts.weakestAccounts.filter((id) => !inWeakDomain.has(id)).map(nameOf),
  ];
  const subject = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const verb = parts.length === 1 ? 'fails' : 'fail together';
  if (facts.preview) return `If ${subject} ${verb}, your files would be lost.`;
  const lost = facts.weakPointFileCount ?? 0;
  const total = facts.fileCount ?? 0;
  const what = total > 0 && lost >= total ? (total === 1 ? 'your file is lost' : 'every file is lost') : lost === 1 ? `1 of your ${total} files is lost` : `${lost} of your ${total} files are lost`;
  return `If ${subject} ${verb}, ${what}.`;
}

/** "the disk holding Local folders 1-5": the kind of thing, then what it holds; other domains by their own name. */
function domainWords(domain: DomainRisk, memberNames: readonly string[]): string {
  const holding = nameList(memberNames);
  if (domain.kind === 'disk') return `the disk holding ${holding}`;
  if (domain.kind === 'file-system') return `the file system holding ${holding}`;
  return `${domain.name} (holding ${holding})`;
}

/** Every account a local folder and all of them in one failure domain: the default grid. */
export function onOneDisk(accounts: readonly AccountRisk[], domains: readonly DomainRisk[]): boolean {
  if (accounts.length === 0 || !accounts.every((account) => account.kind === 'local')) return false;
  if (accounts.length === 1) return true;
  const first = accounts[0].domainId;
  return first !== undefined && domains.some((domain) => domain.id === first) && accounts.every((account) => account.domainId === first);
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
