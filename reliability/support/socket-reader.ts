/**
 * Pull-style reading from a TCP socket, for the fault proxy's HTTP parser:
 * "give me the bytes up to CRLF CRLF", "give me up to n bytes". Node sockets
 * push data; the proxy must instead decide per message, so data is queued
 * here (with backpressure: the socket pauses while much is queued).
 */
import type { Socket } from 'node:net';

const HIGH_WATER_BYTES = 1 << 20;

export class SocketReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
      if (this.buffered > HIGH_WATER_BYTES) socket.pause();
      this.wake();
    });
    const finish = (): void => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', finish);
    socket.on('close', finish);
    // Errors end the stream for the reader; whoever owns the socket decides what else to do.
    socket.on('error', finish);
  }

  /** True once the peer has closed (or the socket failed) and everything queued was read. */
  get exhausted(): boolean {
    return this.ended && this.buffered === 0;
  }

  /** Bytes up to and including `delimiter`; null when the stream ends before any byte; throws when it ends mid-way. */
  async readUntil(delimiter: string, limit = 64 * 1024): Promise<Buffer | null> {
    for (;;) {
      const all = this.peek();
      const at = all.indexOf(delimiter);
      if (at >= 0) return this.take(at + delimiter.length);
      if (all.length > limit) throw new Error(`no ${JSON.stringify(delimiter)} within ${limit} bytes`);
      if (!(await this.more(all.length))) {
        if (this.buffered === 0) return null;
        throw new Error('stream ended inside a message head');
      }
    }
  }

  /** Between 1 and `max` bytes; null at the end of the stream. */
  async readSome(max: number): Promise<Buffer | null> {
    if (this.buffered === 0 && !(await this.more(0))) return null;
    return this.take(Math.min(max, this.buffered));
  }

  /** Waits until more than `have` bytes are queued; false if the stream ended first. */
  private async more(have: number): Promise<boolean> {
    while (this.buffered <= have) {
      if (this.ended) return false;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
    return true;
  }

  private peek(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  private take(count: number): Buffer {
    const all = this.peek();
    const out = all.subarray(0, count);
    this.chunks = count < all.length ? [all.subarray(count)] : [];
    this.buffered -= count;
    if (this.buffered <= HIGH_WATER_BYTES && this.socket.isPaused()) this.socket.resume();
    return out;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}

/** Writes with backpressure; rejects if the socket closes before the data drains. */
export function writeTo(socket: Socket, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new Error('socket closed'));
      return;
    }
    if (socket.write(bytes)) {
      resolve();
      return;
    }
    const cleanup = (): void => {
      socket.off('drain', drained);
      socket.off('close', closed);
    };
    const drained = (): void => {
      cleanup();
      resolve();
    };
    const closed = (): void => {
      cleanup();
      reject(new Error('socket closed'));
    };
    socket.once('drain', drained);
    socket.once('close', closed);
  });
}
