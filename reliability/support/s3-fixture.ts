/**
 * A real S3 for the reliability tests: Debian's Swift with its S3 layer
 * (scripts/servers), one bucket, and S3 store settings with short timeouts
 * and few retries so that fault scenarios end in seconds, not minutes.
 */
import type { S3StoreSettings } from '../../engine/backends';
import { createBucket, startSwiftServer, type SwiftServer } from '../../scripts/servers/index';

/** Tries per S3 call in these tests (the product default is 4); the retry bound the tests assert is per call. */
export const TEST_RETRY = { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 250 };
/** Idle limit per request: a stalled server costs 3 x 1.5 s per call, not 4 x 60 s. */
export const TEST_REQUEST_TIMEOUT_MS = 1_500;

export interface S3Fixture {
  swift: SwiftServer;
  bucket: string;
  /** Store settings for a prefix, reaching S3 at `endpoint` (a fault proxy) or directly. */
  settings(prefix: string, endpoint?: string): S3StoreSettings;
  stop(): Promise<void>;
}

export async function startS3Fixture(bucket: string): Promise<S3Fixture> {
  const swift = await startSwiftServer();
  await createBucket(swift, bucket);
  return {
    swift,
    bucket,
    settings: (prefix, endpoint = swift.s3.endpoint) => ({
      endpoint,
      region: swift.s3.region,
      forcePathStyle: true,
      bucket,
      prefix,
      accessKeyId: swift.s3.accessKeyId,
      secretAccessKey: swift.s3.secretAccessKey,
      requestTimeoutMs: TEST_REQUEST_TIMEOUT_MS,
      retry: TEST_RETRY,
    }),
    stop: () => swift.stop(),
  };
}

/** host and port of an http://host:port URL. */
export function addressOf(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port) };
}
