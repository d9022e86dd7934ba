import { BackendConfigError, BlobNotFoundError } from '../types';
import { redactSecrets } from '../common/redact';

/** The parts of an AWS SDK (or network) error this backend looks at. */
interface SdkErrorShape {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const CREDENTIAL_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken', 'InvalidSecurity', 'AuthorizationHeaderMalformed']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);

export function s3ErrorCode(error: unknown): string {
  const shape = error as SdkErrorShape;
  return shape?.name ?? shape?.code ?? '';
}

export function s3HttpStatus(error: unknown): number | undefined {
  return (error as SdkErrorShape)?.$metadata?.httpStatusCode;
}

export function isNotFound(error: unknown): boolean {
  const code = s3ErrorCode(error);
  return code === 'NoSuchKey' || code === 'NotFound' || (s3HttpStatus(error) === 404 && code !== 'NoSuchBucket');
}

export function isInvalidRange(error: unknown): boolean {
  return s3ErrorCode(error) === 'InvalidRange' || s3HttpStatus(error) === 416;
}

export interface S3ErrorContext {
  endpoint: string;
  bucket: string;
  secret: string;
}

/**
 * Turns an SDK failure into the error the user can act on. Messages name the
 * endpoint and bucket, never the secret (redacted defensively as well).
 */
export function explainS3Error(error: unknown, context: S3ErrorContext, key?: string): Error {
  if (error instanceof BackendConfigError || error instanceof BlobNotFoundError) return error;
  const code = s3ErrorCode(error);
  const status = s3HttpStatus(error);
  const where = `bucket "${context.bucket}" at ${context.endpoint}`;
  const said = code ? ` (the server said ${code})` : '';
  const make = (message: string, reason: BackendConfigError['reason']) =>
    new BackendConfigError(redactSecrets(message, [context.secret]), reason);

  if (key !== undefined && isNotFound(error)) return new BlobNotFoundError(key);
  if (CREDENTIAL_CODES.has(code)) {
    return make(`the access key or secret key is wrong for ${where}${said}`, 'credentials');
  }
  if (code === 'NoSuchBucket') return make(`${where} does not exist${said}`, 'not-found');
  if (code === 'AccessDenied' || code === 'AllAccessDisabled' || code === 'Forbidden' || status === 403) {
    return make(`the key has no permission for this operation on ${where}${said}`, 'permission');
  }
  if (code === 'QuotaExceeded' || code === 'EntityTooLarge' || status === 507) {
    return make(`the storage quota of ${where} is exhausted${said}`, 'quota');
  }
  if (NETWORK_CODES.has(code) || NETWORK_CODES.has((error as SdkErrorShape)?.code ?? '') || code === 'TimeoutError' || code === 'RequestTimeout') {
    return make(`cannot reach ${context.endpoint}: ${(error as SdkErrorShape).message ?? code}`, 'unreachable');
  }
  const message = (error as SdkErrorShape)?.message ?? String(error);
  const wrapped = new Error(redactSecrets(`S3 request on ${where} failed${said}: ${message}`, [context.secret]), { cause: error });
  return wrapped;
}
