/**
 * Storage backends: one BlobStore per cloud account. openBlobStore() turns a
 * saved account setting into its store, so the storage server and the UI never
 * import a provider module directly.
 */
import type { BlobStore } from './types';
import { LocalBlobStore, type LocalStoreSettings } from './local/index';
import { S3BlobStore, type S3StoreSettings } from './s3/index';
import { SwiftBlobStore, type SwiftStoreSettings } from './swift/index';
import { WebDavBlobStore, type WebDavStoreSettings } from './webdav/index';
import { SftpBlobStore, type SftpStoreSettings } from './sftp/index';

export * from './types';
export { LocalBlobStore, S3BlobStore, SwiftBlobStore, WebDavBlobStore, SftpBlobStore };
export type { LocalStoreSettings, S3StoreSettings, SwiftStoreSettings, WebDavStoreSettings, SftpStoreSettings };
export { S3_PRESETS, resolveS3Location } from './s3/index';
export type { S3Preset, S3ProviderId, S3Location } from './s3/index';
export type { SwiftAuthSettings } from './swift/index';

export type BackendSettings =
  | ({ kind: 'local' } & LocalStoreSettings)
  | ({ kind: 's3' } & S3StoreSettings)
  | ({ kind: 'swift' } & SwiftStoreSettings)
  | ({ kind: 'webdav' } & WebDavStoreSettings)
  | ({ kind: 'sftp' } & SftpStoreSettings);

export function openBlobStore(settings: BackendSettings): BlobStore {
  switch (settings.kind) {
    case 'local':
      return new LocalBlobStore(settings);
    case 's3':
      return new S3BlobStore(settings);
    case 'swift':
      return new SwiftBlobStore(settings);
    case 'webdav':
      return new WebDavBlobStore(settings);
    case 'sftp':
      return new SftpBlobStore(settings);
  }
}
