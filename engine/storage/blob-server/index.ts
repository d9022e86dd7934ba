export { BlobStorageServer, DEFAULT_LEASE_DURATION_MS } from './blob-server';
export type { BlobStorageServerOptions, BlobGarbageCollectionOptions, BlobGarbageCollectionResult, BlobServerStats } from './blob-server';
export type { BlobCorruptionAdvisory } from './advisories';
export { DEFAULT_CHUNK_SIZE } from './chunks';
