/**
 * How every service-backed subcommand starts and ends: arguments parsed with
 * node:util (a typing mistake is exit 2 with the usage line), the service
 * opened and always closed (closing flushes the catalog backup and the
 * catalog), and any failure reported as one line `raic <cmd>: <message>`
 * with exit 1. Only --json output goes to stdout as a single document.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { MainContext } from '../main-context';
import type { RaicService } from '../../service/raic-service';
import { ApiError, type OperationOutput, type RaicApi } from '../../shared/api';
import { dispatch } from '../../service/dispatch';
import type { OperationName } from '../../shared/operations';

/** A mistake in what the user typed, found after parsing (missing operand, conflicting flags). */
export class UsageError extends Error {}

/** Parses argv or prints why it cannot (exit code 2). */
export function parseCommandLine<T extends ParseArgsConfig>(
  ctx: Pick<MainContext, 'stderr'>,
  command: string,
  usage: string,
  config: T,
): ReturnType<typeof parseArgs<T>> | number {
  try {
    return parseArgs(config);
  } catch (error) {
    return usageFailure(ctx, command, (error as Error).message, usage);
  }
}

export function usageFailure(ctx: Pick<MainContext, 'stderr'>, command: string, message: string, usage: string): number {
  ctx.stderr.write(`raic ${command}: ${message}\n${usage}\n`);
  return 2;
}

export function failure(ctx: Pick<MainContext, 'stderr'>, command: string, message: string): number {
  ctx.stderr.write(`raic ${command}: ${message}\n`);
  return 1;
}

/** The one JSON document a --json run prints. */
export function writeJson(ctx: Pick<MainContext, 'stdout'>, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Runs `work`, turning any error into one line on stderr and exit 1 (UsageError: exit 2 with the usage line). */
export async function reportingFailures(ctx: Pick<MainContext, 'stderr'>, command: string, usage: string, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(ctx, command, error.message, usage);
    if (process.env.RAIC_DEBUG === '1' && error instanceof Error) ctx.stderr.write(`${error.stack}\n`);
    return failure(ctx, command, error instanceof Error ? error.message : String(error));
  }
}

/** Runs `work` with the service open and closes it afterwards, whatever happens (closing flushes the catalog and its backup). */
export async function usingService<T>(ctx: MainContext, work: (service: RaicService) => Promise<T>): Promise<T> {
  const service = await ctx.openService();
  try {
    return await work(service);
  } finally {
    await service.close();
  }
}

/** The usual shape of a command: service open, failures reported. */
export function withService(ctx: MainContext, command: string, usage: string, work: (service: RaicService) => Promise<number>): Promise<number> {
  return reportingFailures(ctx, command, usage, () => usingService(ctx, work));
}

/**
 * Calls an operation through the same dispatch as the HTTP and IPC transports
 * (input validated against the contract, errors a person can act on kept,
 * anything unexpected reported as an internal error), so the CLI cannot reach
 * the service with anything they would refuse nor show what they would hide.
 */
export async function callApi<K extends OperationName>(service: RaicApi, operation: K, input: unknown): Promise<OperationOutput<K>> {
  const result = await dispatch(service, operation, input, logUnexpected);
  if (result.ok) return result.value as OperationOutput<K>;
  throw new ApiError(result.error.code, result.error.message, result.error.field);
}

/** The CLI's log is its standard error: the failure's first line, the whole stack only with RAIC_DEBUG=1. */
function logUnexpected(line: string): void {
  process.stderr.write(`${process.env.RAIC_DEBUG === '1' ? line : line.split('\n')[0]}\n`);
}

/** A read-only report command (`raic status`, `raic usage`): no arguments but --json, one API call, printed. */
export async function runReport<K extends OperationName>(
  argv: string[],
  ctx: MainContext,
  report: { command: string; usage: string; operation: K; format: (output: OperationOutput<K>) => string },
): Promise<number> {
  const parsed = parseCommandLine(ctx, report.command, report.usage, { args: argv, options: { json: { type: 'boolean' } }, strict: true });
  if (typeof parsed === 'number') return parsed;
  return withService(ctx, report.command, report.usage, async (service) => {
    const output = await callApi(service, report.operation, {});
    if (parsed.values.json) writeJson(ctx, output);
    else ctx.stdout.write(report.format(output));
    return 0;
  });
}
