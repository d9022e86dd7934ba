/**
 * Leases kept by the generic server layer, as raic.rst asks, so every
 * backend gets them: one small JSON object per storage index,
 * `leases/<xx>/<si>`, listing each share's leases. Secrets are stored as
 * SHA-256 digests (the server only ever compares them), and expiry times
 * come from the server's clock.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { BlobStore } from '../../backends/types';
import { readJson, writeJson } from './json-objects';
import { leaseKey } from './keys';

export interface LeaseRecord {
  renewSecretHash: string;
  cancelSecretHash: string;
  /** Milliseconds since the epoch, on the server's clock. */
  expiresAt: number;
}

interface LeaseFile {
  version: 1;
  /** Share number (decimal) -> its leases. Immutable and mutable shares of one storage index share numbers. */
  shares: Record<string, LeaseRecord[]>;
}

export function secretDigest(secret: Uint8Array): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function sameDigest(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * Tahoe's add_or_renew_lease on one share's lease list: the lease with this
 * renew secret is extended (never shortened), else a new one is added. Both
 * storage servers keep leases as such lists (blob server here, local folders
 * in local/lease-store.ts); only where the lists live differs.
 */
export function addOrRenewLease(records: LeaseRecord[], lease: LeaseRecord): void {
  const existing = records.find((record) => sameDigest(record.renewSecretHash, lease.renewSecretHash));
  if (existing) existing.expiresAt = Math.max(existing.expiresAt, lease.expiresAt);
  else records.push(lease);
}

/** Extends every lease in the list with this renew secret; returns how many matched. */
export function renewMatchingLeases(records: readonly LeaseRecord[], renewSecretHash: string, expiresAt: number): number {
  let matched = 0;
  for (const lease of records) {
    if (!sameDigest(lease.renewSecretHash, renewSecretHash)) continue;
    lease.expiresAt = Math.max(lease.expiresAt, expiresAt);
    matched++;
  }
  return matched;
}

/**
 * Expires now every lease in the list with this cancel secret (Tahoe's
 * cancel_lease, kept as an expired record so the collector, not the caller,
 * removes the share, under the same rule as any expiry); returns how many matched.
 */
export function expireMatchingLeases(records: readonly LeaseRecord[], cancelSecretHash: string, now: number): number {
  let matched = 0;
  for (const lease of records) {
    if (!sameDigest(lease.cancelSecretHash, cancelSecretHash)) continue;
    lease.expiresAt = Math.min(lease.expiresAt, now);
    matched++;
  }
  return matched;
}

/** True when the share has leases and every one has expired by `now` (a share with none is not "expired"). */
export function allLeasesExpired(records: readonly LeaseRecord[], now: number): boolean {
  return records.length > 0 && records.every((lease) => lease.expiresAt <= now);
}

type ShareLeases = Map<number, LeaseRecord[]>;

function copyLeases(leases: ShareLeases): ShareLeases {
  return new Map([...leases].map(([share, records]) => [share, records.map((record) => ({ ...record }))]));
}

/** Per-share leases of one storage index; callers serialise access per storage index. */
export class LeaseBook {
  /**
   * Lease records whose content this object knows without reading them: set
   * by assumeFresh for a storage index with no share, and kept up to date by
   * every write through this object until forgetKnown.
   */
  private readonly known = new Map<string, ShareLeases>();

  constructor(private readonly store: BlobStore) {}

  /**
   * The storage index holds no share at all (the allocation's listing of its
   * bucket was empty), so whatever its lease record holds belongs to no
   * share: the record is treated as empty and written without being read
   * first, which saves a brand-new upload one request in series. Lease
   * records of mutable and immutable shares share this object, so this
   * relies on a storage index never naming both (Tahoe-LAFS derives them
   * from different keys). Call under the storage index's lock.
   */
  assumeFresh(si: string): void {
    if (!this.known.has(si)) this.known.set(si, new Map());
  }

  /** Reads the record from the store again from now on (the uploads that made it known have settled). */
  forgetKnown(si: string): void {
    this.known.delete(si);
  }

  async read(si: string): Promise<Map<number, LeaseRecord[]>> {
    const known = this.known.get(si);
    if (known) return copyLeases(known);
    const file = await readJson<LeaseFile>(this.store, leaseKey(si));
    const out = new Map<number, LeaseRecord[]>();
    for (const [share, leases] of Object.entries(file?.shares ?? {})) out.set(Number(share), leases);
    return out;
  }

  async write(si: string, leases: Map<number, LeaseRecord[]>): Promise<void> {
    const shares: Record<string, LeaseRecord[]> = {};
    for (const [share, records] of [...leases].sort(([a], [b]) => a - b)) if (records.length > 0) shares[String(share)] = records;
    const known = this.known.has(si);
    try {
      if (Object.keys(shares).length === 0) await this.store.delete(leaseKey(si));
      else await writeJson(this.store, leaseKey(si), { version: 1, shares } satisfies LeaseFile);
    } catch (error) {
      // The record may or may not have changed: read it from the store from now on.
      this.known.delete(si);
      throw error;
    }
    if (known) this.known.set(si, copyLeases(leases));
  }

  /** Tahoe add_or_renew_lease on each share: renew the lease with this renew secret, else add one. */
  async addOrRenew(si: string, shareNumbers: number[], renewSecret: Uint8Array, cancelSecret: Uint8Array, expiresAt: number): Promise<void> {
    if (shareNumbers.length === 0) return;
    const leases = await this.read(si);
    const renewSecretHash = secretDigest(renewSecret);
    const cancelSecretHash = secretDigest(cancelSecret);
    for (const share of shareNumbers) {
      const records = leases.get(share) ?? [];
      addOrRenewLease(records, { renewSecretHash, cancelSecretHash, expiresAt });
      leases.set(share, records);
    }
    await this.write(si, leases);
  }

  /** Extends the leases with this renew secret on the given shares; returns how many matched. */
  async renew(si: string, shareNumbers: number[], renewSecret: Uint8Array, expiresAt: number): Promise<number> {
    const leases = await this.read(si);
    const renewSecretHash = secretDigest(renewSecret);
    let matched = 0;
    for (const share of shareNumbers) matched += renewMatchingLeases(leases.get(share) ?? [], renewSecretHash, expiresAt);
    if (matched > 0) await this.write(si, leases);
    return matched;
  }

  /** Expires now the leases with this cancel secret on every share of the storage index; returns how many matched. */
  async expire(si: string, cancelSecret: Uint8Array, now: number): Promise<number> {
    const leases = await this.read(si);
    const hash = secretDigest(cancelSecret);
    let matched = 0;
    for (const records of leases.values()) matched += expireMatchingLeases(records, hash, now);
    if (matched > 0) await this.write(si, leases);
    return matched;
  }

  /** Drops every lease of the given shares (the shares are gone). */
  async forget(si: string, shareNumbers: number[]): Promise<void> {
    if (shareNumbers.length === 0) return;
    const leases = await this.read(si);
    let changed = false;
    for (const share of shareNumbers) changed = leases.delete(share) || changed;
    if (changed) await this.write(si, leases);
  }
}
