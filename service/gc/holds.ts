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
    await this.locks.run(storageIndex, async () => {
      this.counts.set(storageIndex, (this.counts.get(storageIndex) ?? 0) + 1);
    });
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.counts.get(storageIndex) ?? 1) - 1;
      if (left > 0) this.counts.set(storageIndex, left);
      else this.counts.delete(storageIndex);
    };
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
 * written (or the upload failed).
 */
export function uploadHoldSession(holds: StorageIndexHolds = storageIndexHolds): { take(storageIndex: string): Promise<void>; taken(): string[]; releaseAll(): void } {
  const releases: (() => void)[] = [];
  const taken: string[] = [];
  return {
    async take(storageIndex) {
      releases.push(await holds.hold(storageIndex));
      taken.push(storageIndex);
    },
    taken: () => [...taken],
    releaseAll: () => releases.splice(0).forEach((release) => release()),
  };
}
