/**
 * The API shapes of the Files screen's several-at-once actions (moving a
 * selection of files and folders into one folder) and of the re-encode
 * notice (how many stored files still use an older encoding, and starting
 * the re-encoding of exactly those).
 */
import { z } from 'zod';

const catalogPath = z.string().min(1, 'Give a path in your RAIC files, e.g. /Photos/2024.').max(4096, 'Paths are at most 4096 characters.');

export const MoveEntriesInputSchema = z.object({
  /** Files and folders (with everything in them) to move; each keeps its name. */
  paths: z.array(catalogPath).min(1, 'paths: choose at least one file or folder to move.').max(10_000, 'paths: move at most 10,000 items at once.'),
  /** The folder they go into; missing folders are created. */
  toFolder: catalogPath,
});
export const MoveEntriesResultSchema = z.object({
  moved: z.array(z.object({ from: z.string(), to: z.string(), kind: z.enum(['file', 'folder']), files: z.number().int() })),
});

export const ReencodeStatusSchema = z.object({
  /** The encoding new files get. */
  encoding: z.object({ needed: z.number().int(), total: z.number().int() }),
  /** Stored files whose encoding is not the grid's, and their size. */
  oldFiles: z.number().int(),
  oldBytes: z.number(),
  /** Re-encode jobs waiting or running. */
  reencoding: z.number().int(),
  /** Re-encode jobs that failed and were not started again (the notice offers to try again). */
  failed: z.number().int(),
});
export type ReencodeStatus = z.infer<typeof ReencodeStatusSchema>;

export const StartReencodeResultSchema = z.object({
  /** Jobs queued now. */
  queued: z.number().int(),
  /** Files already waiting for or in a re-encode job (not queued twice). */
  alreadyQueued: z.number().int(),
  message: z.string(),
});
