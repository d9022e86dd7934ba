/**
 * One place where a call from either transport (HTTP or Electron IPC) is
 * validated against the contract and run. Errors a person can act on come
 * back as `{ ok: false, error }`; anything unexpected is logged and reported
 * as an internal error without its details (no stack traces in the UI).
 */
import { ApiError, parseInput, type RaicApi } from '../shared/api';
import type { BridgeResult } from '../shared/bridge';
import type { OperationName } from '../shared/operations';

export async function dispatch(
  api: RaicApi,
  operation: OperationName,
  rawInput: unknown,
  log: (line: string) => void,
): Promise<BridgeResult> {
  try {
    const input = parseInput(operation, rawInput);
    const value = await (api[operation] as (input: unknown) => Promise<unknown>)(input);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, ...error.toBody() };
    log(`raic: ${operation} failed unexpectedly: ${(error as Error)?.stack ?? String(error)}`);
    return { ok: false, ...new ApiError('internal', 'RAIC hit an internal error; the details are in its log.').toBody() };
  }
}
