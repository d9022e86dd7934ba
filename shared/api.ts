/**
 * The API contract every side imports: each operation the UI can call, declared
 * once with zod schemas for its input and output and the HTTP route that serves
 * it in headless mode. Electron IPC serves the same operations (one channel
 * each, see ./operations); the renderer talks to `RaicApi` and never knows
 * which transport carries it.
 */
import { z } from 'zod';
import type { OperationName } from './operations';
import { GcReportSchema, OrphansSchema, RunGcInputSchema } from './gc-schemas';
import { AccountInputSchema } from './accounts';
import {
  AccountSummarySchema,
  CheckFileInputSchema,
  ConnectionTestSchema,
  DownloadToPathInputSchema,
  EditAccountInputSchema,
  FileCheckSchema,
  FileSummarySchema,
  FolderListingSchema,
  GridHealthSchema,
  GridStatusSchema,
  HealthEventSchema,
  JobIdInputSchema,
  JobSchema,
  ListEventsInputSchema,
  ListFilesInputSchema,
  ListJobsInputSchema,
  MoveFileInputSchema,
  RestoreFolderInputSchema,
  PassReportSchema,
  PathInputSchema,
  PriceTableSchema,
  RecoveryKeyExportSchema,
  RemovalPlanSchema,
  RemoveAccountInputSchema,
  RestoreInputSchema,
  RestoreResultSchema,
  RunHealthCheckInputSchema,
  SetAccountEnabledInputSchema,
  TestAccountInputSchema,
  UploadPathsInputSchema,
  UsageSchema,
  GridRobustnessSchema,
  PreviewRobustnessInputSchema,
  RobustnessPreviewSchema,
  EncodingOptionSchema,
  RobustnessTargetSchema,
  RecommendationSchema,
  SetEncodingInputSchema,
  SetEncodingResultSchema,
  MonitorSettingsInputSchema,
  UsageHistorySchema,
  SetAccountSharingInputSchema,
  UnlockSecretsInputSchema,
  SecretStoreStatusSchema,
  RcloneSettingsSchema,
  SetRclonePathInputSchema,
} from './api-schemas';
import {
  EmptyTrashInputSchema,
  EmptyTrashResultSchema,
  RemoveFileInputSchema,
  RemoveFileResultSchema,
  RestoreFromTrashInputSchema,
  RestoreFromTrashResultSchema,
  RestoreVersionInputSchema,
  RetentionInputSchema,
  RetentionSchema,
  TrashListingSchema,
  VersionListingSchema,
} from './trash-schemas';

export * from './api-schemas';
export * from './trash-schemas';
export * from './file-manager-schemas';
import { MoveEntriesInputSchema, MoveEntriesResultSchema, ReencodeStatusSchema, StartReencodeResultSchema } from './file-manager-schemas';
import { FinishSignInInputSchema, SignInIdInputSchema, SignInStartedSchema, StartSignInInputSchema } from './sign-in-schemas';

export * from './api-schemas';
export * from './sign-in-schemas';

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });

