/**
 * The recovery pointer: a small sealed JSON object on every account that says
 * which upload holds the newest catalog. It is named after the key id, so
 * grids with different recovery keys can share an account without touching
 * each other's pointers, and it is sealed, so the catalog's cap (which would
 * let anyone holding the account fetch the sealed catalog) stays private.
 * Besides the newest catalog it names a few older ones to fall back on.
 */
import { z } from 'zod';
import { parseCap } from '../../engine/chk';
import { RecoveryFormatError } from './format-error';
import { recoveryKeyId, type RecoveryKey } from './recovery-key';
import { open, seal } from './sealed-box';

export const POINTER_FORMAT = 'raic-recovery-pointer';
export const POINTER_VERSION = 1;

/**
 * Older catalogs a pointer keeps naming besides the newest: if the newest
 * upload loses too many shares, restore falls back to one of these instead
 * of finding nothing. A few are enough; each costs about 150 bytes.
 */
export const MAX_PREVIOUS_CATALOGS = 3;

export interface CatalogEntry {
  /** Increases with every catalog change; the highest seq is the newest catalog. */
  seq: number;
  /** Read cap of the sealed catalog upload. */
  catalogCap: string;
  /** Milliseconds since the Unix epoch when the catalog was published. */
  createdAt: number;
}

export interface RecoveryPointer extends CatalogEntry {
  /** Catalogs this account named before, newest first, at most MAX_PREVIOUS_CATALOGS. */
  previous: CatalogEntry[];
}

const CatalogEntrySchema = z.object({
  seq: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  catalogCap: z.string().max(2000).refine(isReadCap, 'not a read cap'),
  createdAt: z.number().finite(),
});

const PointerSchema = CatalogEntrySchema.extend({
  format: z.literal(POINTER_FORMAT),
  version: z.literal(POINTER_VERSION),
  previous: z.array(CatalogEntrySchema).max(MAX_PREVIOUS_CATALOGS).optional(),
});

function isReadCap(text: string): boolean {
  try {
    return parseCap(text).kind !== 'CHK-Verifier';
  } catch {
    return false;
  }
}

export function pointerName(key: RecoveryKey): string {
  return `pointer-${recoveryKeyId(key)}`;
}

export function sealPointer(key: RecoveryKey, pointer: RecoveryPointer): Uint8Array {
  const document = { format: POINTER_FORMAT, version: POINTER_VERSION, ...pointer };
  PointerSchema.parse(document);
  return seal(key, 'pointer', new TextEncoder().encode(JSON.stringify(document)));
}

/** Throws RecoveryKeyError (wrong key or altered) or RecoveryFormatError (not a pointer this RAIC reads). */
export function openPointer(key: RecoveryKey, sealed: Uint8Array): RecoveryPointer {
  const text = new TextDecoder().decode(open(key, 'pointer', sealed));
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new RecoveryFormatError('the recovery pointer opened but is not JSON; publish the catalog again from a working RAIC');
  }
  const parsed = PointerSchema.safeParse(document);
  if (!parsed.success) {
    const version = (document as { version?: unknown } | null)?.version;
    const fromNewerRaic = typeof version === 'number' && version > POINTER_VERSION;
    throw new RecoveryFormatError(
      fromNewerRaic
        ? `the recovery pointer was written by a newer RAIC (pointer version ${version}); update RAIC`
        : `the recovery pointer opened but is not a valid version ${POINTER_VERSION} pointer; publish the catalog again from a working RAIC`,
      fromNewerRaic,
    );
  }
  const { seq, catalogCap, createdAt, previous = [] } = parsed.data;
  return { seq, catalogCap, createdAt, previous: previous.map((entry) => ({ seq: entry.seq, catalogCap: entry.catalogCap, createdAt: entry.createdAt })) };
}

/** Every catalog a pointer names, the newest first. */
export function catalogEntries(pointer: RecoveryPointer): CatalogEntry[] {
  const { seq, catalogCap, createdAt } = pointer;
  return [{ seq, catalogCap, createdAt }, ...pointer.previous];
}

/** Distinct catalogs (by cap), newest first: highest seq, then latest published. */
export function newestFirst(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const byCap = new Map<string, CatalogEntry>();
  for (const entry of entries) if (!byCap.has(entry.catalogCap)) byCap.set(entry.catalogCap, entry);
  return [...byCap.values()].sort((a, b) => b.seq - a.seq || b.createdAt - a.createdAt);
}

/** The pointer that replaces `current` to name `newest`, keeping the latest older catalogs to fall back on. */
export function succeedingPointer(current: RecoveryPointer | undefined, newest: CatalogEntry): RecoveryPointer {
  const older = current ? newestFirst(catalogEntries(current)).filter((entry) => entry.seq < newest.seq && entry.catalogCap !== newest.catalogCap) : [];
  return { ...newest, previous: older.slice(0, MAX_PREVIOUS_CATALOGS) };
}
