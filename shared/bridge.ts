/**
 * What the Electron preload exposes to the page as `window.raicBridge`: one
 * function per operation, returning a result object rather than throwing,
 * because Electron's IPC drops the fields of thrown errors.
 */
import type { ApiErrorBody } from './api';
import type { OperationName } from './operations';

export type BridgeResult = { ok: true; value: unknown } | ({ ok: false } & ApiErrorBody);

export type RaicBridge = Record<OperationName, (input: unknown) => Promise<BridgeResult>>;
