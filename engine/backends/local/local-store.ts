import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { BackendConfigError, BlobNotFoundError } from '../types';
import type { BlobBody, BlobInfo, BlobRange, BlobStore, Capacity, ConnectionTestResult, Quota } from '../types';
import { assertBlobKey, folderOfPrefix, isBlobKey, temporaryNameFor } from '../common/keys';
import { bodyChunks } from '../common/body';
import { clipRange } from '../common/range';
import { runProbe } from '../common/probe';

export interface LocalStoreSettings {
  /** The folder that holds RAIC's objects; it must exist (a missing drive must not be recreated empty). */
  root: string;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A folder on a local or mounted disk. */
export class LocalBlobStore implements BlobStore {
  readonly kind = 'local';
  private readonly root: string;

  constructor(settings: LocalStoreSettings) {
    this.root = path.resolve(settings.root);
  }

  /** The file of a key; refuses anything that would resolve outside the root. */
  private pathOf(key: string): string {
    assertBlobKey(key);
    const file = path.resolve(this.root, ...key.split('/'));
    if (!file.startsWith(this.root + path.sep)) throw new BackendConfigError(`key "${key}" escapes the storage folder`, 'invalid');
    return file;
  }

  private async requireRoot(): Promise<void> {
    try {
      const info = await fs.stat(this.root);
      if (!info.isDirectory()) throw new BackendConfigError(`${this.root} is not a folder`, 'invalid');
    } catch (error) {
      if (isMissing(error)) throw new BackendConfigError(`the storage folder ${this.root} does not exist (is the drive attached?)`, 'not-found');
      throw error;
    }
  }

  async get(key: string, range?: BlobRange): Promise<Uint8Array> {
    const file = this.pathOf(key);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(file, 'r');
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException).code === 'EISDIR') throw new BlobNotFoundError(key);
      throw error;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile()) throw new BlobNotFoundError(key);
      const { start, end } = clipRange(info.size, range);
      const bytes = new Uint8Array(end - start);
      let filled = 0;
      while (filled < bytes.byteLength) {
        const { bytesRead } = await handle.read(bytes, filled, bytes.byteLength - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === bytes.byteLength ? bytes : bytes.subarray(0, filled);
    } finally {
      await handle.close();
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    try {
      const info = await fs.stat(this.pathOf(key));
      return info.isFile() ? { key, size: info.size, modified: info.mtime } : undefined;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  }

  /** Temporary file beside the target, fsync, rename: a crash leaves the old blob or the new one. */
  async put(key: string, body: BlobBody): Promise<void> {
    const file = this.pathOf(key);
    await this.requireRoot();
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temporary = temporaryNameFor(file);
    const handle = await fs.open(temporary, fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0o600);
    let renamed = false;
    try {
      for await (const chunk of bodyChunks(body)) {
        let written = 0;
        while (written < chunk.byteLength) {
          const { bytesWritten } = await handle.write(chunk, written, chunk.byteLength - written);
          written += bytesWritten;
        }
      }
      await handle.sync();
      await handle.close();
      await fs.rename(temporary, file);
      renamed = true;
      await this.syncFolder(path.dirname(file));
    } finally {
      if (!renamed) {
        await handle.close().catch(() => undefined);
        await fs.unlink(temporary).catch(() => undefined);
      }
    }
  }

  /** Makes the rename itself durable; some platforms cannot open folders, which is harmless. */
  private async syncFolder(folder: string): Promise<void> {
    try {
      const handle = await fs.open(folder, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // Folder fsync is best effort (unsupported on Windows).
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.pathOf(key);
    try {
      await fs.unlink(file);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    // Empty share folders would otherwise pile up, one per storage index.
    for (let folder = path.dirname(file); folder !== this.root && folder.startsWith(this.root + path.sep); folder = path.dirname(folder)) {
      try {
        await fs.rmdir(folder);
      } catch {
        break;
      }
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    const start = folderOfPrefix(prefix);
    yield* this.walk(start, prefix);
  }

  private async *walk(relativeFolder: string, prefix: string): AsyncGenerator<BlobInfo> {
    const folder = relativeFolder ? path.join(this.root, ...relativeFolder.split('/')) : this.root;
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    for (const entry of entries) {
      const key = relativeFolder ? `${relativeFolder}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        // Only descend where keys under this folder can still match the prefix.
        if (key.startsWith(prefix) || prefix.startsWith(`${key}/`)) yield* this.walk(key, prefix);
      } else if (entry.isFile() && isBlobKey(key) && key.startsWith(prefix)) {
        try {
          const info = await fs.stat(path.join(folder, entry.name));
          yield { key, size: info.size, modified: info.mtime };
        } catch (error) {
          if (!isMissing(error)) throw error; // deleted while listing
        }
      }
    }
  }

  async capacity(): Promise<Capacity> {
    await this.requireRoot();
    let usedBytes = 0;
    let objectCount = 0;
    for await (const info of this.list('')) {
      usedBytes += info.size;
      objectCount++;
    }
    const disk = await this.quota();
    return { usedBytes, objectCount, quotaBytes: disk.totalBytes, freeBytes: disk.freeBytes };
  }

  /** The disk beneath the folder (statfs): its size, and what an unprivileged writer may still use. */
  async quota(): Promise<Quota> {
    await this.requireRoot();
    const disk = await fs.statfs(this.root);
    return { totalBytes: disk.blocks * disk.bsize, usedBytes: (disk.blocks - disk.bfree) * disk.bsize, freeBytes: disk.bavail * disk.bsize };
  }

  async testConnection(): Promise<ConnectionTestResult> {
    return runProbe(this, async () => {
      await this.requireRoot();
      await fs.access(this.root, fsConstants.R_OK | fsConstants.W_OK).catch(() => {
        throw new BackendConfigError(`no permission to read and write ${this.root}`, 'permission');
      });
      return { name: 'folder', ok: true, detail: `${this.root} exists and is writable` };
    });
  }

  async close(): Promise<void> {}
}
