/**
 * The listing of a share bucket that getBuckets just made, kept for the
 * allocation that follows it (an upload asks every server what it holds,
 * then allocates): on a cloud store that saves one LIST request per server
 * per file. Its validity follows the upload, not a clock: an entry is dropped
 * as soon as anything this server does to the storage index could have
 * changed what a listing shows (any task under the storage index's lock
 * finishing, an upload settling, so a share committed through this server in
 * between), and it is used at most once. With many uploads in flight on a
 * slow link an allocation can come seconds after its listing; a short clock
 * made those list again and doubled the GETs.
 *
 * Other processes writing the same store are outside what this server
 * serialises at all (lease records have no compare-and-swap either), so the
 * age of the listing changes nothing they could rely on; a long ceiling
 * (STALE_AFTER_MS) only keeps a forgotten entry from answering an allocation
 * of a much later, unrelated upload.
 */

/** share number -> chunk index -> object size, as recordChunk builds it. */
export type BucketChunks = Map<number, Map<number, number>>;

interface Entry {
  chunks: BucketChunks | undefined;
  /** When the listing started (ms, the cache's clock). */
  startedAt: number;
  valid: boolean;
}

/** An allocation this long after its listing is no longer "the allocation that follows it": list again. */
export const STALE_AFTER_MS = 60_000;
/** Entries kept at most (downloads list too and never consume theirs). */
const MAX_ENTRIES = 256;

export class ListingCache {
  private readonly entries = new Map<string, Entry>();

  /** `now` in milliseconds; injectable so tests can move time. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Lists through `list`, remembering the result for the next allocation of `si`. */
  async listed(si: string, list: () => Promise<BucketChunks>): Promise<BucketChunks> {
    // Registered before the listing starts: a change that lands while it runs invalidates it.
    const entry: Entry = { chunks: undefined, startedAt: this.now(), valid: true };
    this.entries.delete(si);
    this.entries.set(si, entry);
    this.trim();
    const chunks = await list();
    entry.chunks = chunks;
    return chunks;
  }

  /** The listing of `si` nothing has changed since, once (call under the storage index's lock); undefined when there is none. */
  take(si: string): BucketChunks | undefined {
    const entry = this.entries.get(si);
    this.entries.delete(si);
    if (!entry?.valid || !entry.chunks || this.now() - entry.startedAt > STALE_AFTER_MS) return undefined;
    return entry.chunks;
  }

  /** Something about `si` may have changed. */
  invalidate(si: string): void {
    const entry = this.entries.get(si);
    if (entry) entry.valid = false;
    this.entries.delete(si);
  }

  private trim(): void {
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
