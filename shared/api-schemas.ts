/**
 * The shapes that cross the API: inputs (validated by the service on every
 * call, whichever transport carried it) and outputs (typed for the UI). Kept
 * apart from the contract table in ./api so each file stays readable.
 */
import { z } from 'zod';
import { MeasuredUsageSchema } from './gc-schemas';
import { AccountInputSchema, PROVIDER_IDS } from './accounts';

const id = z.string().min(1, 'Give the id.').max(200);
const catalogPath = z.string().min(1, 'Give a path in your RAIC files, e.g. /Photos/2024.').max(4096, 'Paths are at most 4096 characters.');
const fullLocalPath = z
  .string()
  .min(1)
  .max(4096)
  .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'Give the full path (it must start with / or a drive letter).');

// ---------- accounts ----------

export const AccountStatusSchema = z.enum(['online', 'offline', 'disabled', 'unknown']);

export const FailureDomainKindSchema = z.enum(['disk', 'file-system', 'login', 'server']);
export const FailureDomainRefSchema = z.object({ id: z.string(), name: z.string(), kind: FailureDomainKindSchema });
export const FailureDomainSchema = FailureDomainRefSchema.extend({ accountIds: z.array(z.string()) });
export type FailureDomainSummary = z.infer<typeof FailureDomainSchema>;

export const AccountSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  provider: z.enum(PROVIDER_IDS),
  /** Kept for the first UI: same as provider. */
  type: z.enum(PROVIDER_IDS),
  /** Where the account keeps its shares, in words (never a secret). */
  location: z.string(),
  status: AccountStatusSchema,
  /** Why the account is offline, in words; absent when online. */
  problem: z.string().optional(),
  latencyMs: z.number().nullable().optional(),
  bytesUsed: z.number().nonnegative(),
  shareCount: z.number().int().nonnegative(),
  sizeLimitBytes: z.number().positive().optional(),
  /** Non-secret settings, for the edit form. */
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Secret fields that are stored (in the keychain or the secrets file); their values never leave the service. */
  storedSecrets: z.array(z.string()),
  lossProbability: z.number(),
  availability: z.number(),
  /** What the account fails together with: the disk its folder is on, the login its bucket belongs to (docs/robustness.md). */
  failureDomain: FailureDomainRefSchema.extend({
    /** "detected" from the account's settings, or "user" when the user said which accounts it fails together with. */
    source: z.enum(['detected', 'user']).optional(),
    /** The user's correction as saved: on the same disk or login as another account, or independent of all. */
    override: z.union([z.object({ sameAs: z.string() }), z.object({ own: z.literal(true) })]).optional(),
    /** The other enabled accounts in the same domain. */
    sharedWith: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
    /** The part of the risk the whole domain carries (present when the domain holds several accounts). */
    sharedRisk: z.object({ lossProbability: z.number(), availability: z.number(), setByUser: z.boolean() }).optional(),
    /** The account's own part on top of the shared one. */
    ownRisk: z.object({ lossProbability: z.number(), availability: z.number() }).optional(),
  }).optional(),
  /**
   * The provider's quota and free space for the whole account, as last asked
   * (every few minutes at most); absent until asked, fields absent when the
   * provider does not tell them.
   */
  space: z
    .object({
      totalBytes: z.number().nonnegative().optional(),
      freeBytes: z.number().nonnegative().optional(),
      checkedAt: z.number(),
      problem: z.string().optional(),
    })
    .optional(),
  /** Whether this account's storage is shared with Tahoe-LAFS clients, and how to reach it (the NURL is a credential). */
  sharing: z.object({
    enabled: z.boolean(),
    port: z.number().nullable(),
    nurl: z.string().nullable(),
    serversYaml: z.string().nullable(),
    problem: z.string().nullable(),
  }),
});
export type AccountSummary = z.infer<typeof AccountSummarySchema>;

export const ConnectionTestSchema = z.object({
  ok: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
  latencyMs: z.number().optional(),
});
export type ConnectionTest = z.infer<typeof ConnectionTestSchema>;

export const TestAccountInputSchema = z.union([z.object({ id }).strict(), z.object({ account: AccountInputSchema }).strict()]);

