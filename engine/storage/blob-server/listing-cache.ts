/**
 * The listing of a share bucket that getBuckets just made, kept for the
 * allocation that usually follows it within milliseconds (an upload asks
 * every server what it holds, then allocates): on a cloud store that saves
 * one LIST request per server per file. An entry is dropped as soon as
 * anything this server does to the storage index could have changed what a
 * listing shows (any task under the storage index's lock finishing, an
 * upload settling), and it is used at most once and only while young.
 */

/** share number -> chunk index -> object size, as recordChunk builds it. */
export type BucketChunks = Map<number, Map<number, number>>;

interface Entry {
  chunks: BucketChunks | undefined;
  /** When the listing started (ms, performance clock). */
  startedAt: number;
  valid: boolean;
}

/** Listings older than this are listed again: another client could have stored a share meanwhile. */
const REUSE_WITHIN_MS = 2000;
/** Entries kept at most (downloads list too and never consume theirs). */
const MAX_ENTRIES = 256;

export class ListingCache {
  private readonly entries = new Map<string, Entry>();

  /** Lists through `list`, remembering the result for the next allocation of `si`. */
  async listed(si: string, list: () => Promise<BucketChunks>): Promise<BucketChunks> {
    // Registered before the listing starts: a change that lands while it runs invalidates it.
    const entry: Entry = { chunks: undefined, startedAt: performance.now(), valid: true };
    this.entries.delete(si);
    this.entries.set(si, entry);
    this.trim();
    const chunks = await list();
    entry.chunks = chunks;
    return chunks;
  }

  /** The fresh listing of `si`, once (call under the storage index's lock); undefined when there is none. */
  take(si: string): BucketChunks | undefined {
    const entry = this.entries.get(si);
    this.entries.delete(si);
    if (!entry?.valid || !entry.chunks || performance.now() - entry.startedAt > REUSE_WITHIN_MS) return undefined;
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
