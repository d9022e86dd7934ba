import { mkdir, rename, rmdir, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { BucketWriter } from '../types';

export interface LocalBucketWriterOptions {
  handle: FileHandle;
  incomingPath: string;
  finalPath: string;
  allocatedSize: number;
  /** Folders to try removing (deepest first) once the incoming file is gone. */
  incomingDirsToPrune: string[];
  /** Called exactly once, when the writer is closed or aborted. */
  onSettled(outcome: 'closed' | 'aborted', bytes: number): void;
}

type State = 'open' | 'closing' | 'closed' | 'aborted';

/**
 * One share being written into incoming/. The raw share bytes are stored with no
 * Tahoe-LAFS container header (version, data length, lease count): leases are a
 * later issue, and without the header the file is exactly the share, readable by
 * range with no offset arithmetic. close() fsyncs and renames into shares/, so a
 * reader sees either nothing or the whole share.
 */
export class LocalBucketWriter implements BucketWriter {
  private state: State = 'open';
  private readonly pending = new Set<Promise<void>>();
  private highWater = 0;

  constructor(private readonly options: LocalBucketWriterOptions) {}

  async write(offset: number, data: Uint8Array): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot write to a share that is ${this.state}`);
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`write offset must be a non-negative integer, got ${offset}`);
    const end = offset + data.length;
    if (end > this.options.allocatedSize) {
      throw new RangeError(`write of ${data.length} bytes at ${offset} goes past the allocated share size ${this.options.allocatedSize}`);
    }
    const task = this.writeFully(offset, data);
    this.pending.add(task);
    try {
      await task;
      if (end > this.highWater) this.highWater = end;
    } finally {
      this.pending.delete(task);
    }
  }

  private async writeFully(offset: number, data: Uint8Array): Promise<void> {
    let written = 0;
    while (written < data.length) {
      const { bytesWritten } = await this.options.handle.write(data, written, data.length - written, offset + written);
      if (bytesWritten <= 0) throw new Error('the disk accepted no bytes');
      written += bytesWritten;
    }
  }

  async close(): Promise<void> {
    if (this.state !== 'open') throw new Error(`cannot close a share that is ${this.state}`);
    this.state = 'closing';
    try {
      await Promise.all(this.pending);
      await this.options.handle.sync();
      await this.options.handle.close();
      await mkdir(dirname(this.options.finalPath), { recursive: true });
      await rename(this.options.incomingPath, this.options.finalPath);
    } catch (error) {
      await this.discard();
      throw error;
    }
    this.state = 'closed';
    await this.pruneIncomingDirs();
    this.options.onSettled('closed', this.highWater);
  }

  async abort(): Promise<void> {
    if (this.state === 'aborted' || this.state === 'closed') return;
    await Promise.allSettled(this.pending);
    await this.discard();
  }

  private async discard(): Promise<void> {
    if (this.state === 'aborted') return;
    this.state = 'aborted';
    await this.options.handle.close().catch(() => undefined);
    await unlink(this.options.incomingPath).catch(() => undefined);
    await this.pruneIncomingDirs();
    this.options.onSettled('aborted', 0);
  }

  private async pruneIncomingDirs(): Promise<void> {
    for (const dir of this.options.incomingDirsToPrune) {
      // Fails harmlessly while another share of the same file is still incoming.
      const removed = await rmdir(dir).then(
        () => true,
        () => false,
      );
      if (!removed) return;
    }
  }
}
