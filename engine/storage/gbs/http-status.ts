/**
 * HTTP statuses for failures, and how engine errors map to them. The spec
 * names the statuses for most cases; where it is silent (a full server, a
 * backend without mutable slots) the nearest standard status is used and
 * docs/gbs.md says so.
 */
import { BadWriteEnablerError, ConflictingWriteError, LeaseNotFoundError, ServerFullError, StorageIndexNotFoundError } from '../types';
import { MessageShapeError } from './message-checks';
import { BadPathError } from './paths';
import { SecretsHeaderError } from './secrets';
import { MalformedCborError } from './wire-cbor';

export const STATUS = {
  ok: 200,
  created: 201,
  noContent: 204,
  partialContent: 206,
  badRequest: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  notAcceptable: 406,
  conflict: 409,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  rangeNotSatisfiable: 416,
  internalError: 500,
  notImplemented: 501,
  insufficientStorage: 507,
} as const;

/** A failure with the status to answer it with; its message becomes the plain-text body. */
export class GbsHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'GbsHttpError';
  }
}

/** The status for an error thrown while serving; 500 for anything unforeseen. */
export function statusForError(error: unknown): number {
  if (error instanceof GbsHttpError) return error.status;
  // Spec "HTTP Design": bad secrets are "you sent garbage", 400 not 401.
  if (error instanceof SecretsHeaderError || error instanceof MalformedCborError || error instanceof MessageShapeError || error instanceof BadPathError) {
    return STATUS.badRequest;
  }
  if (error instanceof ConflictingWriteError) return STATUS.conflict; // spec: PATCH immutable, "CONFLICT"
  if (error instanceof BadWriteEnablerError) return STATUS.unauthorized; // spec: authorization using a secret failed
  if (error instanceof StorageIndexNotFoundError || error instanceof LeaseNotFoundError) return STATUS.notFound; // spec: lease, "NOT FOUND"
  if (error instanceof ServerFullError) return STATUS.insufficientStorage;
  // The engine's StorageServers throw these for arguments they refuse (sizes, offsets, share numbers).
  if (error instanceof TypeError || error instanceof RangeError) return STATUS.badRequest;
  return STATUS.internalError;
}
