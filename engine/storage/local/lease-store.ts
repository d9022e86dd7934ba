/**
 * Leases of a local-folder server, kept as Tahoe-LAFS keeps them: per share,
 * each with a renew secret, a cancel secret and an expiry time (31 days after
 * it was added or last renewed, by default). Secrets are stored as SHA-256
 * digests (the server only compares them).
 *
 * Two places hold them. An immutable share's first lease is embedded in its
 * own file (share-trailer.ts), written and made durable with the share: a new
 * upload creates no lease file. Every later change (a renewal, another lease,
 * a cancel, a mutable share's leases) goes to one JSON file per storage index,
 * `leases/<prefix>/<si>.json`. A share's effective leases are its entry in
 * that file when it has one, else its embedded lease; a change reads the
 * effective leases, applies itself and writes them all to the JSON file,
 * which from then on speaks for those shares. A storage index's first lease
 * file is created in place (exclusive create, write, fsync: one file and no
 * rename); later changes replace it atomically (temporary file + rename), so
 * a reader never sees a half-changed file. Callers hold the server's lock for
 * the storage index around every read-modify-write, which is also what keeps
 * a collector that deletes expired shares from racing an upload that renews them.
 */
import { readFile, rmdir, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { addOrRenewLease, allLeasesExpired, expireMatchingLeases, renewMatchingLeases, secretDigest } from '../blob-server/leases';
import { createPrivateFileDurably, writePrivateFileAtomically } from './private-files';
import { listDir } from './dir-listing';
import { pathExists } from './fs-calls';
import { PrefixFolders } from './prefix-folders';
import type { EmbeddedLeaseSource } from './embedded-leases';

export type ShareKind = 'immutable' | 'mutable';

export interface ShareRef {
  kind: ShareKind;
  shareNumber: number;
}

export interface LeaseRecord {
  renewSecretHash: string;
  cancelSecretHash: string;
  /** Milliseconds since the epoch, on the server's clock. */
  expiresAt: number;
}

interface LeaseFile {
  version: 1;
  immutable: Record<string, LeaseRecord[]>;
  mutable: Record<string, LeaseRecord[]>;
}

/** Tahoe-LAFS's lease period. */
export const DEFAULT_LEASE_DURATION_MS = 31 * 24 * 60 * 60 * 1000;

const FILE_SUFFIX = '.json';

export class LocalLeaseStore {
  /** Which leases/<prefix> folders exist, so a new storage index's lease file is created at the first try. */
  private readonly prefixes: PrefixFolders;

  /** `embedded` reads the leases immutable share files carry (embedded-leases.ts). */
  constructor(
    private readonly leasesDir: string,
    private readonly embedded: EmbeddedLeaseSource,
  ) {
    this.prefixes = new PrefixFolders(leasesDir);
  }

  /** True when the storage index has a lease file (a share committed then must record its lease there too, see hasFile's caller). */
  hasFile(si: string): Promise<boolean> {
    // Asked once per share committed, and almost always answered no: a callback stat (fs-calls.ts).
    return pathExists(this.fileOf(si));
  }

  private fileOf(si: string): string {
    return join(this.leasesDir, si.slice(0, 2), `${si}${FILE_SUFFIX}`);
  }

  /** The effective leases of every share of the storage index (see the top of this file). */
  async read(si: string): Promise<LeaseFile> {
    return (await this.loadEffective(si)).file;
  }

  /**
   * The lease file with the embedded lease of each immutable share it has no
   * entry for (all shares of the storage index, or only `shareNumbers`).
   */
  private async loadEffective(si: string, shareNumbers?: readonly number[]): Promise<{ file: LeaseFile; exists: boolean }> {
    const [loaded, embedded] = await Promise.all([this.load(si), this.embedded(si, shareNumbers)]);
    withEmbedded(loaded.file, embedded);
    return loaded;
  }

  /** The lease file, and whether one exists on disk (a new one is created in place, an existing one replaced). */
  private async load(si: string): Promise<{ file: LeaseFile; exists: boolean }> {
    let text: string;
    try {
      text = await readFile(this.fileOf(si), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file: emptyLeaseFile(), exists: false };
      throw error;
    }
    // A new lease file is written in place (createPrivateFileDurably): a crash before its bytes reached
    // the disk leaves it empty or zero-filled. No share can depend on such a file, since a share is
    // renamed into view only after this file's fsync (or carries its first lease in its own trailer,
    // which then speaks for it again), so it reads as no leases and is later replaced.
    if (/^[\0\s]*$/.test(text)) return { file: emptyLeaseFile(), exists: true };
    const parsed = JSON.parse(text) as Partial<LeaseFile>;
    return { file: { version: 1, immutable: parsed.immutable ?? {}, mutable: parsed.mutable ?? {} }, exists: true };
  }

  private async write(si: string, file: LeaseFile, exists = true, durableBeforeReturn = false): Promise<void> {
    for (const kind of ['immutable', 'mutable'] as const) {
      for (const [share, records] of Object.entries(file[kind])) if (records.length === 0) delete file[kind][share];
    }
    const path = this.fileOf(si);
    if (Object.keys(file.immutable).length === 0 && Object.keys(file.mutable).length === 0) {
      await unlink(path).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      await rmdir(dirname(path)).catch(() => undefined);
      this.prefixes.forget(si.slice(0, 2));
      return;
    }
    const text = JSON.stringify(file);
    if (!exists && (await createPrivateFileDurably(path, text))) return;
    await writePrivateFileAtomically(path, text, { syncFolder: durableBeforeReturn });
  }

  /**
   * Tahoe's add_or_renew_lease on each share: renews the lease with this renew secret, else adds one.
   * With `beforeShareVisible` the new leases are durable when it returns, whatever the filesystem, so
   * the share renamed into view next can never outlive its lease in a crash: a new file's fsync
   * already covers its name, a replaced one's folder is fsynced too (without it, ext4 with no
   * journal or btrfs could keep the share's rename and lose this one).
   */
  async addOrRenew(si: string, shares: ShareRef[], renewSecret: Uint8Array, cancelSecret: Uint8Array, expiresAt: number, options: { beforeShareVisible?: boolean } = {}): Promise<void> {
    if (shares.length === 0) return;
    const renewSecretHash = secretDigest(renewSecret);
    const cancelSecretHash = secretDigest(cancelSecret);
    const withLeases = (file: LeaseFile): LeaseFile => {
      for (const { kind, shareNumber } of shares) {
        addOrRenewLease((file[kind][String(shareNumber)] ??= []), { renewSecretHash, cancelSecretHash, expiresAt });
      }
      return file;
    };
    // The immutable shares' embedded leases are carried over, so a lease added beside them keeps them.
    const immutable = shares.filter((share) => share.kind === 'immutable').map((share) => share.shareNumber);
    const embedded = immutable.length > 0 ? await this.embedded(si, immutable) : new Map<number, LeaseRecord>();
    // Most storage indexes have no lease file yet: create it straight away rather than read first to
    // learn it is missing. An existing one (EEXIST) is read and merged.
    await this.prefixes.ensure(si.slice(0, 2));
    if (await createPrivateFileDurably(this.fileOf(si), JSON.stringify(withLeases(withEmbedded(emptyLeaseFile(), embedded))))) return;
    const { file, exists } = await this.load(si);
    await this.write(si, withLeases(withEmbedded(file, embedded)), exists, options.beforeShareVisible);
  }

  /** Extends the leases with this renew secret on the given shares; returns how many matched. */
  async renew(si: string, shares: ShareRef[], renewSecret: Uint8Array, expiresAt: number): Promise<number> {
    const { file, exists } = await this.loadEffective(si);
    const renewSecretHash = secretDigest(renewSecret);
    let matched = 0;
    for (const { kind, shareNumber } of shares) matched += renewMatchingLeases(file[kind][String(shareNumber)] ?? [], renewSecretHash, expiresAt);
    if (matched > 0) await this.write(si, file, exists);
    return matched;
  }

  /** Expires now the leases with this cancel secret on every share; returns how many matched. */
  async expire(si: string, cancelSecret: Uint8Array, now: number): Promise<number> {
    const { file, exists } = await this.loadEffective(si);
    const hash = secretDigest(cancelSecret);
    let matched = 0;
    for (const kind of ['immutable', 'mutable'] as const) {
      for (const records of Object.values(file[kind])) matched += expireMatchingLeases(records, hash, now);
    }
    if (matched > 0) await this.write(si, file, exists);
    return matched;
  }

  /** Drops every lease of the given shares (they are gone, and their embedded leases with them). */
  async forget(si: string, shares: ShareRef[]): Promise<void> {
    if (shares.length === 0) return;
    const { file, exists } = await this.load(si);
    if (!exists) return;
    let changed = false;
    for (const { kind, shareNumber } of shares) {
      if (file[kind][String(shareNumber)] === undefined) continue;
      delete file[kind][String(shareNumber)];
      changed = true;
    }
    if (changed) await this.write(si, file);
  }

  /**
   * Shares whose every lease has expired by `now`. A share with no lease
   * record at all (stored before leases existed) is never listed: no record
   * is not the same as an expired one.
   */
  async expired(si: string, now: number): Promise<ShareRef[]> {
    const file = await this.read(si);
    const out: ShareRef[] = [];
    for (const kind of ['immutable', 'mutable'] as const) {
      for (const [share, records] of Object.entries(file[kind])) {
        if (allLeasesExpired(records, now)) out.push({ kind, shareNumber: Number(share) });
      }
    }
    return out;
  }

  /** Expiry times per share, for the app and tests. */
  async expirations(si: string): Promise<Record<ShareKind, Map<number, number[]>>> {
    const file = await this.read(si);
    const map = (records: Record<string, LeaseRecord[]>): Map<number, number[]> =>
      new Map(Object.entries(records).map(([share, leases]) => [Number(share), leases.map((lease) => lease.expiresAt)]));
    return { immutable: map(file.immutable), mutable: map(file.mutable) };
  }

  /** Base32 storage indexes that have a lease file (those whose shares only have embedded leases are not listed). */
  async storageIndexes(): Promise<string[]> {
    const out: string[] = [];
    for (const prefix of await listDir(this.leasesDir)) {
      for (const name of await listDir(join(this.leasesDir, prefix))) {
        if (name.endsWith(FILE_SUFFIX) && name.startsWith(prefix)) out.push(name.slice(0, -FILE_SUFFIX.length));
      }
    }
    return out.sort();
  }
}

/** Gives each immutable share with no entry in `file` its embedded lease. */
function withEmbedded(file: LeaseFile, embedded: ReadonlyMap<number, LeaseRecord>): LeaseFile {
  for (const [shareNumber, lease] of embedded) file.immutable[String(shareNumber)] ??= [{ ...lease }];
  return file;
}

function emptyLeaseFile(): LeaseFile {
  return { version: 1, immutable: {}, mutable: {} };
}
