/**
 * Which accounts fail together: every account belongs to a failure domain,
 * detected from its settings (docs/robustness.md, "Failure domains").
 *
 * - Local folders: the disk they live on. The folder's file system device
 *   (`stat().dev`) is mapped to its whole disk through
 *   `/sys/dev/block/<major>:<minor>` where Linux offers it, so two folders on
 *   one disk, or on two partitions of one disk, are one domain, and a USB
 *   disk is its own. Elsewhere (or for file systems without a block device,
 *   such as tmpfs) the file system itself is the domain. A folder that does
 *   not exist (yet, or its disk is unplugged) is judged by its nearest
 *   existing parent: that merges rather than splits, the pessimistic side.
 * - Cloud and server accounts: the provider and the login (server address and
 *   user name). S3 access key ids live in the secret store and are not read
 *   here, so S3 buckets at one endpoint count as one login (pessimistic for
 *   someone with two logins at one provider).
 * - rclone accounts: the remote type and the login its options reveal
 *   (rclone-domain.ts); the same place as a native account is one domain.
 *
 * Domain ids carry no secret: logins are hashed.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { DomainAssignment } from '../engine/robustness';
import type { AccountConfig } from './grid-config';
import { rcloneDomainSource } from './rclone-domain';

export type FailureDomainKind = 'disk' | 'file-system' | 'login' | 'server';

export interface FailureDomainRef extends DomainAssignment {
  kind: FailureDomainKind;
}

export interface FailureDomain extends FailureDomainRef {
  accountIds: string[];
}

/** Where the block-device tree is; a parameter so tests can point it elsewhere. */
export interface DomainProbe {
  sysRoot: string;
}

const LINUX: DomainProbe = { sysRoot: '/sys' };

export function failureDomainOf(account: Pick<AccountConfig, 'id' | 'provider' | 'settings'>, probe: DomainProbe = LINUX): FailureDomainRef {
  const settings = account.settings;
  const text = (key: string) => (typeof settings[key] === 'string' ? (settings[key] as string) : '');
  switch (account.provider) {
    case 'local':
      return localDomain(text('path'), probe);
    case 's3': {
      const preset = text('preset') || 'other';
      const where = preset === 'other' ? hostOf(text('endpoint')) : preset === 'cloudflare-r2' ? `${preset}/${text('accountId')}` : preset;
      return login('s3', where, text('accountId'), `the ${S3_NAMES[preset] ?? 'S3'} login${preset === 'other' ? ` at ${hostOf(text('endpoint'))}` : ''}`);
    }
    case 'swift':
      return login('swift', hostOf(text('authUrl')), `${text('user')}/${text('projectName')}`, `the Swift login "${text('user')}" at ${hostOf(text('authUrl'))}`);
    case 'webdav':
      return login('webdav', hostOf(text('url')), text('username'), `the WebDAV login "${text('username')}" at ${hostOf(text('url'))}`);
    case 'sftp': {
      const host = `${text('host')}:${String(settings.port ?? 22)}`;
      return login('sftp', host, text('username'), `the SFTP login "${text('username')}" at ${text('host')}`);
    }
    case 'rclone': {
      const source = rcloneDomainSource(settings);
      return source.kind === 'folder' ? localDomain(source.path, probe) : login(source.provider, source.where, source.user, source.name);
    }
    default:
      // A Tahoe-LAFS server (or anything else) is run by someone else: its own domain.
      return { id: `server:${account.id}`, name: `the server of this account`, kind: 'server' };
  }
}

/** Every enabled account's domain (the user's corrections applied), domains listed in the order their first account is. */
export function failureDomainsOf(accounts: readonly GroupedAccount[], probe: DomainProbe = LINUX): FailureDomain[] {
  const effective = effectiveFailureDomains(accounts, probe);
  const domains = new Map<string, FailureDomain>();
  for (const account of accounts) {
    const ref = effective.get(account.id)!.domain;
    const domain = domains.get(ref.id) ?? { ...ref, accountIds: [] };
    domain.accountIds.push(account.id);
    domains.set(ref.id, domain);
  }
  return [...domains.values()];
}

const S3_NAMES: Record<string, string> = {
  aws: 'Amazon S3',
  'backblaze-b2': 'Backblaze B2',
  wasabi: 'Wasabi',
  'cloudflare-r2': 'Cloudflare R2',
  'google-cloud-storage': 'Google Cloud Storage',
};

function login(provider: string, where: string, user: string, name: string): FailureDomainRef {
  const digest = createHash('sha256').update(`${provider}\0${where}\0${user}`).digest('hex').slice(0, 16);
  return { id: `login:${provider}:${digest}`, name, kind: 'login' };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}

function localDomain(folder: string, probe: DomainProbe): FailureDomainRef {
  const existing = nearestExisting(path.resolve(folder || '.'));
  if (existing === null) return { id: `file-system:unknown`, name: 'an unknown disk', kind: 'file-system' };
  const dev = statSync(existing, { bigint: true }).dev;
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  const disk = wholeDiskOf(major, minor, probe);
  if (disk) return { id: `disk:${disk}`, name: `the disk "${disk}"`, kind: 'disk' };
  return { id: `file-system:${dev}`, name: `the file system at "${mountPointOf(existing, dev)}"`, kind: 'file-system' };
}

function nearestExisting(folder: string): string | null {
  for (let current = folder; ; current = path.dirname(current)) {
    try {
      statSync(current);
      return current;
    } catch {
      if (path.dirname(current) === current) return null;
    }
  }
}

