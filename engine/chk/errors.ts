/** Errors the CHK layer throws to its callers (CorruptShareError lives in api.ts). */

/** A capability string could not be parsed; the message says what is wrong with it. */
export class CapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapError';
  }
}

/**
 * Fewer than `needed` shares passed verification, or (when `segment` is set)
 * fewer than `needed` shares have a good block for that segment, so the file
 * (or that part of it) cannot be read.
 */
export class NotEnoughSharesError extends Error {
  constructor(
    readonly goodShares: number,
    readonly needed: number,
    readonly corruptShares: number = 0,
    readonly unavailableShares: number = 0,
    readonly segment?: number,
  ) {
    const details: string[] = [];
    if (corruptShares > 0) details.push(`${corruptShares} corrupt`);
    if (unavailableShares > 0) details.push(`${unavailableShares} unreadable`);
    const detailText = details.length ? ` (${details.join(', ')})` : '';
    super(
      segment === undefined
        ? `not enough shares to read the file: found ${goodShares} good share${goodShares === 1 ? '' : 's'}, need ${needed}${detailText}`
        : `not enough good blocks to read segment ${segment} of the file: found ${goodShares} share${goodShares === 1 ? '' : 's'} ` +
            `with a good block there, need ${needed}${detailText}`,
    );
    this.name = 'NotEnoughSharesError';
  }
}

/** The shares verified individually but decode to ciphertext the UEB does not vouch for (a bad uploader). */
export class IntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntegrityError';
  }
}
