/**
 * How many bytes a size-limited storage server holds, without walking all of
 * its shares for every allocation. A walk is linear in the shares held and an
 * upload asks once or twice per file, so walking each time makes a folder of
 * small files quadratic: 800 files of 100 KB into three limited local folders
 * took 161 s against 4.5 s without a limit (docs/performance.md).
 *
 * What it guarantees:
 * - The first question walks (`measure`); later answers are that walk plus
 *   the changes this server recorded since (`record`), until the walk is
 *   older than `maxAgeMs`: the next question then walks again, so what
 *   another process stored in the same place is seen within that time.
 * - `measured()` always answers from a walk that began after it was called,
 *   for the moment a limit is about to refuse a write.
 * - `forget()` makes the next question walk (after a change whose size the
 *   server does not know).
 * - Questions asked while a walk is under way share it.
 * - Errors are over-counts, never under-counts, so a limit is not passed
 *   because of them: a share stored while a walk is under way is added to the
 *   walk's result even if the walk already counted it, and a share removed
 *   meanwhile is not subtracted (the walk may not have seen it). The next walk
 *   ends the error.
 */
export interface StoredBytesTallyOptions {
  /** The exact walk: the bytes all shares take now, as the backend holds them (a local folder's share files, trailers included). */
  measure(): Promise<number>;
  /** How long a walk's result is trusted; default 10 minutes. */
  maxAgeMs?: number;
  now?(): number;
}

const DEFAULT_MAX_AGE_MS = 10 * 60 * 1000;

interface Walk {
  result: Promise<number>;
  /** Bytes stored while this walk was under way (added to its result). */
  storedMeanwhile: number;
  /** A forget() during the walk: its result answers the questions that waited for it but is not kept. */
  outdated: boolean;
}

export class StoredBytesTally {
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private known: { bytes: number; measuredAt: number } | undefined;
  private walk: Walk | undefined;

  constructor(private readonly options: StoredBytesTallyOptions) {
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.now = options.now ?? Date.now;
  }

  /** The bytes held: the last walk plus what was recorded since, or a new walk when there is none or it is too old. */
  async bytes(): Promise<number> {
    const known = this.known;
    if (known) {
      const age = this.now() - known.measuredAt;
      if (age >= 0 && age < this.maxAgeMs) return known.bytes;
    }
    return this.walk ? this.walk.result : this.startWalk();
  }

  /** The bytes held, from a walk that starts now (or after the one under way, which may have passed changes already made). */
  async measured(): Promise<number> {
    const current = this.walk;
    if (current) await current.result.catch(() => undefined);
    return this.walk ? this.walk.result : this.startWalk();
  }

  /**
   * The bytes held, for a server about to write: the tally's answer while
   * `fits` accepts it, otherwise a fresh walk (`measured()`), so a refusal
   * never rests on a count that shares removed by another process made too
   * high. The caller refuses only if `fits` rejects the walk's answer too.
   */
  async bytesFor(fits: (bytesHeld: number) => boolean): Promise<number> {
    const tallied = await this.bytes();
    return fits(tallied) ? tallied : this.measured();
  }

  /** A change this server made: bytes stored (positive) or removed (negative). */
  record(deltaBytes: number): void {
    if (!Number.isFinite(deltaBytes) || deltaBytes === 0) return;
    if (this.walk && deltaBytes > 0) this.walk.storedMeanwhile += deltaBytes;
    if (this.known) this.known.bytes = Math.max(0, this.known.bytes + deltaBytes);
  }

  /** The next question walks again. */
  forget(): void {
    this.known = undefined;
    if (this.walk) this.walk.outdated = true;
  }

  private startWalk(): Promise<number> {
    const startedAt = this.now();
    const walk: Walk = { result: Promise.resolve(0), storedMeanwhile: 0, outdated: false };
    walk.result = (async () => {
      try {
        const bytes = (await this.options.measure()) + walk.storedMeanwhile;
        if (!walk.outdated) this.known = { bytes, measuredAt: startedAt };
        return bytes;
      } finally {
        if (this.walk === walk) this.walk = undefined;
      }
    })();
    this.walk = walk;
    return walk.result;
  }
}
