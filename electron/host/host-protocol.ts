/**
 * The messages between the main process and the service host (the utility
 * process running RaicService), in one place so both sides agree. Both sides
 * run a validator on what they receive: the two bundles are built separately,
 * and a message from a mismatched or misbehaving peer must be dropped with a
 * log line rather than crash the receiver. Events are checked against the
 * one event contract, shared/events.ts.
 */
import { z } from 'zod';
import type { ApiErrorCode } from '../../shared/api';
import type { BridgeResult } from '../../shared/bridge';
import { ServiceEventSchema, type ServiceEvent } from '../../shared/events';
import { OPERATION_NAMES, type OperationName } from '../../shared/operations';

/** What the host forwards from the service's event bus. */
export type HostEvent = ServiceEvent;

/** Main -> host. The first message on the utility process's parentPort carries the MessagePort used for everything else. */
export type MainToHost =
  | { kind: 'request'; id: number; operation: OperationName; input: unknown }
  | { kind: 'shutdown' };

/** Host -> main. */
export type HostToMain =
  | { kind: 'ready' }
  | { kind: 'response'; id: number; result: BridgeResult }
  | { kind: 'event'; event: HostEvent }
  /** The service could not open; the host exits right after. The message is for a person (no stack, no secret). */
  | { kind: 'failed'; message: string }
  /** service.close() finished; the host exits right after. */
  | { kind: 'closed' };

/** What main posts on parentPort to hand the host its MessagePort. */
export const CONNECT_MESSAGE = 'raic-host-connect';

// Record<ApiErrorCode, true> makes the compiler flag a code added to the API but not here.
const ERROR_CODES: Record<ApiErrorCode, true> = { invalid_input: true, not_found: true, conflict: true, unauthorized: true, unavailable: true, internal: true };

const RequestId = z.number().int().positive();

const BridgeResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(Object.keys(ERROR_CODES) as [ApiErrorCode, ...ApiErrorCode[]]),
      message: z.string(),
      field: z.string().optional(),
    }),
  }),
]);

const MainToHostSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('request'), id: RequestId, operation: z.enum(OPERATION_NAMES), input: z.unknown() }),
  z.object({ kind: z.literal('shutdown') }),
]);

const HostToMainSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('response'), id: RequestId, result: BridgeResultSchema }),
  z.object({ kind: z.literal('event'), event: ServiceEventSchema }),
  z.object({ kind: z.literal('failed'), message: z.string() }),
  z.object({ kind: z.literal('closed') }),
]);

/** The message, or undefined when it is not one main may send. */
export function parseMainToHost(value: unknown): MainToHost | undefined {
  const parsed = MainToHostSchema.safeParse(value);
  return parsed.success ? (parsed.data as MainToHost) : undefined;
}

/** The message, or undefined when it is not one the host may send. */
export function parseHostToMain(value: unknown): HostToMain | undefined {
  const parsed = HostToMainSchema.safeParse(value);
  return parsed.success ? (parsed.data as HostToMain) : undefined;
}

/** The `--data-dir=` argument, if given (main's command line, and the host's, which main builds). */
export function dataDirArgument(argv: readonly string[]): string | undefined {
  return argValue(argv, '--data-dir');
}

export function argValue(argv: readonly string[], name: string): string | undefined {
  const prefix = `${name}=`;
  const found = argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
  return found && found.trim() !== '' ? found : undefined;
}
