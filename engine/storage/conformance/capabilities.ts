/**
 * What a StorageServer may leave out, and how the conformance suite knows.
 * A server under test names each capability it lacks with the reason; every
 * other capability is assumed and tested. Groups that need a missing
 * capability are registered as skipped, with that reason in their name, so a
 * test run shows what was not checked instead of passing it silently.
 */
import type { StorageServer } from '../types';

export type Capability =
  /** addLease: add a lease to every share of a storage index, or renew one with the same renew secret. */
  | 'addLease'
  /** renewLease: renew only the leases whose renew secret matches (Tahoe-LAFS renew_lease). */
  | 'renewLease'
  /** Mutable slots: slotReadv, slotTestvAndReadvAndWritev, listMutableShares, adviseCorruptMutableShare. */
  | 'mutableSlots'
  /** Corruption advice about a share the server does not hold is dropped, as Tahoe-LAFS does. */
  | 'dropsAdviceForSharesItLacks'
  /** openShare: one complete share by its number, without listing the others (RAIC's own, for small-file downloads). */
  | 'openShare';

/** Capabilities the server lacks, each with why (shown in the skipped group's name). */
export type MissingCapabilities = Partial<Record<Capability, string>>;

/**
 * The optional StorageServer methods each capability stands for. The suite
 * checks a server offers exactly the methods its capabilities promise, so a
 * server that gains one (leases on the local-folder server, say) cannot keep
 * its tests switched off by mistake.
 */
export const METHODS_OF_CAPABILITY: Record<Capability, (keyof StorageServer)[]> = {
  addLease: ['addLease'],
  renewLease: ['renewLease'],
  mutableSlots: ['slotReadv', 'slotTestvAndReadvAndWritev', 'listMutableShares', 'adviseCorruptMutableShare'],
  dropsAdviceForSharesItLacks: [],
  openShare: ['openShare'],
};

/** Why a group needing these capabilities cannot run on this server, or undefined when it can. */
export function whyNotSupported(missing: MissingCapabilities, needs: readonly Capability[]): string | undefined {
  // Capabilities missing for the same reason are named together: "no addLease, renewLease: ...".
  const byReason = new Map<string, Capability[]>();
  for (const capability of needs) {
    const reason = missing[capability];
    if (reason !== undefined) byReason.set(reason, [...(byReason.get(reason) ?? []), capability]);
  }
  if (byReason.size === 0) return undefined;
  return [...byReason].map(([reason, capabilities]) => `no ${capabilities.join(', ')}: ${reason}`).join('; ');
}