/**
 * Changes to an account: any provider field (secret fields only when the user
 * typed a new value; absent ones are kept), and the common fields. `null`
 * clears an optional field. Besides them:
 * - `failureDomain`: "detected" (drop the user's correction), "own" (this
 *   account fails independently of all others) or "same-as:<account id>" (on
 *   the same disk or login as that account);
 * - `domainLossProbability`, `domainAvailability`: the shared part of the
 *   risk of the account's failure domain (null: back to the estimate).
 */
export const EditAccountInputSchema = z.object({
  id,
  changes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type EditAccountInput = z.infer<typeof EditAccountInputSchema>;

export const SetAccountEnabledInputSchema = z.object({ id, enabled: z.boolean() });

export const RemovalPlanSchema = z.object({
  accountId: z.string(),
  accountName: z.string(),
  filesWithShares: z.number().int(),
  sharesHeld: z.number().int(),
  /** Files that would become unreadable without moving their shares first. */
  filesUnreadableAfter: z.number().int(),
  files: z.array(z.object({ path: z.string(), shares: z.number().int(), healthAfter: z.string() })),
  /** Whether the other enabled accounts can take the shares (enough accounts for the encoding). */
  canMove: z.boolean(),
  message: z.string(),
});
export type RemovalPlan = z.infer<typeof RemovalPlanSchema>;

export const RemoveAccountInputSchema = z.object({
  id,
  /** Repair the files onto the other accounts first. */
  moveShares: z.boolean().optional(),
  /** Remove even though files lose shares (they stay readable from the others, or not). */
  force: z.boolean().optional(),
});

// ---------- status, usage, prices ----------

export const EncodingSchema = z
  .object({
    needed: z.number().int().min(1).max(256),
    happy: z.number().int().min(1).max(256),
    total: z.number().int().min(1).max(256),
    maxSegmentSize: z.number().int().min(1024).max(64 * 1024 * 1024),
  })
  .refine((e) => e.needed <= e.happy && e.happy <= e.total, {
    message: 'encoding must satisfy needed <= happy <= total',
  });
export type Encoding = z.infer<typeof EncodingSchema>;

export const HealthStateSchema = z.enum(['healthy', 'degraded', 'at-risk', 'unreadable', 'unknown']);

export const SecretStoreStatusSchema = z.object({
  kind: z.enum(['keychain', 'encrypted-file', 'none', 'not-opened', 'locked']),
  description: z.string(),
});

export const GridStatusSchema = z.object({
  dataDir: z.string(),
  encoding: EncodingSchema,
  accounts: z.array(AccountSummarySchema),
  health: HealthStateSchema,
  files: z.object({ count: z.number().int(), bytes: z.number() }),
  activeJobs: z.number().int(),
  secretStore: SecretStoreStatusSchema,
  /** False until the first-run wizard was completed. */
  setupComplete: z.boolean(),
  /** Background work (jobs, health monitor) paused by the user. */
  paused: z.boolean(),
  monitor: z.object({
    accountProbeIntervalMs: z.number(),
    fileCheckIntervalMs: z.number(),
    verifyBytesPerHour: z.number(),
    autoRepair: z.boolean(),
    repairWhen: z.enum(['degraded', 'at-risk']),
  }),
  recovery: z.object({
    keyId: z.string(),
    lastPublishedAt: z.number().nullable(),
    seq: z.number().int(),
    problem: z.string().nullable(),
  }),
});
export type GridStatus = z.infer<typeof GridStatusSchema>;

export const PriceEntrySchema = z.object({
  storagePerGBMonth: z.number().min(0, 'Prices cannot be negative.').max(1000),
  currency: z.string().trim().min(1).max(8),
});
export const PriceTableSchema = z.record(z.string().min(1).max(64), PriceEntrySchema);

export const UsageSchema = z.object({
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      priceKey: z.string(),
      bytesStored: z.number(),
      shareCount: z.number().int(),
      fileCount: z.number().int(),
      /** Of bytesStored: shares kept only for previous versions, and only for the trash. */
      versionBytes: z.number().optional(),
      trashBytes: z.number().optional(),
      quotaBytes: z.number().optional(),
      freeBytes: z.number().optional(),
      sizeLimitBytes: z.number().optional(),
      monthlyCost: z.number(),
      currency: z.string(),
      capacityProblem: z.string().optional(),
      /** Bytes as measured on the backend, by category (service/gc/measured-usage.ts); absent for accounts that cannot be listed. */
      measured: MeasuredUsageSchema.optional(),
    }),
  ),
  totals: z.object({
    fileBytes: z.number(),
    bytesStored: z.number(),
    /** Plaintext bytes of previous versions and of the trash (fileBytes counts listed files only). */
    versionFileBytes: z.number().optional(),
    trashFileBytes: z.number().optional(),
    /** Of bytesStored: what versions and the trash keep on the accounts. */
    versionBytesStored: z.number().optional(),
    trashBytesStored: z.number().optional(),
    monthlyCost: z.number(),
    currency: z.string(),
    overhead: z.number(),
  }),
  prices: PriceTableSchema,
  /** Accounts whose backend could not be listed for the measured figures. */
  measureProblems: z.array(z.string()).optional(),
});
export type Usage = z.infer<typeof UsageSchema>;

