/**
 * Storage indexes a getBuckets just found without any share, with when that
 * listing began: the allocation that follows in an upload takes the answer
 * instead of listing the folder again (see take).
 */

/** How long a getBuckets that found no share may stand in for the allocation's own listing. */
const RECENT_ABSENCE_TRUST_MS = 2000;
/** Absences recorded but never taken (listings with no upload after them) are dropped past this many. */
const RECENT_ABSENCE_MAX_ENTRIES = 4096;

/** One listing's entry: kept only while it is still the storage index's latest one. */
export interface AbsenceListing {
  listedAt: number;
}

export class RecentAbsences {
  private readonly entries = new Map<string, AbsenceListing>();

  constructor(private readonly now: () => number) {}

  /** Records a listing of the storage index beginning now, taken for an absence until it finds a share. */
  listingBegins(si: string): AbsenceListing {
    const listing = { listedAt: this.now() };
    this.entries.set(si, listing);
    return listing;
  }

  /** Called once a listing has read its folder, so absences nobody takes do not pile up. */
  trim(): void {
    if (this.entries.size > RECENT_ABSENCE_MAX_ENTRIES) this.entries.clear();
  }

  /** The listing found shares: its entry goes, unless a later listing or a commit replaced it meanwhile. */
  listingFoundShares(si: string, listing: AbsenceListing): void {
    if (this.entries.get(si) === listing) this.entries.delete(si);
  }

  /** A share of the storage index is being committed: any absence recorded for it is wrong from now on. */
  forget(si: string): void {
    this.entries.delete(si);
  }

  /**
   * True when a getBuckets of this storage index found no share less than
   * RECENT_ABSENCE_TRUST_MS ago and no share of it was committed through this
   * object since that listing began; the answer is used once. The upload's
   * allocation follows its getBuckets within milliseconds, so on a new file
   * (the common case) the bucket folder is read once, not twice. A share
   * written by another process in that window is missed exactly as it would
   * be if it landed just after a second listing: its bytes are the same
   * (convergent encoding), and the rewrite renames a whole share over it
   * with its lease recorded first.
   */
  take(si: string): boolean {
    const absence = this.entries.get(si);
    if (!absence) return false;
    this.entries.delete(si);
    const age = this.now() - absence.listedAt;
    return age >= 0 && age < RECENT_ABSENCE_TRUST_MS;
  }
}
