/**
 * Runs tasks one at a time per key (a storage index): lease records and slot
 * metadata are read-modify-write objects, and a BlobStore has no
 * compare-and-swap, so this process serialises its own updates to them.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** `afterTask` runs when each task has settled (the blob server drops what it cached about the key). */
  constructor(private readonly afterTask?: (key: string) => void) {}

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const afterTask = this.afterTask;
    const guarded = afterTask
      ? async () => {
          try {
            return await task();
          } finally {
            afterTask(key);
          }
        }
      : task;
    const current = previous.then(guarded, guarded);
    const settled = current.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, settled);
    try {
      return await current;
    } finally {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    }
  }
}