// ---------- files ----------

export const FileSummarySchema = z.object({
  path: z.string(),
  name: z.string(),
  size: z.number(),
  cap: z.string(),
  verifyCap: z.string().nullable(),
  storedAt: z.number(),
  sourceModifiedAt: z.number().nullable(),
  health: HealthStateSchema,
  lastCheckedAt: z.number().nullable(),
  lastCheckSummary: z.string().nullable(),
  encoding: z.object({ needed: z.number(), happy: z.number(), total: z.number(), segmentSize: z.number() }),
  placements: z.array(z.object({ accountId: z.string(), accountName: z.string(), shareNumbers: z.array(z.number()) })),
});
export type FileSummary = z.infer<typeof FileSummarySchema>;

export const FolderListingSchema = z.object({
  folder: z.string(),
  folders: z.array(z.object({ path: z.string(), name: z.string(), fileCount: z.number(), totalBytes: z.number() })),
  files: z.array(FileSummarySchema),
});
export type FolderListing = z.infer<typeof FolderListingSchema>;

export const ListFilesInputSchema = z.object({ folder: catalogPath.default('/') });
export const PathInputSchema = z.object({ path: catalogPath });
export const MoveFileInputSchema = z.object({ from: catalogPath, to: catalogPath });

// ---------- jobs ----------

