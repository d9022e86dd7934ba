/**
 * The API shapes of the trash, previous versions and the choice an upload
 * makes when its name is taken (see service/catalog/trash.ts and versions.ts
 * for the rules behind them).
 */
import { z } from 'zod';

const catalogPath = z.string().min(1, 'Give a path in your RAIC files, e.g. /Photos/2024.').max(4096, 'Paths are at most 4096 characters.');

/** What an upload does when a file with its name is already there. */
export const ON_CLASH_CHOICES = ['replace', 'keep-both', 'skip'] as const;
export const OnClashSchema = z.enum(ON_CLASH_CHOICES, { message: 'onClash: choose replace, keep-both or skip.' });
export type OnClash = z.infer<typeof OnClashSchema>;

export const RemoveFileInputSchema = z.object({
  path: catalogPath,
  /** Skip the trash: the entries (and their versions) go at once and their space is released. */
  permanently: z.boolean().optional(),
});
export const RemoveFileResultSchema = z.object({
  /** Files removed from the listing. */
  removed: z.number().int(),
  /** The trash item they went to (absent when removed permanently). */
  trashItemId: z.number().int().optional(),
});

export const TrashItemSchema = z.object({
  id: z.number().int(),
  path: z.string(),
  kind: z.enum(['file', 'folder']),
  deletedAt: z.number(),
  fileCount: z.number().int(),
  bytes: z.number(),
  versionCount: z.number().int(),
  versionBytes: z.number(),
  /** When the trash lets go of it by itself. */
  expiresAt: z.number(),
});
export type TrashItem = z.infer<typeof TrashItemSchema>;

export const RetentionSchema = z.object({
  trashDays: z.number().int(),
  keepVersions: z.number().int(),
  versionDays: z.number().int(),
});
export type Retention = z.infer<typeof RetentionSchema>;

export const RetentionInputSchema = z.object({
  trashDays: z.number().int().min(1, 'trashDays: keep deleted files at least 1 day.').max(3650).optional(),
  keepVersions: z.number().int().min(0).max(1000, 'keepVersions: keep at most 1000 versions of a file.').optional(),
  versionDays: z.number().int().min(0).max(3650).optional(),
});

export const TrashListingSchema = z.object({ items: z.array(TrashItemSchema), retention: RetentionSchema });
export type TrashListing = z.infer<typeof TrashListingSchema>;

export const RestoreFromTrashInputSchema = z
  .object({
    id: z.number().int().optional(),
    /** The path it was deleted from: the newest delete there. */
    path: catalogPath.optional(),
  })
  .refine((input) => (input.id === undefined) !== (input.path === undefined), { message: 'Say which item to restore: give its id or its path (one of them).' });
export const RestoreFromTrashResultSchema = z.object({ restoredTo: z.string(), item: TrashItemSchema });

export const EmptyTrashInputSchema = z.object({ ids: z.array(z.number().int()).optional() });
export const EmptyTrashResultSchema = z.object({
  /** Trash items let go of. */
  removed: z.number().int(),
  /** Files whose shares were handed to the release (content another entry still uses is kept). */
  releasedFiles: z.number().int(),
});

export const FileVersionSchema = z.object({
  id: z.number().int(),
  size: z.number(),
  storedAt: z.number(),
  /** When a newer upload replaced it. */
  replacedAt: z.number(),
  sourceModifiedAt: z.number().nullable(),
  cap: z.string(),
});
export type FileVersion = z.infer<typeof FileVersionSchema>;
export const VersionListingSchema = z.object({ path: z.string(), versions: z.array(FileVersionSchema) });
export type VersionListing = z.infer<typeof VersionListingSchema>;
export const RestoreVersionInputSchema = z.object({ path: catalogPath, versionId: z.number().int() });
