import type { AccountInputOf } from '../../../shared/accounts';
import type { BlobBackend } from '../backend';
import { resolveS3Location } from './presets';
import { S3BlobStore } from './s3-store';

export { S3BlobStore } from './s3-store';
export type { S3StoreSettings } from './s3-store';
export { S3_PRESETS, resolveS3Location } from './presets';
export type { S3Location, S3Preset, S3ProviderId } from './presets';

export const s3Backend: BlobBackend<AccountInputOf<'s3'>> = {
  open(input, options) {
    const location = resolveS3Location(input.preset, { region: input.region, accountId: input.accountId, endpoint: input.endpoint });
    return new S3BlobStore({
      ...location,
      bucket: input.bucket,
      prefix: input.prefix,
      accessKeyId: input.accessKeyId,
      secretAccessKey: input.secretAccessKey,
      requestTimeoutMs: options.requestTimeoutMs,
      retry: options.retry,
    });
  },
  // The SDK retries each request itself, each part of a multipart upload
  // included (a streamed body cannot be replayed from outside), and its retry
  // middleware is where clock-skew correction and Retry-After hints live.
  retries: 'sdk',
};
