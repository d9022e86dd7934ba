/**
 * Storage indexes this process is about to rely on (an upload between the
 * moment it knows its storage index and the moment its catalog entry is
 * written), and the lock a release of a storage index takes. Taking a hold
 * waits for a release of that storage index already under way, and a
 * release skips a held storage index, so an upload of the same content as a
 * file being deleted never loses the shares it found. Process-wide: one
 * process owns a data folder (data-dir-lock.ts), and a hold taken for one
 * grid only ever delays a release in another.
 */
import { KeyedMutex } from '../../engine/storage/blob-server/keyed-mutex';

export class StorageIndexHolds {
  private readonly locks = new KeyedMutex();
  private readonly counts = new Map<string, number>();

  /** Holds the storage index until the returned function is called (once). */
  async hold(storageIndex: string): Promise<() => void> {
    await this.acquire(storageIndex);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.releaseOne(storageIndex);
    };
  }

  /** Takes one hold on the storage index; the caller releases it exactly once with releaseOne. */
  async acquire(storageIndex: string): Promise<void> {
    await this.locks.run(storageIndex, async () => {
      this.counts.set(storageIndex, (this.counts.get(storageIndex) ?? 0) + 1);
    });
  }

  /** Gives back one hold taken with acquire. */
  releaseOne(storageIndex: string): void {
    const left = (this.counts.get(storageIndex) ?? 1) - 1;
    if (left > 0) this.counts.set(storageIndex, left);
    else this.counts.delete(storageIndex);
  }

  isHeld(storageIndex: string): boolean {
    return (this.counts.get(storageIndex) ?? 0) > 0;
  }

  /** Runs `work` while no hold on the storage index can be taken; `work` checks isHeld itself. */
  exclusive<T>(storageIndex: string, work: () => Promise<T>): Promise<T> {
    return this.locks.run(storageIndex, work);
  }
}

/** The holds of this process. */
export const storageIndexHolds = new StorageIndexHolds();

/**
 * The holds one upload takes: `take` is given to the engine as its
 * beforePlacement hook, and `releaseAll` runs once the catalog entry is
 * written (or the upload failed). A class with `take` bound once in the
 * constructor, and plain counts instead of a release closure per hold: one
 * session is made per uploaded file, and each closure made per call costs the
 * main thread a few µs.
 */
export class UploadHoldSession {
  /** Every storage index held by this session, in the order taken. */
  private readonly takenIndexes: string[] = [];
  /** How many of takenIndexes releaseAll has given back (each exactly once). */
  private released = 0;

  constructor(private readonly holds: StorageIndexHolds = storageIndexHolds) {
    // Handed to the engine as a bare function, so `this` is bound here.
    this.take = this.take.bind(this);
  }

  /** Holds the storage index until releaseAll. */
  async take(storageIndex: string): Promise<void> {
    await this.holds.acquire(storageIndex);
    this.takenIndexes.push(storageIndex);
  }

  /** The storage indexes held so far (a copy). */
  taken(): string[] {
    return [...this.takenIndexes];
  }

  /** Releases every hold taken so far; a later call releases only holds taken since. */
  releaseAll(): void {
    while (this.released < this.takenIndexes.length) this.holds.releaseOne(this.takenIndexes[this.released++]);
  }
}

export function uploadHoldSession(holds: StorageIndexHolds = storageIndexHolds): UploadHoldSession {
  return new UploadHoldSession(holds);
}
