/**
 * Storage backends: one BlobStore per cloud account. openAccountStore() turns
 * an account as the user entered it into its store (registry.ts), so the
 * storage server and the service never pick a provider module themselves.
 */
export * from './types';
export { LocalBlobStore, type LocalStoreSettings } from './local/index';
export { S3BlobStore, S3_PRESETS, resolveS3Location, type S3StoreSettings, type S3Preset, type S3ProviderId, type S3Location } from './s3/index';
export { SwiftBlobStore, type SwiftStoreSettings, type SwiftAuthSettings } from './swift/index';
export { WebDavBlobStore, type WebDavStoreSettings } from './webdav/index';
export { SftpBlobStore, type SftpStoreSettings } from './sftp/index';
export { canCreateAccountRoot, createAccountRoot, openAccountStore, type BlobAccountInput, type BlobProviderId } from './registry';
export type { BackendOptions, BlobBackend } from './backend';
export { withRetry, isTransientBackendError, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retrying';
