import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { BlobBody, BlobInfo, BlobRange, BlobStore, Capacity, ConnectionTestResult } from '../types';
import { assertBlobKey, isBlobKey } from '../common/keys';
import { bodyChunks, bodySize, collectBody, readStreamExactly } from '../common/body';
import { httpRangeHeader } from '../common/range';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../common/retry';
import { runProbe } from '../common/probe';
import { explainS3Error, isInvalidRange, isNotFound, type S3ErrorContext } from './errors';
import { boundedBackoffRetryStrategy } from './retry-strategy';
import { usageByListing } from '../common/usage';

export interface S3StoreSettings {
  /** e.g. https://s3.eu-central-003.backblazeb2.com; omit for Amazon S3 (see resolveS3Location). */
  endpoint?: string;
  region: string;
  bucket: string;
  /** Folder-like prefix inside the bucket for RAIC's objects, e.g. "raic/"; empty for the whole bucket. */
  prefix?: string;
  forcePathStyle?: boolean;
  accessKeyId: string;
  secretAccessKey: string;
  /** Multipart part size; bodies above it upload in parts. 8 MiB by default (S3's minimum is 5 MiB). */
  partSizeBytes?: number;
  /**
   * Parts uploaded at once (2 by default): memory per put is about
   * partSize * (partsInFlight + 1), and RAIC runs one put per cloud at a time.
   */
  partsInFlight?: number;
  /**
   * How long a request may go without any bytes moving (no answer, or a
   * stalled transfer) before it is abandoned and retried. An idle limit rather
   * than a total one, so a large download on a slow line is not cut off.
   */
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** ListObjectsV2 page size (S3's maximum, 1000, by default). */
  listPageSize?: number;
}

const MiB = 1 << 20;

export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly prefix: string;
  private readonly partSize: number;
  private readonly partsInFlight: number;
  private readonly context: S3ErrorContext;

  constructor(private readonly settings: S3StoreSettings) {
    this.prefix = settings.prefix ?? '';
    if (this.prefix && !this.prefix.endsWith('/')) this.prefix += '/';
    this.partSize = Math.max(5 * MiB, settings.partSizeBytes ?? 8 * MiB);
    this.partsInFlight = Math.max(1, settings.partsInFlight ?? 2);
    this.context = { endpoint: settings.endpoint ?? `https://s3.${settings.region}.amazonaws.com`, bucket: settings.bucket, secret: settings.secretAccessKey };
    const requestTimeout = settings.requestTimeoutMs ?? 60_000;
    this.client = new S3Client({
      endpoint: settings.endpoint,
      region: settings.region,
      forcePathStyle: settings.forcePathStyle ?? false,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      retryStrategy: boundedBackoffRetryStrategy({ ...DEFAULT_RETRY_POLICY, ...settings.retry }),
      requestHandler: { socketTimeout: requestTimeout, connectionTimeout: Math.min(requestTimeout, 10_000) },
      // The newer default (CRC checksums on every upload, aws-chunked bodies) is not
      // understood by several S3-compatible services; MD5/ETag checks still apply.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  private objectKey(key: string): string {
    assertBlobKey(key);
    return this.prefix + key;
  }

  async get(key: string, range?: BlobRange): Promise<Uint8Array> {
    const objectKey = this.objectKey(key);
    if (range?.length === 0) {
      if (!(await this.stat(key))) throw explainS3Error({ name: 'NoSuchKey' }, this.context, key);
      return new Uint8Array(0);
    }
    try {
      const response = await this.client.send(
        new GetObjectCommand({ Bucket: this.settings.bucket, Key: objectKey, Range: httpRangeHeader(range) }),
      );
      const body = response.Body as (Readable & AsyncIterable<Uint8Array>) | undefined;
      if (!body) return new Uint8Array(0);
      return await readStreamExactly(body, response.ContentLength ?? 0);
    } catch (error) {
      // A range starting at or past the end: empty, provided the blob exists.
      if (isInvalidRange(error)) {
        if (await this.stat(key)) return new Uint8Array(0);
        throw explainS3Error({ name: 'NoSuchKey' }, this.context, key);
      }
      throw await this.explain(error, key);
    }
  }

  async stat(key: string): Promise<BlobInfo | undefined> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      return { key, size: head.ContentLength ?? 0, modified: head.LastModified };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw await this.explain(error);
    }
  }

  /**
   * Small bodies: one PutObject (atomic by S3's semantics). Larger ones:
   * multipart through lib-storage, holding at most partsInFlight parts; the
   * object appears only when CompleteMultipartUpload succeeds, and a failure
   * aborts the upload so no parts linger.
   */
  async put(key: string, body: BlobBody): Promise<void> {
    const objectKey = this.objectKey(key);
    const size = bodySize(body);
    try {
      if (size <= this.partSize) {
        const bytes = await collectBody(body);
        await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key: objectKey, Body: bytes, ContentLength: bytes.byteLength }));
        return;
      }
      const upload = new Upload({
        client: this.client,
        params: { Bucket: this.settings.bucket, Key: objectKey, Body: Readable.from(bodyChunks(body), { objectMode: false }) },
        partSize: this.partSize,
        queueSize: this.partsInFlight,
        leavePartsOnError: false,
      });
      await upload.done();
    } catch (error) {
      throw await this.explain(error);
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
    } catch (error) {
      if (isNotFound(error)) return;
      throw await this.explain(error);
    }
  }

  async *list(prefix: string): AsyncIterable<BlobInfo> {
    let continuationToken: string | undefined;
    do {
      let page;
      try {
        page = await this.client.send(
          new ListObjectsV2Command({
            Bucket: this.settings.bucket,
            Prefix: this.prefix + prefix,
            ContinuationToken: continuationToken,
            MaxKeys: this.settings.listPageSize ?? 1000,
          }),
        );
      } catch (error) {
        throw await this.explain(error);
      }
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.prefix.length);
        if (key !== undefined && object.Key?.startsWith(this.prefix) && isBlobKey(key)) {
          yield { key, size: object.Size ?? 0, modified: object.LastModified };
        }
      }
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
  }

  /** S3 has no account quota or free-space call; RAIC's own usage comes from listing. */
  async capacity(): Promise<Capacity> {
    return usageByListing(this.list(''));
  }

  async testConnection(): Promise<ConnectionTestResult> {
    return runProbe(
      this,
      async () => {
        try {
          await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: this.prefix, MaxKeys: 1 }));
        } catch (error) {
          throw await this.explain(error);
        }
        return { name: 'credentials', ok: true, detail: `signed in to ${this.context.endpoint} and can list bucket "${this.settings.bucket}"` };
      },
      (error) => explainS3Error(error, this.context).message,
    );
  }

  /**
   * HEAD responses carry no error code, so a bare 403 could mean a wrong key or
   * a missing permission: one small listing request tells which.
   */
  private async explain(error: unknown, key?: string): Promise<Error> {
    const code = (error as { name?: string })?.name;
    if ((code === 'Forbidden' || code === '403') && key === undefined) {
      try {
        await this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, MaxKeys: 1 }));
      } catch (diagnosis) {
        const explained = explainS3Error(diagnosis, this.context);
        if ((explained as { reason?: string }).reason === 'credentials') return explained;
      }
    }
    return explainS3Error(error, this.context, key);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
