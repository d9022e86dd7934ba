import type { BlobStore } from '../../backends/types';
import type { BucketReader } from '../types';
import { readChunkedRange } from './chunks';
import { shareChunkKey } from './keys';

/**
 * A complete immutable share. A share stored as one object no larger than
 * `wholeObjectLimit` (the server's chunk size) is fetched whole by the first
 * read and every later read is served from it: a downloader reads a header,
 * hash trees and blocks in several ranges, which would otherwise be as many
 * requests. Larger shares are read by range, one ranged get per chunk
 * touched, so memory stays bounded by what the caller asks for.
 */
export class ChunkedShareReader implements BucketReader {
  private whole: Promise<Uint8Array> | undefined;

  constructor(
    private readonly store: BlobStore,
    private readonly si: string,
    readonly shareNumber: number,
    readonly size: number,
    private readonly chunkSize: number,
    private readonly wholeObjectLimit = 0,
  ) {}

  /** A share of one object already fetched (BlobStorageServer.openShare): every read is served from it. */
  static ofWholeObject(store: BlobStore, si: string, shareNumber: number, bytes: Uint8Array): ChunkedShareReader {
    const reader = new ChunkedShareReader(store, si, shareNumber, bytes.length, bytes.length, bytes.length);
    reader.whole = Promise.resolve(bytes);
    return reader;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0) {
      throw new RangeError(`bad read range: offset ${offset}, length ${length}`);
    }
    if (this.size === this.chunkSize && this.size > 0 && this.size <= this.wholeObjectLimit) {
      const whole = await this.wholeObject();
      return whole.subarray(Math.min(offset, whole.length), Math.min(offset + length, whole.length));
    }
    return this.readRange(offset, length);
  }

  /** The share's one object, fetched once; a failed fetch is tried again by the next read. */
  private wholeObject(): Promise<Uint8Array> {
    if (!this.whole) {
      this.whole = this.readRange(0, this.size);
      this.whole.catch(() => {
        this.whole = undefined;
      });
    }
    return this.whole;
  }

  private readRange(offset: number, length: number): Promise<Uint8Array> {
    return readChunkedRange({
      store: this.store,
      keyOfChunk: (index) => shareChunkKey(this.si, this.shareNumber, index),
      chunkSize: this.chunkSize || 1,
      size: this.size,
      offset,
      length,
      sparse: false,
      describe: `share ${this.shareNumber} of ${this.si}`,
    });
  }
}
