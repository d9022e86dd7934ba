/**
 * What `raic` (main.ts) hands every subcommand. Its own module so the
 * subcommands, which main.ts loads, need not import main.ts back.
 */
import type { CommandContext } from './context';
import type { RaicService } from '../service/raic-service';

/** The shared context plus the service, for the subcommands that need more than the engine. */
export type MainContext = CommandContext & { dataDir: string; openService(): Promise<RaicService> };