export const JobSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  state: z.enum(['queued', 'running', 'done', 'failed', 'cancelled']),
  totalBytes: z.number().nullable(),
  doneBytes: z.number(),
  rateBytesPerSec: z.number().nullable(),
  etaSeconds: z.number().nullable(),
  /** Jobs of many files (a folder restore): how many are done of how many, while it runs. */
  files: z.object({ done: z.number(), total: z.number(), perSecond: z.number().nullable() }).nullable().optional(),
  error: z.string().nullable(),
  result: z.unknown(),
  attempts: z.number(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type Job = z.infer<typeof JobSchema>;

export const UploadPathsInputSchema = z.object({
  /** Files or folders on the machine RAIC runs on; folders are uploaded with everything in them. */
  sources: z.array(fullLocalPath).min(1, 'Choose at least one file or folder.').max(10_000),
  /** Folder in your RAIC files to put them in. */
  folder: catalogPath.default('/'),
  /** Folders with nothing in them become folders in RAIC (a desktop drop keeps its structure); by default they are skipped. */
  createEmptyFolders: z.boolean().optional(),
  /** When a file with the same name is already there: replace it (the old content stays as a version; the default), keep both ("name (1).ext"), or skip the new one. */
  onClash: z.enum(['replace', 'keep-both', 'skip'], { message: 'onClash: choose replace, keep-both or skip.' }).optional(),
});
export const DownloadToPathInputSchema = z.object({ path: catalogPath, destination: fullLocalPath, overwrite: z.boolean().optional() });
/** Restores a catalog folder (or file) into a folder on this machine, as a job; `conflict` as `raic get`'s --overwrite/--skip. */
export const RestoreFolderInputSchema = z.object({
  path: catalogPath,
  destination: fullLocalPath,
  conflict: z.enum(['refuse', 'overwrite', 'skip']).optional(),
  /** Restore into a new folder named as the catalog folder inside `destination` (the app's folder dialog picks where it goes). */
  intoSubfolder: z.boolean().optional(),
});
export const ListJobsInputSchema = z.object({ states: z.array(z.enum(['queued', 'running', 'done', 'failed', 'cancelled'])).optional() });
export const JobIdInputSchema = z.object({ id });

// ---------- health ----------

export const AccountHealthSchema = z.object({
  id: z.string(),
  name: z.string(),
  online: z.boolean(),
  latencyMs: z.number().nullable(),
  lastError: z.string().nullable(),
  lastProbeAt: z.number().nullable(),
  since: z.number().nullable(),
});

export const GridHealthSchema = z.object({
  status: HealthStateSchema,
  counts: z.record(z.string(), z.number()),
  worstFiles: z.array(z.object({ path: z.string(), health: z.string(), summary: z.string() })),
  lastPassAt: z.number().nullable(),
  accounts: z.array(AccountHealthSchema),
});
export type GridHealth = z.infer<typeof GridHealthSchema>;

export const HealthEventSchema = z.object({
  id: z.number(),
  at: z.number(),
  kind: z.string(),
  severity: z.enum(['info', 'warning', 'error']),
  message: z.string(),
  accountId: z.string().nullable(),
  filePath: z.string().nullable(),
});
export type HealthEventRecord = z.infer<typeof HealthEventSchema>;

export const ListEventsInputSchema = z.object({
  limit: z.number().int().min(1).max(1000).optional(),
  beforeId: z.number().int().optional(),
  severity: z.enum(['info', 'warning', 'error']).optional(),
  accountId: z.string().optional(),
  kind: z.string().max(64).optional(),
});

export const CheckFileInputSchema = z.object({ path: catalogPath, verify: z.boolean().optional(), repair: z.boolean().optional() });
export const FileCheckSchema = z.object({
  path: z.string(),
  health: HealthStateSchema,
  summary: z.string(),
  tolerance: z.number(),
  verified: z.boolean(),
  repaired: z.boolean(),
  corrupt: z.array(
    z.object({
      accountId: z.string(),
      shareNumber: z.number(),
      reason: z.string(),
      /** Segments whose block in this share failed its hash check; absent when the whole share is unusable. */
      badBlocks: z.array(z.number()).optional(),
    }),
  ),
  unreachableAccounts: z.array(z.object({ accountId: z.string(), reason: z.string() })),
  sharesByAccount: z.record(z.string(), z.array(z.number())),
});
export type FileCheck = z.infer<typeof FileCheckSchema>;

export const RunHealthCheckInputSchema = z.object({ verify: z.boolean().optional(), repair: z.boolean().optional() });
export const PassReportSchema = z.object({
  filesChecked: z.number(),
  filesVerified: z.number(),
  repaired: z.number(),
  repairFailed: z.number(),
  counts: z.record(z.string(), z.number()),
  durationMs: z.number(),
  /** The pass was stopped (pause or shutdown) before every file was checked. */
  interrupted: z.boolean(),
});

// ---------- recovery ----------

export const RecoveryKeyExportSchema = z.object({ keyId: z.string(), words: z.array(z.string()), fileText: z.string() });
export const RestoreInputSchema = z.object({ key: z.string().min(1, 'Enter the recovery key (its 18 words) or the text of the recovery key file.').max(20_000) });
export const RestoreResultSchema = z.object({
  filesRestored: z.number().int(),
  filesSkipped: z.number().int(),
  catalogSeq: z.number().int(),
  catalogCreatedAt: z.number(),
  /** Accounts the old grid had that this one does not: add them for full redundancy. */
  missingAccounts: z.array(z.object({ name: z.string(), provider: z.string(), location: z.string() })),
  message: z.string(),
});
export type RestoreResult = z.infer<typeof RestoreResultSchema>;

// ---------- robustness (docs/robustness.md) ----------

export const EncodingShapeSchema = z
  .object({
    needed: z.number().int().min(1, 'needed: at least 1 share.').max(256),
    happy: z.number().int().min(1).max(256),
    total: z.number().int().min(1).max(256, 'total: at most 256 shares.'),
  })
  .refine((e) => e.needed <= e.happy && e.happy <= e.total, {
    message: 'The encoding must satisfy needed ≤ happy ≤ total (e.g. 3 needed, 4 happy, 5 total).',
  });

export const GridRobustnessSchema = z.object({
  tolerance: z.number(),
  weakestAccounts: z.array(z.string()),
  weakestAccountNames: z.array(z.string()),
  annualLossProbability: z.number(),
  nines: z.number(),
  annualLossProbabilityWithRepair: z.number().nullable(),
  ninesWithRepair: z.number().nullable(),
  repairAssumptions: z.string().nullable(),
  availability: z.number(),
  overhead: z.number(),
  monthlyCost: z.number(),
  currency: z.string(),
  costByAccount: z.record(z.string(), z.number()),
  summary: z.string(),
  worstFilePath: z.string().nullable(),
  encoding: z.object({ needed: z.number(), happy: z.number(), total: z.number() }),
  accountCount: z.number().int(),
  /** The failure domains of the enabled accounts: accounts in one fail together. */
  failureDomains: z.array(FailureDomainSchema),
  /** Domains in the weakest set, in words ("the disk \"sda\""). */
  weakestDomainNames: z.array(z.string()),
  /** Probability that at least one file is lost within a year, without repair. */
  anyFileLossProbability: z.number(),
  /** False when anyFileLossProbability is an upper bound. */
  anyFileLossExact: z.boolean(),
  /** The encodings stored files use (each file keeps its own until re-encoded), most files first. */
  fileEncodings: z.array(z.object({ needed: z.number().int(), total: z.number().int(), files: z.number().int(), bytes: z.number() })),
  /** Probability that every member of the weak point (the likeliest set of failures that loses a file) fails within a year. */
  weakPointProbability: z.number(),
  /** Files the weak point loses, of fileCount (both 0 in a preview: no file stored yet). */
  weakPointFileCount: z.number().int(),
  fileCount: z.number().int(),
  /** The weak point in a sentence ("If the disk holding Local folders 1-5 fails, every file is lost."); null when nothing can lose a file. */
  weakPointWords: z.string().nullable(),
  /** What the availability figure counts beyond the accounts (your internet connection), in words. */
  availabilityAssumptions: z.string().nullable(),
  /** Every account is a local folder on one disk: the dashboard says what that does and does not protect against. */
  oneDisk: z.boolean(),
});
export type GridRobustnessReport = z.infer<typeof GridRobustnessSchema>;

export const PreviewRobustnessInputSchema = z.object({
  encoding: EncodingShapeSchema.optional(),
  /** An account the user is filling in: its provider (and S3 preset) give default risk and price. */
  addAccount: z
    .object({
      name: z.string().max(64).default('New account'),
      provider: z.enum(PROVIDER_IDS),
      preset: z.string().max(64).optional(),
      lossProbability: z.number().min(0).max(1).optional(),
      availability: z.number().min(0).max(1).optional(),
      /** The form's settings typed so far (no secrets; the service ignores secret fields): the disk or login it would share. */
      settings: z.record(z.string().max(64), z.union([z.string().max(4096), z.number()])).optional(),
    })
    .optional(),
  removeAccountId: z.string().optional(),
});
const EncodingFiguresSchema = z.object({
  needed: z.number(),
  happy: z.number(),
  total: z.number(),
  tolerance: z.number(),
  annualLossProbability: z.number(),
  nines: z.number(),
  overhead: z.number(),
  monthlyCostPerTB: z.number(),
  countsDomains: z.boolean(),
});
export const AccountChangeSchema = z.object({
  /** The grid's current encoding, as uploads place it, without and with the change. */
  currentBefore: EncodingFiguresSchema.nullable(),
  currentAfter: EncodingFiguresSchema.nullable(),
  /** The leanest encoding surviving one failure more than today, with the change; null when none does. */
  bestAfter: EncodingFiguresSchema.nullable(),
  changes: z.boolean(),
  headline: z.string(),
  /** Why nothing changes, in plain words; null when something does. */
  reason: z.string().nullable(),
  currency: z.string(),
});
export type AccountChange = z.infer<typeof AccountChangeSchema>;
export const RobustnessPreviewSchema = z.object({
  current: GridRobustnessSchema,
  preview: GridRobustnessSchema,
  /** The failure domain the account being added would be in, and the saved accounts already there (empty: independent of them). */
  newAccountDomain: z.object({ name: z.string(), kind: z.string(), sharedWith: z.array(z.string()) }).nullable().optional(),
  /** What the added or removed account really changes (engine/robustness/account-change-preview.ts); absent when no account changes. */
  change: AccountChangeSchema.nullable().optional(),
});

export const EncodingOptionSchema = z.object({
  needed: z.number(),
  happy: z.number(),
  total: z.number(),
  tolerance: z.number(),
  annualLossProbability: z.number(),
  nines: z.number(),
  availability: z.number(),
  overhead: z.number(),
  monthlyCostPerTB: z.number(),
  acceptable: z.boolean(),
  /** Some accounts share a disk or login: tolerance counts failures (an account, or a whole disk or login). */
  countsDomains: z.boolean(),
});

export const RobustnessTargetSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('survive-accounts'), accounts: z.number().int().min(0).max(64) }),
  z.object({ kind: z.literal('nines'), nines: z.number().min(0).max(30) }),
]);
export const RecommendationSchema = z.object({
  options: z.array(EncodingOptionSchema),
  meetsWithCurrent: z.boolean(),
  addAccountHelps: z.object({ wouldMeet: z.boolean(), helps: z.boolean(), bestOption: EncodingOptionSchema.nullable(), explanation: z.string() }),
  explanation: z.string(),
});

