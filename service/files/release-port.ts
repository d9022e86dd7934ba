/**
 * The one place the files side tells the garbage-collection side that the
 * catalog let go of content: the trash was emptied or an item expired, a
 * version fell out of the retention rules, or a file was deleted permanently.
 *
 * Contract for the implementation (the gc side, wired by the composition root):
 * - `releaseFiles(refs)` is called after the catalog change that let go of
 *   them has committed; each ref's storage index was, at that commit,
 *   referenced by no listed file, version or trash item (the catalog's own
 *   backups are the backup's to account for). Literal files never appear:
 *   they hold no shares.
 * - Content can come back at any moment (convergent encryption: the same
 *   bytes uploaded again reuse the same storage index), so an implementation
 *   must check `referencedStorageIndexes` (service/catalog/references.ts) and
 *   its leases again before removing anything, never trust the ref alone.
 * - It should not throw for a ref already collected; a rejection is logged
 *   and the shares are left to lease expiry and the orphan sweep.
 *
 * Until the gc side is wired, NO_RELEASE does nothing: released shares stay
 * on the accounts (as they did before the trash existed) until collected.
 */
import type { ReleasedFile } from '../catalog';

export type { ReleasedFile };

export interface FileReleasePort {
  releaseFiles(refs: readonly ReleasedFile[]): Promise<void>;
}

/** The placeholder until the garbage-collection side is wired in: releases nothing. */
export const NO_RELEASE: FileReleasePort = {
  releaseFiles: async () => undefined,
};
