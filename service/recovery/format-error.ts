/**
 * Stored recovery data (a sealed object, or the pointer inside one) that is
 * not in a format this RAIC reads: damaged, written by another program, or
 * written by a newer RAIC. Kept apart from RecoveryKeyError because the key
 * is not to blame, and a newer RAIC's data must be kept rather than replaced.
 */
export class RecoveryFormatError extends Error {
  constructor(
    message: string,
    /** True when a newer RAIC wrote it: it may hold something newer, so it must not be overwritten. */
    readonly fromNewerRaic = false,
  ) {
    super(message);
    this.name = 'RecoveryFormatError';
  }
}
