/**
 * What makes a file record possible: the rules shared by addFile (checking a
 * caller's NewFile) and snapshot import (checking a file read from the grid).
 */
import { z } from 'zod';
import { CatalogError } from './errors';
import { FILE_HEALTHS, type NewFile, type SharePlacement } from './types';

/** Tahoe-LAFS allows at most 256 shares, numbered 0..255. */
export const MAX_SHARES = 256;

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const timestamp = z.number().finite().nonnegative();

export const EncodingSchema = z
  .object({
    needed: z.number().int().min(1).max(MAX_SHARES),
    happy: z.number().int().min(1).max(MAX_SHARES),
    total: z.number().int().min(1).max(MAX_SHARES),
    segmentSize: z.number().int().min(1),
  })
  .refine((e) => e.needed <= e.happy && e.happy <= e.total, { message: 'encoding must satisfy needed <= happy <= total' });

export const PlacementSchema = z.object({
  accountId: z.string().min(1),
  shareNumber: z.number().int().min(0).max(MAX_SHARES - 1),
});

/** Everything about a stored file except its path, which each caller normalizes its own way. */
export const FileContentSchema = z.object({
  size: count,
  cap: z.string().regex(/^URI:(CHK|LIT):/, 'a file cap starts with URI:CHK: or URI:LIT:'),
  verifyCap: z.string().min(1).nullable(),
  storageIndex: z.string().min(1).nullable(),
  encoding: EncodingSchema,
  shareSize: count,
  sourceModifiedAt: timestamp.nullable().optional(),
  placements: z.array(PlacementSchema),
  health: z.enum(FILE_HEALTHS).optional(),
});

/** Where a zod issue is, in words, for error messages. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'unknown problem';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'the value';
  return `${where}: ${issue.message}`;
}

/** Share numbers only exist below encoding.total; anything else was recorded wrongly. */
export function shareNumberProblem(placements: readonly SharePlacement[], totalShares: number): string | undefined {
  const wrong = placements.find((p) => p.shareNumber >= totalShares);
  return wrong ? `share number ${wrong.shareNumber} on account ${wrong.accountId} is not below encoding.total (${totalShares})` : undefined;
}

const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const isNumberIn = (value: unknown, min: number, max: number): boolean => Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max;
const isIdOrNull = (value: unknown): boolean => value === null || (typeof value === 'string' && value.length > 0);

/**
 * The rules of FileContentSchema, written out for the valid case only (no
 * stricter and no looser): every upload checks its record, and zod's parse
 * was a visible part of a small file's CPU. Anything this does not accept
 * goes through zod, which names the problem.
 */
export function plainlyValid(file: NewFile): boolean {
  const { encoding: e, placements } = file;
  const modifiedAt = file.sourceModifiedAt;
  return (
    isCount(file.size) &&
    typeof file.cap === 'string' &&
    (file.cap.startsWith('URI:CHK:') || file.cap.startsWith('URI:LIT:')) &&
    isIdOrNull(file.verifyCap) &&
    isIdOrNull(file.storageIndex) &&
    typeof e === 'object' &&
    e !== null &&
    isNumberIn(e.needed, 1, MAX_SHARES) &&
    isNumberIn(e.happy, 1, MAX_SHARES) &&
    isNumberIn(e.total, 1, MAX_SHARES) &&
    isNumberIn(e.segmentSize, 1, Infinity) &&
    e.needed <= e.happy &&
    e.happy <= e.total &&
    isCount(file.shareSize) &&
    (modifiedAt === undefined || modifiedAt === null || (Number.isFinite(modifiedAt) && modifiedAt >= 0)) &&
    Array.isArray(placements) &&
    placements.every((p) => typeof p === 'object' && p !== null && typeof p.accountId === 'string' && p.accountId.length > 0 && isNumberIn(p.shareNumber, 0, MAX_SHARES - 1)) &&
    (file.health === undefined || FILE_HEALTHS.includes(file.health))
  );
}

export function checkNewFile(file: NewFile, path: string): void {
  if (plainlyValid(file)) {
    const problem = shareNumberProblem(file.placements, file.encoding.total);
    if (problem) throw new CatalogError('invalid_file', `Cannot record ${path} in the catalog (${problem}); this is a bug in RAIC, please report it.`);
    return;
  }
  const result = FileContentSchema.safeParse(file);
  const problem = result.success ? shareNumberProblem(file.placements, file.encoding.total) : describeIssue(result.error);
  if (problem) throw new CatalogError('invalid_file', `Cannot record ${path} in the catalog (${problem}); this is a bug in RAIC, please report it.`);
}

export function checkPlacements(placements: readonly SharePlacement[], totalShares: number, path: string): void {
  const result = z.array(PlacementSchema).safeParse(placements);
  const problem = result.success ? shareNumberProblem(placements, totalShares) : describeIssue(result.error);
  if (problem) throw new CatalogError('invalid_file', `Cannot record where the shares of ${path} are (${problem}); this is a bug in RAIC, please report it.`);
}

/** One placement per (account, share), sorted by account then share number. */
export function sortedPlacements(placements: readonly SharePlacement[]): SharePlacement[] {
  const unique = new Map<string, SharePlacement>();
  for (const { accountId, shareNumber } of placements) unique.set(`${shareNumber}\u0000${accountId}`, { accountId, shareNumber });
  return [...unique.values()].sort(comparePlacements);
}

export function comparePlacements(a: SharePlacement, b: SharePlacement): number {
  if (a.accountId !== b.accountId) return a.accountId < b.accountId ? -1 : 1;
  return a.shareNumber - b.shareNumber;
}
