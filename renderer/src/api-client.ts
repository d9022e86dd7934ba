/**
 * The UI's one client interface to RAIC. In the desktop app the preload
 * bridge (`window.raicBridge`) carries each call over IPC; in headless mode
 * calls go over HTTP with the access token from the URL fragment. Components
 * only ever see `RaicApi`.
 */
import { apiContract, ApiError, type ApiErrorBody, type ApiErrorCode, type RaicApi } from '../../shared/api';
import { OPERATION_NAMES, type OperationName } from '../../shared/operations';
import type { BridgeResult, RaicBridge } from '../../shared/bridge';

declare global {
  interface Window {
    raicBridge?: RaicBridge;
  }
}

export function createApiClient(): RaicApi {
  return window.raicBridge ? ipcClient(window.raicBridge) : httpClient(takeAccessToken());
}

function ipcClient(bridge: RaicBridge): RaicApi {
  const client: Partial<Record<OperationName, (input: unknown) => Promise<unknown>>> = {};
  for (const op of OPERATION_NAMES) {
    client[op] = async (input: unknown) => unwrap(await bridge[op](input));
  }
  return client as unknown as RaicApi;
}

function unwrap(result: BridgeResult): unknown {
  if (result.ok) return result.value;
  throw new ApiError(result.error.code, result.error.message, result.error.field);
}

const TOKEN_KEY = 'raic.accessToken';

/**
 * Reads the token from `#token=...` once, keeps it for this tab only, and
 * removes it from the address bar so it is not bookmarked or shared by accident.
 */
export function takeAccessToken(): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

function httpClient(token: string | undefined): RaicApi {
  const client: Partial<Record<OperationName, (input: unknown) => Promise<unknown>>> = {};
  for (const op of OPERATION_NAMES) {
    const { method, path } = apiContract[op].http;
    client[op] = async (input: unknown) => {
      if (!token) throw new ApiError('unauthorized', 'This page needs its access token: open the full URL that `raic serve` printed.');
      let response: Response;
      try {
        response = await fetch(path, {
          method,
          headers: { Authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}) },
          body: method === 'POST' ? JSON.stringify(input ?? {}) : undefined,
        });
      } catch {
        throw new ApiError('unavailable', 'RAIC is not answering; check that `raic serve` is still running.');
      }
      const body: unknown = await response.json().catch(() => undefined);
      if (response.ok) return body;
      const error = (body as ApiErrorBody | undefined)?.error;
      throw new ApiError((error?.code ?? 'internal') as ApiErrorCode, error?.message ?? `RAIC answered ${response.status}.`, error?.field);
    };
  }
  return client as unknown as RaicApi;
}
