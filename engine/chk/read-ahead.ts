/**
 * Reads a ByteSource front to back in fixed-size pieces, `depth` pieces ahead
 * so the I/O overlaps the caller's work on the current piece. When the source
 * holds the bytes in memory anyway (view), the pieces are views of them; when
 * it can fill caller buffers (readInto, which allows overlapping calls), depth + 1
 * buffers are reused in turn:
 * fresh memory for every piece would cost a page fault per 4 KiB and keep the
 * garbage collector busy.
 */
import type { ByteSource } from './api';

export class ReadAhead {
  private readonly buffers: Uint8Array[] | null;
  private turn = 0;
  private offset = 0;
  private readonly ahead: Promise<Uint8Array>[] = [];

  constructor(
    private readonly source: ByteSource,
    private readonly pieceSize: number,
    private readonly depth = 1,
  ) {
    // No buffer larger than the source: a 100 KB photo must not allocate (and zero) 4 MiB pieces.
    const bufferSize = Math.min(pieceSize, source.size);
    // Nor more buffers than pieces: a source of one piece (every small file) needs one, not depth + 1.
    const pieces = Math.max(1, Math.ceil(source.size / pieceSize));
    this.buffers = !source.view && source.readInto ? Array.from({ length: Math.min(depth + 1, pieces) }, () => new Uint8Array(bufferSize)) : null;
    for (let i = 0; i < depth; i++) this.start();
  }

  /**
   * The next piece (pieceSize bytes, fewer for the last), or null at the end.
   * It stays valid until the call after this one, which reuses its buffer.
   */
  async next(): Promise<Uint8Array | null> {
    // Starting the read `depth` pieces on reuses the buffer of the piece
    // returned last time, which the caller is done with by now.
    this.start();
    const current = this.ahead.shift();
    return current ? await current : null;
  }

  private start(): void {
    const { source, offset } = this;
    if (offset >= source.size) return;
    const length = Math.min(this.pieceSize, source.size - offset);
    this.offset += length;
    let read: Promise<Uint8Array>;
    if (source.view) {
      read = source.view(offset, length);
    } else if (this.buffers && source.readInto) {
      const target = this.buffers[this.turn].subarray(0, length);
      this.turn = (this.turn + 1) % this.buffers.length;
      read = source.readInto(offset, target).then(() => target);
    } else {
      // read() makes no promise about overlapping calls (a streaming source
      // may need them in order), so each starts when the one before is done.
      const readPiece = () => source.read(offset, length);
      const before = this.ahead.at(-1);
      read = before ? before.then(readPiece, readPiece) : readPiece();
    }
    read.catch(() => undefined); // surfaced by next(); this only keeps an early failure from being "unhandled"
    this.ahead.push(read);
  }
}
