/**
 * A BlobStore decorator that counts the calls RAIC makes, so a test can bound
 * the retries it sees at the fault proxy: HTTP requests must stay within
 * (calls x attempts per call).
 */
import type { BlobBody, BlobInfo, BlobRange, BlobStore, Capacity, ConnectionTestResult } from '../../engine/backends';

export class CountingStore implements BlobStore {
  readonly kind: string;
  /** Calls made (a list() of RAIC's few small objects is one page, so one request per call without retries). */
  calls = 0;

  constructor(private readonly inner: BlobStore) {
    this.kind = inner.kind;
  }

  get(key: string, range?: BlobRange): Promise<Uint8Array> {
    this.calls++;
    return this.inner.get(key, range);
  }

  stat(key: string): Promise<BlobInfo | undefined> {
    this.calls++;
    return this.inner.stat(key);
  }

  put(key: string, body: BlobBody): Promise<void> {
    this.calls++;
    return this.inner.put(key, body);
  }

  delete(key: string): Promise<void> {
    this.calls++;
    return this.inner.delete(key);
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    this.calls++;
    yield* this.inner.list(prefix);
  }

  capacity(): Promise<Capacity> {
    this.calls++;
    return this.inner.capacity();
  }

  testConnection(): Promise<ConnectionTestResult> {
    this.calls++;
    return this.inner.testConnection();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
