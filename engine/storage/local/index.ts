export { LocalFolderStorageServer } from './local-folder-server';
export type { LocalFolderStorageServerOptions, CorruptionAdvisory, GarbageCollectionResult } from './local-folder-server';
export { base32Encode, base32Decode } from '../../chk/base32';
