/**
 * Reads a ByteSource front to back in fixed-size pieces, one piece ahead so
 * the I/O overlaps the caller's work on the current piece. When the source
 * can fill caller buffers (readInto), two buffers are reused in turn: fresh
 * memory for every piece would cost a page fault per 4 KiB and keep the
 * garbage collector busy.
 */
import type { ByteSource } from './api';

export class ReadAhead {
  private readonly buffers: [Uint8Array, Uint8Array] | null;
  private turn = 0;
  private offset = 0;
  private ahead: Promise<Uint8Array> | null;

  constructor(
    private readonly source: ByteSource,
    private readonly pieceSize: number,
  ) {
    this.buffers = source.readInto ? [new Uint8Array(pieceSize), new Uint8Array(pieceSize)] : null;
    this.ahead = this.start();
  }

  /**
   * The next piece (pieceSize bytes, fewer for the last), or null at the end.
   * It stays valid until the call after this one, which reuses its buffer.
   */
  async next(): Promise<Uint8Array | null> {
    const current = this.ahead;
    if (!current) return null;
    const piece = await current;
    this.ahead = this.start();
    return piece;
  }

  private start(): Promise<Uint8Array> | null {
    const { source, offset } = this;
    if (offset >= source.size) return null;
    const length = Math.min(this.pieceSize, source.size - offset);
    this.offset += length;
    let read: Promise<Uint8Array>;
    if (this.buffers && source.readInto) {
      const target = this.buffers[this.turn].subarray(0, length);
      this.turn ^= 1;
      read = source.readInto(offset, target).then(() => target);
    } else {
      read = source.read(offset, length);
    }
    read.catch(() => undefined); // surfaced by next(); this only keeps an early failure from being "unhandled"
    return read;
  }
}
