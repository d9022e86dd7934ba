/** Schemas of garbage collection, the orphan sweep and measured usage (service/gc). */
import { z } from 'zod';

const AccountRemovalSchema = z.object({ accountId: z.string(), accountName: z.string(), removedShares: z.number().int(), removedBytes: z.number() });

export const GcReportSchema = z.object({
  renewal: z.object({
    storageIndexes: z.number().int(),
    renewed: z.number().int(),
    absent: z.number().int(),
    problems: z.array(z.string()),
    interrupted: z.boolean(),
  }),
  /** Unreferenced files whose lease this grid gave up in this run. */
  expired: z.number().int(),
  perAccount: z.array(AccountRemovalSchema),
  totals: z.object({ removedShares: z.number().int(), removedBytes: z.number() }),
  /** Set when the run also removed orphans (`removeOrphans: true`). */
  orphansRemoved: z.array(AccountRemovalSchema).optional(),
  problems: z.array(z.string()),
});
export type GcReportOutput = z.infer<typeof GcReportSchema>;

export const RunGcInputSchema = z.object({ removeOrphans: z.boolean().default(false) });

export const OrphansSchema = z.object({
  accounts: z.array(z.object({ accountId: z.string(), accountName: z.string(), shares: z.number().int(), bytes: z.number(), storageIndexes: z.array(z.string()) })),
  problems: z.array(z.string()),
});

/** Bytes on one account as measured on its backend, by what they are for. */
export const MeasuredUsageSchema = z.object({
  files: z.number(),
  versions: z.number(),
  trash: z.number(),
  catalogBackups: z.number(),
  /** Shares no lease and no catalog entry claims (the orphan sweep offers to remove them). */
  orphans: z.number(),
  /** No catalog entry, still leased (by another client, or this grid's lease until it is released). */
  unreferenced: z.number(),
  total: z.number(),
  shareCount: z.number().int(),
  measuredAt: z.number(),
});
