/**
 * Stores the catalog in the grid after a change: sealed with the recovery
 * key, uploaded as an immutable CHK file, then pointed to from every account,
 * so that the recovery key and any one reachable account lead back to it.
 */
import type { EncodingParams } from '../../engine/chk/api';
import { bytesByteSource, describeError, sharesWrittenPerServer, uploadFile, type SharesWritten } from '../../engine/grid';
import type { StorageServer } from '../../engine/storage/types';
import { accountProblem, describeAccountProblems, type AccountProblem, type AuxStore } from './aux-store';
import { deriveFromRecoveryKey } from './key-derivation';
import { RecoveryFormatError } from './format-error';
import { openPointer, pointerName, sealPointer, succeedingPointer, type CatalogEntry, type RecoveryPointer } from './pointer';
import type { RecoveryKey } from './recovery-key';
import { seal } from './sealed-box';

export interface PublishedCatalog {
  seq: number;
  catalogCap: string;
  /** Milliseconds since the Unix epoch, as stored in the pointer. */
  createdAt: number;
  /** Accounts (ids) whose pointer now names this catalog. */
  pointersWritten: string[];
  /** Accounts whose pointer was left as it was, and why. */
  pointerFailures: AccountProblem[];
  /** The catalog's shares this publish wrote, per account (server id = account id; the shares' own bytes); none when the grid held them already. */
  sharesStored: SharesWritten[];
}

export interface PublishCatalogOptions {
  servers: readonly StorageServer[];
  auxStores: readonly AuxStore[];
  encoding: EncodingParams;
  leaseSecret: Uint8Array;
  key: RecoveryKey;
  /** The catalog snapshot document, as bytes. */
  snapshot: Uint8Array;
  /** Must grow with every publish: restore picks the highest. */
  seq: number;
  now?: () => number;
}

export class CatalogPublishError extends Error {
  constructor(
    message: string,
    /** The highest seq an account already held, when that is why nothing was written. */
    readonly newerSeq?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CatalogPublishError';
  }
}

/**
 * Convergence secret of catalog uploads. The sealed catalog starts with a
 * random nonce, so convergence can neither deduplicate nor reveal catalogs;
 * deriving the secret from the key (instead of a random one per upload) only
 * makes the upload of given sealed bytes repeatable: a retry finds the shares
 * an interrupted attempt already placed instead of storing a second copy.
 */
function catalogConvergence(key: RecoveryKey): Uint8Array {
  return deriveFromRecoveryKey(key.bytes, 'raic catalog convergence', 32);
}

type PointerWrite = { written: true } | { written: false; reason: string; newerSeq?: number };
type PointerRead = { ok: true; current: RecoveryPointer | undefined } | { ok: false; refusal: PointerWrite };

/**
 * Writes the pointer, keeping the catalogs it named before as fallbacks,
 * unless the account already names a newer catalog: a
 * second machine, or an old process finishing late, must not roll the
 * account back. Read-then-write is not atomic (object stores offer no
 * compare-and-swap), so two publishers racing can still interleave; the
 * other accounts' pointers and restore's "highest seq wins" cover that.
 */
async function writePointerTo(store: AuxStore, key: RecoveryKey, newest: CatalogEntry, read: Promise<PointerRead>): Promise<PointerWrite> {
  const before = await read;
  if (!before.ok) return before.refusal;
  const current = before.current;
  if (current && current.seq > newest.seq) {
    return { written: false, reason: `it already names a newer catalog (seq ${current.seq})`, newerSeq: current.seq };
  }
  try {
    await store.write(pointerName(key), sealPointer(key, succeedingPointer(current, newest)));
    return { written: true };
  } catch (error) {
    return { written: false, reason: `could not write the recovery pointer: ${describeError(error)}` };
  }
}

/** The account's current pointer (never rejects: a failure is the reason its pointer is not written). */
async function readPointerFrom(store: AuxStore, key: RecoveryKey): Promise<PointerRead> {
  let existing: Uint8Array | undefined;
  try {
    existing = await store.read(pointerName(key));
  } catch (error) {
    return { ok: false, refusal: { written: false, reason: `could not read its current recovery pointer: ${describeError(error)}` } };
  }
  let current: RecoveryPointer | undefined;
  if (existing !== undefined) {
    try {
      current = openPointer(key, existing);
    } catch (error) {
      // A pointer this key cannot open is damaged (its name comes from this key) and is replaced;
      // one from a newer RAIC may well be newer, so it is kept.
      if (error instanceof RecoveryFormatError && error.fromNewerRaic) {
        return { ok: false, refusal: { written: false, reason: error.message } };
      }
    }
  }
  return { ok: true, current };
}

function checkSeq(seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new RangeError(`catalog seq must be a non-negative integer, got ${seq}`);
}

export async function publishCatalog(options: PublishCatalogOptions): Promise<PublishedCatalog> {
  const { key, seq, auxStores } = options;
  checkSeq(seq);
  if (auxStores.length === 0) {
    throw new CatalogPublishError('the catalog was not published: no account is configured to hold its recovery pointer; add an account first');
  }
  const sealedCatalog = seal(key, 'catalog', options.snapshot);
  // The pointers are read while the catalog uploads (one round trip less on a distant account);
  // the check for a newer catalog is as good as before, since read-then-write was never atomic.
  const reads = auxStores.map((store) => readPointerFrom(store, key));
  let catalogCap: string;
  let sharesStored: PublishedCatalog['sharesStored'];
  try {
    const upload = await uploadFile(options.servers, bytesByteSource(sealedCatalog), {
      encoding: options.encoding,
      convergence: catalogConvergence(key),
      leaseSecret: options.leaseSecret,
    });
    catalogCap = upload.cap;
    sharesStored = sharesWrittenPerServer(upload);
  } catch (error) {
    throw new CatalogPublishError(
      `the catalog (seq ${seq}) could not be stored in the grid, so no recovery pointer was changed: ${describeError(error)}`,
      undefined,
      { cause: error },
    );
  }

  const createdAt = (options.now ?? Date.now)();
  const newest: CatalogEntry = { seq, catalogCap, createdAt };
  const writes = await Promise.all(auxStores.map((store, i) => writePointerTo(store, key, newest, reads[i])));

  const pointersWritten: string[] = [];
  const pointerFailures: AccountProblem[] = [];
  let newerSeq: number | undefined;
  writes.forEach((write, i) => {
    if (write.written) {
      pointersWritten.push(auxStores[i].accountId);
      return;
    }
    pointerFailures.push(accountProblem(auxStores[i], write.reason));
    if (write.newerSeq !== undefined) newerSeq = Math.max(newerSeq ?? write.newerSeq, write.newerSeq);
  });

  if (pointersWritten.length === 0) {
    const advice =
      newerSeq !== undefined
        ? `another RAIC has already published a newer catalog (seq ${newerSeq}); load that one before publishing again`
        : 'check the accounts\' connections and publish again';
    throw new CatalogPublishError(
      `the catalog (seq ${seq}) was stored in the grid, but no account took its recovery pointer (${describeAccountProblems(pointerFailures)}): ${advice}.`,
      newerSeq,
    );
  }
  return { seq, catalogCap, createdAt, pointersWritten, pointerFailures, sharesStored };
}
