/**
 * The two-character prefix folders of one tree of a local-folder server
 * (shares/ or leases/), so that a new storage index's folder or lease file is
 * made without a first try that fails.
 *
 * Why: a grid's first thousand files land in most of the 1,024 prefixes for
 * the first time. Without knowing, each of those shares tried the lease
 * file's create (ENOENT), made the folder, and tried again, and `mkdir -p` of
 * the bucket folder tried the leaf first (ENOENT) before its parent: two
 * failing calls per share, one of them a thread-pool trip and an exception on
 * the main thread. Here the tree is listed once, and a prefix not in the list
 * is made first (one call that succeeds).
 *
 * Only an optimisation: a prefix removed behind our back (another process, or
 * the lease store removing an empty one) makes the caller's create fail with
 * ENOENT, and callers keep their make-the-folder-and-retry path for that.
 */
import { join } from 'node:path';
import { listDir } from './dir-listing';
import { makeFolder } from './fs-calls';
import { PRIVATE_DIR_MODE } from './private-files';

/** What ensure returns for a prefix known to exist: no async call, no new promise (asked once per share). */
const KNOWN: Promise<void> = Promise.resolve();

export class PrefixFolders {
  private known: Promise<Set<string>> | undefined;
  /** The same set once the tree's listing is in. */
  private listed: Set<string> | undefined;

  constructor(private readonly tree: string) {}

  /** Makes `<tree>/<prefix>` (0700) unless it is known to exist; never throws for one that exists. */
  ensure(prefix: string): Promise<void> {
    return this.listed?.has(prefix) ? KNOWN : this.make(prefix);
  }

  private async make(prefix: string): Promise<void> {
    const known = await (this.known ??= listDir(this.tree).then((names) => (this.listed = new Set(names))));
    if (known.has(prefix)) return;
    try {
      await makeFolder(join(this.tree, prefix), PRIVATE_DIR_MODE, false);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // The tree itself is missing (a fresh folder): made with the prefix.
        await makeFolder(join(this.tree, prefix), PRIVATE_DIR_MODE, true);
      } else if (code !== 'EEXIST') {
        throw error;
      }
    }
    known.add(prefix);
  }

  /** The prefix folder may be gone (its last file was removed): the next ensure makes it again if needed. */
  forget(prefix: string): void {
    this.listed?.delete(prefix);
    void this.known?.then((known) => known.delete(prefix));
  }
}
