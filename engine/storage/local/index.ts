export { LocalFolderStorageServer } from './local-folder-server';
export type { LocalFolderStorageServerOptions, CorruptionAdvisory, GarbageCollectionResult } from './local-folder-server';
export { shareFileBytes, TRAILER_BYTES } from './share-trailer';