export const SetEncodingInputSchema = z.object({
  encoding: EncodingShapeSchema,
  /** Re-encode the files already stored (one job each: read with the old encoding, store with the new). */
  reencodeExisting: z.boolean().optional(),
});
export const SetEncodingResultSchema = z.object({
  encoding: EncodingSchema,
  filesWithOtherEncoding: z.number().int(),
  bytesToReencode: z.number(),
  /** Extra share bytes the grid will hold once re-encoded (negative when it shrinks). */
  storedBytesChange: z.number(),
  jobs: z.array(JobSchema),
  message: z.string(),
});

export const MonitorSettingsInputSchema = z.object({
  accountProbeIntervalMs: z.number().int().min(5_000, 'Check accounts at most every 5 seconds.').max(86_400_000).optional(),
  fileCheckIntervalMs: z.number().int().min(60_000, 'Check files at most every minute.').max(30 * 86_400_000).optional(),
  verifyBytesPerHour: z.number().int().min(0).max(1024 ** 4).optional(),
  autoRepair: z.boolean().optional(),
  repairWhen: z.enum(['degraded', 'at-risk']).optional(),
});

export const UsageHistorySchema = z.array(z.object({ at: z.number(), files: z.number(), fileBytes: z.number(), storedBytes: z.number() }));

