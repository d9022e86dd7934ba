import type { UploadReport } from '../engine/grid';
import type { OpenGrid } from '../engine/grid/open-grid';

export type { OpenGrid };

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