/** The topmost parent still on the same device: where that file system is mounted. */
function mountPointOf(folder: string, dev: bigint): string {
  let current = folder;
  while (path.dirname(current) !== current) {
    const parent = path.dirname(current);
    try {
      if (statSync(parent, { bigint: true }).dev !== dev) break;
    } catch {
      break;
    }
    current = parent;
  }
  return current;
}

/**
 * The whole disk behind a block device: a partition's parent, and for a
 * device-mapper or RAID device (LVM, encryption) the disk beneath when it is
 * one disk. Null without a block device (tmpfs, network file systems) or
 * without sysfs.
 */
function wholeDiskOf(major: number, minor: number, probe: DomainProbe): string | null {
  if (major === 0) return null;
  let device: string;
  try {
    device = realpathSync(path.join(probe.sysRoot, 'dev', 'block', `${major}:${minor}`));
  } catch {
    return null;
  }
  return diskOfDevicePath(device, probe, 0);
}

function diskOfDevicePath(device: string, probe: DomainProbe, depth: number): string {
  const disk = isPartition(device) ? path.dirname(device) : device;
  const name = path.basename(disk);
  if (depth > 4) return name;
  let below: string[] = [];
  try {
    below = readdirSync(path.join(disk, 'slaves'));
  } catch {
    return name;
  }
  if (below.length === 0) return name;
  const disks = new Set(
    below.map((slave) => {
      try {
        return diskOfDevicePath(realpathSync(path.join(disk, 'slaves', slave)), probe, depth + 1);
      } catch {
        return slave;
      }
    }),
  );
  // Several disks beneath one device (a RAID, an LVM volume over two disks): the device is the domain.
  return disks.size === 1 ? [...disks][0] : name;
}

function isPartition(device: string): boolean {
  try {
    readFileSync(path.join(device, 'partition'));
    return true;
  } catch {
    return false;
  }
}

/** Server id to failure domain id, for placement (engine/grid/placement-plan.ts spreads shares over domains first). */
export function serverDomains(runtimes: readonly { account: GroupedAccount; server: { serverId: string } }[]): (serverId: string) => string | undefined {
  const effective = effectiveFailureDomains(runtimes.map((runtime) => runtime.account));
  const domains = new Map(runtimes.map((runtime) => [runtime.server.serverId, effective.get(runtime.account.id)!.domain.id]));
  return (serverId) => domains.get(serverId);
}

const serverDomainCache = new WeakMap<object, (serverId: string) => string | undefined>();

/**
 * serverDomains, worked out once per list of opened accounts: the service
 * opens a new list whenever an account (or its failure-domain correction)
 * changes, and the health monitor asks at every derivation.
 */
export function cachedServerDomains(runtimes: readonly { account: GroupedAccount; server: { serverId: string } }[]): (serverId: string) => string | undefined {
  let domains = serverDomainCache.get(runtimes);
  if (!domains) {
    domains = serverDomains(runtimes);
    serverDomainCache.set(runtimes, domains);
  }
  return domains;
}

/** What grouping needs of an account: its settings, and the user's correction when there is one. */
export type GroupedAccount = Pick<AccountConfig, 'id' | 'provider' | 'settings'> & Partial<Pick<AccountConfig, 'name' | 'failureDomain'>>;

export interface AccountDomain {
  domain: FailureDomainRef;
  /** True when the user's correction decided the domain, false when it was detected. */
  setByUser: boolean;
}

/**
 * Each account's domain with the user's corrections applied: "on the same
 * disk or login as" another account joins that account's (effective) domain;
 * "independent" gives the account a domain of its own. A correction naming an
 * account that is not in the list (removed, disabled) or going round in a
 * circle is ignored and the detected domain counts.
 */
export function effectiveFailureDomains(accounts: readonly GroupedAccount[], probe: DomainProbe = LINUX): Map<string, AccountDomain> {
  const byId = new Map(accounts.map((account) => [account.id, account]));
  const detected = new Map<string, FailureDomainRef>();
  const detect = (account: GroupedAccount): FailureDomainRef => {
    let ref = detected.get(account.id);
    if (!ref) detected.set(account.id, (ref = failureDomainOf(account, probe)));
    return ref;
  };
  const resolved = new Map<string, AccountDomain>();
  const resolve = (account: GroupedAccount, visiting: Set<string>): AccountDomain => {
    const known = resolved.get(account.id);
    if (known) return known;
    const correction = account.failureDomain;
    let result: AccountDomain = { domain: detect(account), setByUser: false };
    if (correction && 'own' in correction) {
      result = { domain: ownDomainOf(account, detect(account)), setByUser: true };
    } else if (correction && 'sameAs' in correction) {
      const other = byId.get(correction.sameAs);
      if (other && other.id !== account.id && !visiting.has(other.id)) {
        visiting.add(account.id);
        result = { domain: resolve(other, visiting).domain, setByUser: true };
      }
    }
    resolved.set(account.id, result);
    return result;
  };
  for (const account of accounts) resolve(account, new Set());
  return resolved;
}

/** A domain holding only this account, of the kind detection found (its own disk, its own login). */
function ownDomainOf(account: GroupedAccount, detected: FailureDomainRef): FailureDomainRef {
  const what = detected.kind === 'login' ? 'login' : detected.kind === 'server' ? 'server' : 'disk';
  return { id: `own:${account.id}`, name: `the ${what} of "${account.name ?? account.id}"`, kind: detected.kind };
}
