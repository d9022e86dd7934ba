/** Creates a bucket on the test server's S3 layer, as the account's owner (the tests' S3 accounts need one to exist). */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import type { SwiftServer } from './swift-server';

export async function createBucket(swift: SwiftServer, bucket: string): Promise<void> {
  const admin = new S3Client({
    endpoint: swift.s3.endpoint,
    region: swift.s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey },
  });
  try {
    await admin.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    admin.destroy();
  }
}
