import type { BlobStore } from '../../backends/types';
import type { BucketReader } from '../types';
import { readChunkedRange } from './chunks';
import { shareChunkKey } from './keys';

/** A complete immutable share, read by range with one ranged get per chunk touched. */
export class ChunkedShareReader implements BucketReader {
  constructor(
    private readonly store: BlobStore,
    private readonly si: string,
    readonly shareNumber: number,
    readonly size: number,
    private readonly chunkSize: number,
  ) {}

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0) {
      throw new RangeError(`bad read range: offset ${offset}, length ${length}`);
    }
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
