import { open, type FileHandle } from 'node:fs/promises';
import type { BucketReader } from '../types';

/** How long an unused share file stays open; readers have no close() in the interface. */
const IDLE_CLOSE_MS = 2000;

/** A complete share on disk, read by range through a lazily opened file handle. */
export class LocalBucketReader implements BucketReader {
  private handle: Promise<FileHandle> | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private inFlight = 0;

  constructor(
    readonly shareNumber: number,
    readonly size: number,
    private readonly path: string,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0) {
      throw new RangeError(`bad read range: offset ${offset}, length ${length}`);
    }
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    if (wanted === 0) return new Uint8Array(0);
    this.inFlight++;
    this.cancelIdleClose();
    try {
      const handle = await this.openHandle();
      // Unpooled: the buffer owns its ArrayBuffer, so a consumer may transfer it to a worker.
      const buffer = Buffer.allocUnsafeSlow(wanted);
      let got = 0;
      while (got < wanted) {
        const { bytesRead } = await handle.read(buffer, got, wanted - got, offset + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      // A share shorter on disk than when it was listed has been damaged or removed.
      if (got < wanted) throw new Error(`share ${this.shareNumber} ended early: read ${got} of ${wanted} bytes at offset ${offset}`);
      return new Uint8Array(buffer.buffer, buffer.byteOffset, got);
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) this.scheduleIdleClose();
    }
  }

  private openHandle(): Promise<FileHandle> {
    if (!this.handle) {
      this.handle = open(this.path, 'r');
      this.handle.catch(() => {
        this.handle = undefined;
      });
    }
    return this.handle;
  }

  private cancelIdleClose(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private scheduleIdleClose(): void {
    this.idleTimer = setTimeout(() => {
      const handle = this.handle;
      this.handle = undefined;
      this.idleTimer = undefined;
      void handle?.then((h) => h.close()).catch(() => undefined);
    }, IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }
}
