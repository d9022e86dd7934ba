/**
 * Finds the newest catalog a recovery key can open, on a machine that has
 * nothing but the key and the account credentials: read every account's
 * pointer, take the highest seq, download and open that catalog, and fall
 * back to older ones (other accounts' pointers, and the previous catalogs
 * each pointer keeps) when the newest can no longer be read from the grid.
 */
import { describeError, downloadToBytes } from '../../engine/grid';
import type { StorageServer } from '../../engine/storage/types';
import { accountProblem, describeAccountProblems, type AccountProblem, type AuxStore } from './aux-store';
import { catalogEntries, newestFirst, openPointer, pointerName, type CatalogEntry, type RecoveryPointer } from './pointer';
import { RecoveryKeyError, type RecoveryKey } from './recovery-key';
import { open } from './sealed-box';

export interface FoundCatalog {
  /** The catalog snapshot document, as bytes. */
  snapshot: Uint8Array;
  seq: number;
  /** Milliseconds since the Unix epoch when it was published. */
  createdAt: number;
  catalogCap: string;
  /** Accounts (ids) holding a pointer this key opens, whatever seq it names. */
  pointersFound: string[];
  /** Accounts with no usable pointer, and why. */
  accountsWithoutPointer: AccountProblem[];
  /** How many of those hold a pointer under this key's name that the key does not open (altered or damaged). */
  pointersKeyCannotOpen: number;
  /** Set when the newest catalog could not be read: the seq given up on. */
  fellBackFrom?: number;
  /** Newer catalogs that could not be read, newest first, and why. */
  unreadableCatalogs: { seq: number; reason: string }[];
}

export interface FindLatestCatalogOptions {
  servers: readonly StorageServer[];
  auxStores: readonly AuxStore[];
  key: RecoveryKey;
}

export class CatalogRestoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CatalogRestoreError';
  }
}

type PointerReading =
  | { kind: 'found'; store: AuxStore; pointer: RecoveryPointer }
  | { kind: 'missing'; store: AuxStore }
  | { kind: 'unreadable'; store: AuxStore; reason: string }
  | { kind: 'key-cannot-open'; store: AuxStore; reason: string };

async function readPointerOf(store: AuxStore, key: RecoveryKey): Promise<PointerReading> {
  let sealed: Uint8Array | undefined;
  try {
    sealed = await store.read(pointerName(key));
  } catch (error) {
    return { kind: 'unreadable', store, reason: `could not read its recovery pointer: ${describeError(error)}` };
  }
  if (sealed === undefined) return { kind: 'missing', store };
  try {
    return { kind: 'found', store, pointer: openPointer(key, sealed) };
  } catch (error) {
    if (error instanceof RecoveryKeyError) return { kind: 'key-cannot-open', store, reason: error.message };
    return { kind: 'unreadable', store, reason: describeError(error) };
  }
}

/** Accounts holding pointers of other recovery keys: the likely sign of a mistyped or wrong key. */
async function countAccountsWithOtherKeysPointers(auxStores: readonly AuxStore[], key: RecoveryKey): Promise<number> {
  const ownName = pointerName(key);
  const holds = await Promise.all(
    auxStores.map(async (store) => {
      try {
        return (await store.list()).some((name) => name.startsWith('pointer-') && name !== ownName);
      } catch {
        return false;
      }
    }),
  );
  return holds.filter(Boolean).length;
}

async function noPointerError(readings: readonly PointerReading[], auxStores: readonly AuxStore[], key: RecoveryKey): Promise<CatalogRestoreError> {
  const count = auxStores.length;
  const keyCannotOpen = readings.filter((reading) => reading.kind === 'key-cannot-open').length;
  const unreadable = readings.flatMap((reading) => (reading.kind === 'unreadable' ? [accountProblem(reading.store, reading.reason)] : []));
  const unreadableNote = unreadable.length > 0 ? ` (${unreadable.length} could not be read: ${describeAccountProblems(unreadable)})` : '';
  if (keyCannotOpen > 0) {
    return new CatalogRestoreError(
      `RAIC recovery pointers were found on ${keyCannotOpen} of ${count} accounts, but the recovery key does not match them (or they were altered)${unreadableNote}. Check the recovery key.`,
    );
  }
  const otherKeys = await countAccountsWithOtherKeysPointers(auxStores, key);
  const otherKeysNote =
    otherKeys > 0 ? ` ${otherKeys} of them hold recovery pointers for a different recovery key: check the words of your key.` : '';
  return new CatalogRestoreError(
    `None of these ${count} accounts holds a RAIC recovery pointer for this key${unreadableNote}: add the accounts your old RAIC used, or check the recovery key.${otherKeysNote}`,
  );
}

async function downloadCatalog(servers: readonly StorageServer[], key: RecoveryKey, entry: CatalogEntry): Promise<Uint8Array> {
  return open(key, 'catalog', await downloadToBytes(servers, entry.catalogCap));
}

export async function findLatestCatalog(options: FindLatestCatalogOptions): Promise<FoundCatalog> {
  const { servers, auxStores, key } = options;
  if (auxStores.length === 0) {
    throw new CatalogRestoreError('No accounts were given to look for the recovery pointer: add the accounts your old RAIC used.');
  }
  const readings = await Promise.all(auxStores.map((store) => readPointerOf(store, key)));
  const found = readings.flatMap((reading) => (reading.kind === 'found' ? [reading] : []));
  if (found.length === 0) throw await noPointerError(readings, auxStores, key);

  const accountsWithoutPointer = readings.flatMap((reading): AccountProblem[] => {
    if (reading.kind === 'found') return [];
    return [accountProblem(reading.store, reading.kind === 'missing' ? 'it holds no recovery pointer for this key' : reading.reason)];
  });
  const unreadableCatalogs: { seq: number; reason: string }[] = [];
  for (const entry of newestFirst(found.flatMap((reading) => catalogEntries(reading.pointer)))) {
    let snapshot: Uint8Array;
    try {
      snapshot = await downloadCatalog(servers, key, entry);
    } catch (error) {
      unreadableCatalogs.push({ seq: entry.seq, reason: describeError(error) });
      continue;
    }
    return {
      snapshot,
      seq: entry.seq,
      createdAt: entry.createdAt,
      catalogCap: entry.catalogCap,
      pointersFound: found.map((reading) => reading.store.accountId),
      accountsWithoutPointer,
      pointersKeyCannotOpen: readings.filter((reading) => reading.kind === 'key-cannot-open').length,
      fellBackFrom: unreadableCatalogs.length > 0 ? unreadableCatalogs[0].seq : undefined,
      unreadableCatalogs,
    };
  }
  const details = unreadableCatalogs.map((catalog) => `seq ${catalog.seq}: ${catalog.reason}`).join('; ');
  throw new CatalogRestoreError(
    `Recovery pointers were found on ${found.length} of ${auxStores.length} accounts, but none of the catalogs they name could be read (${details}). ` +
      'Add the accounts or servers that are missing and try again.',
  );
}
