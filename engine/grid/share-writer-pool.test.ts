import { describe, expect, it } from 'vitest';
import type { BucketWriter, StorageServer } from '../storage/types';
import { ShareWriterPool } from './share-writer-pool';

/** A writer that records what reached it (the pool's behaviour is what is under test, not a store's). */
class RecordingWriter implements BucketWriter {
  readonly writes: { offset: number; data: Uint8Array }[] = [];
  closed = false;
  async write(offset: number, data: Uint8Array): Promise<void> {
    this.writes.push({ offset, data });
  }
  async close(): Promise<void> {
    this.closed = true;
  }
  async abort(): Promise<void> {}
}

const server = (id: string) => ({ serverId: id, nickname: id }) as unknown as StorageServer;

describe('ShareWriterPool', () => {
  it('copies small writes the encoder may reuse, and keeps without a copy those it hands over', async () => {
    const writer = new RecordingWriter();
    const pool = new ShareWriterPool({ targets: [{ server: server('a'), shareNumber: 0, writer }], existing: new Map(), happy: 1 });
    const reused = Uint8Array.from([1, 2, 3]);
    const handedOver = Uint8Array.from([4, 5, 6]);
    await pool.sink.write(0, 0, reused);
    reused.fill(9); // the encoder reusing its buffer after the write
    await pool.sink.write(0, 3, handedOver, true);
    await pool.finish();
    expect(writer.closed).toBe(true);
    expect(writer.writes).toHaveLength(1); // gathered into one write
    expect([...writer.writes[0].data]).toEqual([1, 2, 3, 4, 5, 6]);

    // A lone handed-over write goes through as it is: the very same memory.
    const single = new RecordingWriter();
    const pool2 = new ShareWriterPool({ targets: [{ server: server('b'), shareNumber: 1, writer: single }], existing: new Map(), happy: 1 });
    await pool2.sink.write(1, 0, handedOver, true);
    await pool2.finish();
    expect(single.writes[0].data).toBe(handedOver);
  });
});
