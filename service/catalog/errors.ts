/**
 * The one error type the catalog throws for things a person (or the code
 * calling it) can act on. The message is written for the person; the code is
 * for the caller to decide what to do.
 */
export type CatalogErrorCode =
  | 'conflict'
  | 'not_found'
  | 'invalid_path'
  | 'damaged'
  | 'invalid_snapshot'
  /** A NewFile or placement list with impossible values (a bug in the caller). */
  | 'invalid_file'
  /** The database was written by a newer RAIC whose schema this one does not know. */
  | 'newer_version';

export class CatalogError extends Error {
  readonly code: CatalogErrorCode;

  constructor(code: CatalogErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogError';
    this.code = code;
  }
}
