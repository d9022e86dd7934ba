import { BlobNotFoundError, type BlobStore } from '../../backends/types';

/** Reads a small JSON object, or undefined when it does not exist. */
export async function readJson<T>(store: BlobStore, key: string): Promise<T | undefined> {
  let bytes: Uint8Array;
  try {
    bytes = await store.get(key);
  } catch (error) {
    if (error instanceof BlobNotFoundError) return undefined;
    throw error;
  }
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8')) as T;
}

export async function writeJson(store: BlobStore, key: string, value: unknown): Promise<void> {
  await store.put(key, new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8')));
}
