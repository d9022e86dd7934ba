/**
 * Reads the next few small files of a folder's ZIP archive while the current
 * one is written, so a distant account's round trips overlap instead of
 * adding up file after file. The archive still goes in order; each file read
 * ahead is held whole in memory until its turn, so the read-ahead is bounded
 * by a count of files and a count of bytes, and files above a size are not
 * read ahead at all (they stream when their turn comes, as before).
 */

/** A file read whole: its chunks, and the error that cut it short, if one did. */
export interface FetchedFile {
  chunks: Uint8Array[];
  error?: Error;
}

export interface ReadAheadLimits {
  /** Files read ahead at once. */
  files: number;
  /** Bytes held by the files read ahead. */
  bytes: number;
  /** Largest file read ahead. */
  fileBytes: number;
}

/** What the ZIP download reads ahead: 8 files, 16 MiB, files up to 4 MiB (the job runner's "small"). */
export const ZIP_READ_AHEAD: ReadAheadLimits = { files: 8, bytes: 16 << 20, fileBytes: 4 << 20 };

export class ReadAhead {
  private readonly pending = new Map<number, Promise<FetchedFile>>();
  private heldBytes = 0;
  private nextToConsider = 0;

  constructor(
    private readonly sizes: readonly number[],
    private readonly fetchWhole: (index: number) => Promise<FetchedFile>,
    private readonly limits: ReadAheadLimits = ZIP_READ_AHEAD,
  ) {}

  /**
   * The file at `index` if it was read ahead (undefined: stream it now), and
   * starts reading the ones after it. Call with increasing indexes.
   */
  take(index: number): Promise<FetchedFile> | undefined {
    this.nextToConsider = Math.max(this.nextToConsider, index);
    const fetched = this.pending.get(index);
    if (fetched) {
      this.pending.delete(index);
      // Its bytes now go to the archive writer, one file at a time: they no longer count as ahead.
      this.heldBytes -= this.sizes[index];
    } else if (index === this.nextToConsider) {
      this.nextToConsider++; // streamed, not read ahead
    }
    this.fill();
    return fetched;
  }

  private fill(): void {
    while (this.nextToConsider < this.sizes.length && this.pending.size < this.limits.files) {
      const index = this.nextToConsider;
      const size = this.sizes[index];
      if (size > this.limits.fileBytes) {
        // A big file streams in its turn; the small ones after it may still be read ahead.
        this.nextToConsider++;
        continue;
      }
      if (this.heldBytes + size > this.limits.bytes) return;
      this.heldBytes += size;
      this.pending.set(index, this.fetchWhole(index));
      this.nextToConsider++;
    }
  }
}

/** Reads a file's chunks whole; never rejects (a failure is kept with the chunks that came before it). */
export async function readWhole(chunks: AsyncIterable<Uint8Array>): Promise<FetchedFile> {
  const got: Uint8Array[] = [];
  try {
    for await (const chunk of chunks) got.push(chunk);
    return { chunks: got };
  } catch (error) {
    return { chunks: got, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

/** Gives a file read ahead back as chunks, failing after them as the original read did. */
export async function* replay(fetched: Promise<FetchedFile>): AsyncGenerator<Uint8Array> {
  const file = await fetched;
  for (const chunk of file.chunks) yield chunk;
  if (file.error) throw file.error;
}
