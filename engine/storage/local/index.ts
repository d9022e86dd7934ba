export { LocalFolderStorageServer } from './local-folder-server';
export type { LocalFolderStorageServerOptions, CorruptionAdvisory, GarbageCollectionResult } from './local-folder-server';
