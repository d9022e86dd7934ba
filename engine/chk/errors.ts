/** Errors the CHK layer throws to its callers (CorruptShareError lives in api.ts). */

/** A capability string could not be parsed; the message says what is wrong with it. */
export class CapError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapError';
  }
}

/** Fewer than `needed` shares passed verification, so the file cannot be read. */
export class NotEnoughSharesError extends Error {
  constructor(
    readonly goodShares: number,
    readonly needed: number,
    readonly corruptShares: number = 0,
    readonly unavailableShares: number = 0,
  ) {
    const details: string[] = [];
    if (corruptShares > 0) details.push(`${corruptShares} corrupt`);
    if (unavailableShares > 0) details.push(`${unavailableShares} unreadable`);
    super(
      `not enough shares to read the file: found ${goodShares} good share${goodShares === 1 ? '' : 's'}, ` +
        `need ${needed}${details.length ? ` (${details.join(', ')})` : ''}`,
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