export const SetAccountSharingInputSchema = z.object({
  id: z.string().min(1),
  enabled: z.boolean(),
  /** 0 picks a free port the first time; it is then kept, so the NURL stays the same. */
  port: z.number().int().min(0, 'Ports are 0 to 65535.').max(65535, 'Ports are 0 to 65535.').optional(),
  /** Interface to listen on; 127.0.0.1 unless the user asks for more. */
  host: z.string().trim().min(1).max(253).regex(/^[A-Za-z0-9.:[\]-]+$/, 'Give an IP address or host name.').optional(),
});

export const UnlockSecretsInputSchema = z.object({
  passphrase: z.string().min(1, 'Enter the passphrase.').max(1024, 'The passphrase is too long.'),
  /** Create the encrypted secrets file (no keychain on this computer): the user's explicit choice. */
  create: z.boolean().optional(),
});

// ---------- rclone ----------

/** Which rclone RAIC runs for rclone accounts, and where it came from. */
export const RcloneSettingsSchema = z.object({
  /** The program chosen in Settings; null: RAIC uses the copy packaged with the app, else the first on the PATH. */
  configuredPath: z.string().nullable(),
  /** The program RAIC runs now, or null when there is none. */
  path: z.string().nullable(),
  source: z.enum(['settings', 'environment', 'bundled', 'path']).nullable(),
  /** e.g. "rclone v1.60.1". */
  version: z.string().nullable(),
  /** What is wrong and how to fix it (how to get rclone, when there is none). */
  problem: z.string().nullable(),
});
export type RcloneSettings = z.infer<typeof RcloneSettingsSchema>;

export const SetRclonePathInputSchema = z.object({
  /** A full path to the rclone program; null or empty to let RAIC find it. */
  path: z
    .string()
    .trim()
    .max(4096, 'The path to rclone is at most 4096 characters.')
    .refine((value) => value === '' || /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(value), 'Give the full path to the rclone program (starting with / or a drive letter).')
    .nullable(),
});
