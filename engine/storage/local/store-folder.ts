/**
 * Whether a local-folder server's folder is there to hold its shares, and
 * making incoming/ in it without ever starting a new store where an
 * unplugged disk was mounted.
 */
import { mkdir, stat } from 'node:fs/promises';
import { isNotFound } from './dir-listing';
import type { FolderLayout } from './layout';
import { makePrivateDir, openPrivateDescriptor, PRIVATE_DIR_MODE } from './private-files';

export interface StoreFolderOptions {
  layout: FolderLayout;
  /** See LocalFolderStorageServerOptions.createMissingRoot. */
  createMissingRoot: boolean;
  /** See LocalFolderStorageServerOptions.holdsStoredShares. */
  holdsStoredShares?: () => boolean | Promise<boolean>;
}

export class StoreFolder {
  private readonly layout: FolderLayout;
  private readonly createMissingRoot: boolean;
  private readonly holdsStoredShares?: () => boolean | Promise<boolean>;

  constructor(options: StoreFolderOptions) {
    this.layout = options.layout;
    this.createMissingRoot = options.createMissingRoot;
    this.holdsStoredShares = options.holdsStoredShares;
  }

  /**
   * Creates (or, over a crashed process's leftover, truncates) an incoming file.
   * incoming/ is made only when the open finds it missing: it is never removed
   * once made, so checking for it on every share would be a wasted mkdir.
   * Unless createMissingRoot, the server's folder itself is never made here:
   * when it is gone (a USB disk unplugged, a network share not mounted),
   * `mkdir -p` would quietly start a new store where the disk was mounted, on
   * another disk; the upload is refused instead, so the shares go to the
   * accounts that are there.
   */
  async openIncoming(incomingPath: string): Promise<number> {
    try {
      return await openPrivateDescriptor(incomingPath, 'w+');
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await this.makeIncomingDir();
      return openPrivateDescriptor(incomingPath, 'w+');
    }
  }

  private async makeIncomingDir(): Promise<void> {
    if (this.createMissingRoot) return makePrivateDir(this.layout.incomingDir);
    await this.check();
    try {
      await mkdir(this.layout.incomingDir, { mode: PRIVATE_DIR_MODE });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
      // Gone between the check and the mkdir.
      if (isNotFound(error)) throw new Error(missingFolderMessage(this.layout.root));
      throw error;
    }
  }

  /**
   * Throws, saying what to do, unless the folder can hold this server's
   * shares: it is missing (a disk not plugged in), is not a folder, or has no
   * shares/ although `holdsStoredShares` says shares were stored through it
   * (the empty mount point an unplugged disk leaves). Writes nothing. Uploads
   * check it before making incoming/ (when createMissingRoot is false); the
   * app's probe and catalog backup call it before they touch the folder.
   */
  async check(): Promise<void> {
    const { root } = this.layout;
    const info = await stat(root).catch((error: NodeJS.ErrnoException) => {
      throw new Error(isNotFound(error) ? missingFolderMessage(root) : `the storage folder ${root} cannot be opened (${error.code ?? error.message})`);
    });
    if (!info.isDirectory()) throw new Error(`the storage folder ${root} is not a folder`);
    if (this.holdsStoredShares && !(await stat(this.layout.sharesDir).catch(() => undefined)) && (await this.holdsStoredShares())) {
      throw new Error(
        `the storage folder ${root} has none of the shares stored there before: is the disk plugged in? (If the folder was emptied on purpose, remove the account and add it again.)`,
      );
    }
  }
}

function missingFolderMessage(root: string): string {
  return `the storage folder ${root} is missing (is the disk plugged in?)`;
}
