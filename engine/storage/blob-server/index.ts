export { BlobStorageServer, DEFAULT_LEASE_DURATION_MS } from './blob-server';
export type { BlobStorageServerOptions, BlobGarbageCollectionOptions, BlobServerStats } from './blob-server';
export type { BlobGarbageCollectionResult } from './garbage-collection';
export type { BlobCorruptionAdvisory } from './advisories';
export { DEFAULT_CHUNK_SIZE } from './chunks';
