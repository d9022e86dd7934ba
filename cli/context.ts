import type { EncodingParams } from '../engine/chk/api';
import type { StorageServer } from '../engine/storage/types';
import type { UploadReport } from '../engine/grid';

/** The grid a CLI command works on, opened from --data-dir. */
export interface OpenGrid {
  /** One storage server per enabled account. */
  servers: StorageServer[];
  encoding: EncodingParams;
  /** The grid's convergence secret (16 bytes); same plaintext + same secret = same cap. */
  convergence: Uint8Array;
  /** The grid's client lease secret (32 bytes), from which per-server lease secrets are derived. */
  leaseSecret: Uint8Array;
}

/** What every `raic` subcommand receives besides its own arguments. */
export interface CommandContext {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Opens (creating on first use) the grid in the chosen data dir. */
  openGrid(): Promise<OpenGrid>;
  /** Lists a file `raic put` stored in the grid's catalog; absent when there is no catalog (engine-only tests). */
  recordUpload?(report: UploadReport, target: string, sourceModifiedAt: number | null): Promise<void>;
}

/**
 * A subcommand module exports `run(argv, ctx)`: argv is what follows the
 * subcommand name (global options such as --data-dir already removed); the
 * result is the process exit code (0 ok, 1 failure, 2 usage error). Errors a
 * user can act on are printed as one clear line on stderr, never a stack trace.
 */
export type SubcommandRun = (argv: string[], ctx: CommandContext) => Promise<number>;
