/**
 * The API contract every side imports: each operation the UI can call, declared
 * once with zod schemas for its input and output and the HTTP route that serves
 * it in headless mode. Electron IPC serves the same operations (one channel
 * each, see ./operations); the renderer talks to `RaicApi` and never knows
 * which transport carries it.
 */
import { z } from 'zod';
import type { OperationName } from './operations';

export const AccountStatusSchema = z.enum(['online', 'offline', 'disabled']);

export const AccountSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(['local']),
  /** Where the account keeps its shares (for local folders, the folder). */
  location: z.string(),
  status: AccountStatusSchema,
  /** Why the account is offline, in words; absent when online. */
  problem: z.string().optional(),
  bytesUsed: z.number().nonnegative(),
  shareCount: z.number().int().nonnegative(),
  sizeLimitBytes: z.number().positive().optional(),
});
export type AccountSummary = z.infer<typeof AccountSummarySchema>;

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

export const GridStatusSchema = z.object({
  dataDir: z.string(),
  encoding: EncodingSchema,
  accounts: z.array(AccountSummarySchema),
});
export type GridStatus = z.infer<typeof GridStatusSchema>;

const accountName = z
  .string()
  .trim()
  .min(1, 'Give the account a name.')
  .max(64, 'Account names are at most 64 characters.')
  .regex(/^[\p{L}\p{N} ._-]+$/u, 'Use letters, digits, spaces, dots, dashes or underscores in the name.');

export const AddLocalAccountInputSchema = z.object({
  name: accountName,
  path: z
    .string()
    .trim()
    .min(1, 'Choose the folder where this account keeps its shares.')
    .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'Give the full path of the folder (it must start with / or a drive letter).'),
});
export type AddLocalAccountInput = z.infer<typeof AddLocalAccountInputSchema>;

export const RemoveAccountInputSchema = z.object({ id: z.string().min(1) });

const Empty = z.object({}).strict();

/** Every operation: its schemas and where headless mode serves it. */
export const apiContract = {
  getStatus: { input: Empty, output: GridStatusSchema, http: { method: 'GET', path: '/api/v1/status' } },
  addLocalAccount: {
    input: AddLocalAccountInputSchema,
    output: AccountSummarySchema,
    http: { method: 'POST', path: '/api/v1/accounts' },
  },
  removeAccount: {
    input: RemoveAccountInputSchema,
    output: z.object({ removed: z.literal(true) }),
    http: { method: 'POST', path: '/api/v1/accounts/remove' },
  },
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