/** Every operation: its schemas and where headless mode serves it. */
export const apiContract = {
  getStatus: { input: Empty, output: GridStatusSchema, http: { method: 'GET', path: '/api/v1/status' } },
  // accounts
  addAccount: { input: AccountInputSchema, output: AccountSummarySchema, http: { method: 'POST', path: '/api/v1/accounts/add' } },
  testAccount: { input: TestAccountInputSchema, output: ConnectionTestSchema, http: { method: 'POST', path: '/api/v1/accounts/test' } },
  editAccount: { input: EditAccountInputSchema, output: AccountSummarySchema, http: { method: 'POST', path: '/api/v1/accounts/edit' } },
  setAccountEnabled: { input: SetAccountEnabledInputSchema, output: AccountSummarySchema, http: { method: 'POST', path: '/api/v1/accounts/enabled' } },
  setAccountSharing: { input: SetAccountSharingInputSchema, output: AccountSummarySchema, http: { method: 'POST', path: '/api/v1/accounts/sharing' } },
  planAccountRemoval: { input: z.object({ id: z.string().min(1) }), output: RemovalPlanSchema, http: { method: 'POST', path: '/api/v1/accounts/removal-plan' } },
  startSignIn: { input: StartSignInInputSchema, output: SignInStartedSchema, http: { method: 'POST', path: '/api/v1/accounts/sign-in/start' } },
  finishSignIn: { input: FinishSignInInputSchema, output: AccountSummarySchema, http: { method: 'POST', path: '/api/v1/accounts/sign-in/finish' } },
  cancelSignIn: { input: SignInIdInputSchema, output: z.object({ cancelled: z.boolean() }), http: { method: 'POST', path: '/api/v1/accounts/sign-in/cancel' } },
  removeAccount: {
    input: RemoveAccountInputSchema,
    output: z.object({ removed: z.literal(true), filesMoved: z.number().int() }),
    http: { method: 'POST', path: '/api/v1/accounts/remove' },
  },
  // usage and prices
  getUsage: { input: Empty, output: UsageSchema, http: { method: 'GET', path: '/api/v1/usage' } },
  getUsageHistory: {
    input: z.object({ days: z.number().int().min(1).max(730).default(30) }),
    output: UsageHistorySchema,
    http: { method: 'POST', path: '/api/v1/usage/history' },
  },
  setPrices: { input: z.object({ prices: PriceTableSchema }), output: PriceTableSchema, http: { method: 'POST', path: '/api/v1/prices' } },
  // files
  listFiles: { input: ListFilesInputSchema, output: FolderListingSchema, http: { method: 'POST', path: '/api/v1/files/list' } },
  getFile: { input: PathInputSchema, output: FileSummarySchema, http: { method: 'POST', path: '/api/v1/files/get' } },
  createFolder: { input: PathInputSchema, output: Ok, http: { method: 'POST', path: '/api/v1/files/mkdir' } },
  moveFile: { input: MoveFileInputSchema, output: FileSummarySchema, http: { method: 'POST', path: '/api/v1/files/move' } },
  removeFile: { input: RemoveFileInputSchema, output: RemoveFileResultSchema, http: { method: 'POST', path: '/api/v1/files/remove' } },
  uploadPaths: { input: UploadPathsInputSchema, output: z.object({ jobs: z.array(JobSchema), skipped: z.array(z.string()).optional() }), http: { method: 'POST', path: '/api/v1/files/upload-paths' } },
  downloadToPath: { input: DownloadToPathInputSchema, output: JobSchema, http: { method: 'POST', path: '/api/v1/files/download-to-path' } },
  // trash and versions
  listTrash: { input: Empty, output: TrashListingSchema, http: { method: 'GET', path: '/api/v1/trash' } },
  restoreFromTrash: { input: RestoreFromTrashInputSchema, output: RestoreFromTrashResultSchema, http: { method: 'POST', path: '/api/v1/trash/restore' } },
  emptyTrash: { input: EmptyTrashInputSchema, output: EmptyTrashResultSchema, http: { method: 'POST', path: '/api/v1/trash/empty' } },
  getRetention: { input: Empty, output: RetentionSchema, http: { method: 'GET', path: '/api/v1/trash/retention' } },
  setRetention: { input: RetentionInputSchema, output: RetentionSchema, http: { method: 'POST', path: '/api/v1/trash/retention' } },
  listVersions: { input: PathInputSchema, output: VersionListingSchema, http: { method: 'POST', path: '/api/v1/files/versions' } },
  restoreVersion: { input: RestoreVersionInputSchema, output: FileSummarySchema, http: { method: 'POST', path: '/api/v1/files/versions/restore' } },
  moveFolder: { input: MoveFileInputSchema, output: z.object({ moved: z.number().int() }), http: { method: 'POST', path: '/api/v1/files/move-folder' } },
  restoreFolder: { input: RestoreFolderInputSchema, output: JobSchema, http: { method: 'POST', path: '/api/v1/files/restore-folder' } },
  moveEntries: { input: MoveEntriesInputSchema, output: MoveEntriesResultSchema, http: { method: 'POST', path: '/api/v1/files/move-entries' } },
  // re-encoding files stored with an older encoding
  getReencodeStatus: { input: Empty, output: ReencodeStatusSchema, http: { method: 'GET', path: '/api/v1/reencode' } },
  startReencode: { input: Empty, output: StartReencodeResultSchema, http: { method: 'POST', path: '/api/v1/reencode/start' } },
  // jobs
  listJobs: { input: ListJobsInputSchema, output: z.array(JobSchema), http: { method: 'POST', path: '/api/v1/jobs' } },
  cancelJob: { input: JobIdInputSchema, output: JobSchema, http: { method: 'POST', path: '/api/v1/jobs/cancel' } },
  clearFinishedJobs: { input: Empty, output: z.object({ cleared: z.number().int() }), http: { method: 'POST', path: '/api/v1/jobs/clear' } },
  // health
  getHealth: { input: Empty, output: GridHealthSchema, http: { method: 'GET', path: '/api/v1/health' } },
  listEvents: { input: ListEventsInputSchema, output: z.array(HealthEventSchema), http: { method: 'POST', path: '/api/v1/health/events' } },
  checkFile: { input: CheckFileInputSchema, output: FileCheckSchema, http: { method: 'POST', path: '/api/v1/health/check-file' } },
  runHealthCheck: { input: RunHealthCheckInputSchema, output: PassReportSchema, http: { method: 'POST', path: '/api/v1/health/run' } },
  // robustness
  getRobustness: { input: Empty, output: GridRobustnessSchema, http: { method: 'GET', path: '/api/v1/robustness' } },
  previewRobustness: { input: PreviewRobustnessInputSchema, output: RobustnessPreviewSchema, http: { method: 'POST', path: '/api/v1/robustness/preview' } },
  getEncodingChart: { input: Empty, output: z.array(EncodingOptionSchema), http: { method: 'GET', path: '/api/v1/robustness/chart' } },
  recommendEncodings: { input: z.object({ target: RobustnessTargetSchema }), output: RecommendationSchema, http: { method: 'POST', path: '/api/v1/robustness/recommend' } },
  setEncoding: { input: SetEncodingInputSchema, output: SetEncodingResultSchema, http: { method: 'POST', path: '/api/v1/encoding' } },
  // settings
  unlockSecrets: { input: UnlockSecretsInputSchema, output: SecretStoreStatusSchema, http: { method: 'POST', path: '/api/v1/secrets/unlock' } },
  completeSetup: { input: Empty, output: Ok, http: { method: 'POST', path: '/api/v1/setup/complete' } },
  setMonitorSettings: { input: MonitorSettingsInputSchema, output: GridStatusSchema.shape.monitor, http: { method: 'POST', path: '/api/v1/monitor' } },
  setPaused: { input: z.object({ paused: z.boolean() }), output: z.object({ paused: z.boolean() }), http: { method: 'POST', path: '/api/v1/paused' } },
  getRcloneSettings: { input: Empty, output: RcloneSettingsSchema, http: { method: 'GET', path: '/api/v1/settings/rclone' } },
  setRclonePath: { input: SetRclonePathInputSchema, output: RcloneSettingsSchema, http: { method: 'POST', path: '/api/v1/settings/rclone' } },
  // recovery
  getRecoveryKey: { input: Empty, output: RecoveryKeyExportSchema, http: { method: 'POST', path: '/api/v1/recovery/key' } },
  restoreFromRecoveryKey: { input: RestoreInputSchema, output: RestoreResultSchema, http: { method: 'POST', path: '/api/v1/recovery/restore' } },
  // space: leases, garbage collection, orphans
  runGc: { input: RunGcInputSchema, output: GcReportSchema, http: { method: 'POST', path: '/api/v1/gc' } },
  findOrphans: { input: Empty, output: OrphansSchema, http: { method: 'POST', path: '/api/v1/gc/orphans' } },
} as const satisfies Record<
  OperationName,
  { input: z.ZodType; output: z.ZodType; http: { method: 'GET' | 'POST'; path: string } }
>;

export type ApiContract = typeof apiContract;
export type OperationInput<K extends OperationName> = z.input<ApiContract[K]['input']>;
export type OperationOutput<K extends OperationName> = z.infer<ApiContract[K]['output']>;

/** What the UI calls; implemented by the IPC bridge, the HTTP client and the service itself. */
export type RaicApi = { [K in OperationName]: (input: OperationInput<K>) => Promise<OperationOutput<K>> };

/** An error a person can act on, carried across either transport as `{ error: { code, message } }`. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; field?: string };
}
export type ApiErrorCode = 'invalid_input' | 'not_found' | 'conflict' | 'unauthorized' | 'unavailable' | 'internal';

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/**
 * Validates an operation's input against the contract; on failure, an ApiError
 * whose message names the field and says what to do (zod's first issue).
 */
export function parseInput<K extends OperationName>(operation: K, input: unknown): z.infer<ApiContract[K]['input']> {
  const result = apiContract[operation].input.safeParse(input ?? {});
  if (result.success) return result.data as z.infer<ApiContract[K]['input']>;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || undefined;
  const message = issue ? (field ? `${field}: ${issue.message}` : issue.message) : 'invalid input';
  throw new ApiError('invalid_input', message, field);
}
