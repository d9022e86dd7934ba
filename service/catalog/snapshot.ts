/**
 * The recovery snapshot: the catalog as plain JSON, published to the grid so
 * that a new machine holding the recovery key can get the user's files back.
 * A snapshot comes from outside (possibly an older or newer RAIC, possibly
 * damaged), so everything in it is checked before it touches the catalog.
 */
import { z } from 'zod';
import { CatalogError } from './errors';
import { FileContentSchema, describeIssue, shareNumberProblem } from './file-record';
import { normalizeCatalogPath, normalizeFilePath } from './paths';
import type { CatalogSnapshot } from './types';

export const SNAPSHOT_FORMAT = 'raic-catalog';
/** 2: with the trash and earlier versions, so a restore keeps them (and their shares stay referenced). */
export const SNAPSHOT_VERSION = 2 as const;

/** A path that normalizes cleanly becomes its normalized form; one that does not becomes a zod issue with the reason. */
function catalogPath(normalize: (input: string) => string) {
  return z.string().transform((input, context) => {
    try {
      return normalize(input);
    } catch (error) {
      context.addIssue({ code: 'custom', message: error instanceof CatalogError ? error.message : String(error) });
      return z.NEVER;
    }
  });
}

const SnapshotFileFields = FileContentSchema.omit({ health: true, sourceModifiedAt: true }).extend({
  path: catalogPath(normalizeFilePath),
  sourceModifiedAt: z.number().finite().nonnegative().nullable(),
  storedAt: z.number().finite().nonnegative(),
});

/** A share number at or above encoding.total was recorded wrongly: the file is refused. */
function withShareCheck<T extends z.ZodType<{ placements: { accountId: string; shareNumber: number }[]; encoding: { total: number } }>>(schema: T) {
  return schema.superRefine((file, context) => {
    const problem = shareNumberProblem(file.placements, file.encoding.total);
    if (problem) context.addIssue({ code: 'custom', path: ['placements'], message: problem });
  });
}

const RetainedFields = SnapshotFileFields.extend({ retainedAt: z.number().finite().nonnegative() });

const TrashItemSchema = z
  .object({
    path: catalogPath(normalizeCatalogPath),
    kind: z.enum(['file', 'folder']),
    deletedAt: z.number().finite().nonnegative(),
    folders: z.array(catalogPath(normalizeCatalogPath)),
    files: z.array(withShareCheck(RetainedFields.extend({ role: z.enum(['current', 'version']) }))),
  })
  .superRefine((item, context) => {
    // A restore puts everything back relative to the item's path, so nothing may lie outside it.
    const inside = (path: string) => path === item.path || path.startsWith(`${item.path}/`);
    item.folders.forEach((folder, index) => {
      if (item.kind === 'file' || !inside(folder)) context.addIssue({ code: 'custom', path: ['folders', index], message: `${folder} is not inside the deleted ${item.kind} ${item.path}` });
    });
    item.files.forEach((file, index) => {
      const fits = item.kind === 'file' ? file.path === item.path : inside(file.path) && file.path !== item.path;
      if (!fits) context.addIssue({ code: 'custom', path: ['files', index, 'path'], message: `${file.path} is not inside the deleted ${item.kind} ${item.path}` });
    });
  });

const SnapshotSchema = z
  .object({
    format: z.literal(SNAPSHOT_FORMAT),
    // Version 1 (before the trash and versions) is still read: it simply has neither.
    version: z.union([z.literal(1), z.literal(SNAPSHOT_VERSION)]),
    exportedAt: z.number().finite().nonnegative(),
    folders: z.array(catalogPath(normalizeCatalogPath)),
    files: z.array(withShareCheck(SnapshotFileFields)),
    versions: z.array(withShareCheck(RetainedFields)).default([]),
    trash: z.array(TrashItemSchema).default([]),
  })
  .superRefine((snapshot, context) => {
    const seen = new Set<string>();
    snapshot.files.forEach((file, index) => {
      if (seen.has(file.path)) context.addIssue({ code: 'custom', path: ['files', index, 'path'], message: `${file.path} appears twice` });
      seen.add(file.path);
    });
  });

function invalid(problem: string): CatalogError {
  return new CatalogError('invalid_snapshot', `The catalog snapshot cannot be used: ${problem}.`);
}

/** Checks a parsed JSON value and returns it as a snapshot with every path normalized. */
export function parseCatalogSnapshot(json: unknown): CatalogSnapshot {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('it is not a JSON object, so it is not a RAIC catalog snapshot');
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format !== SNAPSHOT_FORMAT) throw invalid(`its format is ${JSON.stringify(format) ?? 'missing'} instead of "${SNAPSHOT_FORMAT}", so it is not a RAIC catalog snapshot`);
  if (typeof version === 'number' && version > SNAPSHOT_VERSION) {
    throw invalid(`it was written by a newer version of RAIC (snapshot version ${version}, this version reads up to ${SNAPSHOT_VERSION}); update RAIC and try again`);
  }
  const result = SnapshotSchema.safeParse(json);
  if (!result.success) throw invalid(`${describeIssue(result.error)}. It may be damaged; try an older snapshot`);
  const snapshot: CatalogSnapshot = result.data;
  return snapshot;
}
