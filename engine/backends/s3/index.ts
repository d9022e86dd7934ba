export { S3BlobStore } from './s3-store';
export type { S3StoreSettings } from './s3-store';
export { S3_PRESETS, resolveS3Location } from './presets';
export type { S3Location, S3Preset, S3ProviderId } from './presets';
