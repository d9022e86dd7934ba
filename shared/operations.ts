/**
 * The names of every operation the UI can call. Kept free of imports so the
 * sandboxed Electron preload (which bundles it) stays tiny; the schemas that
 * validate each operation live in ./api.
 */
export const OPERATION_NAMES = [
  'getStatus',
  'addAccount',
  'testAccount',
  'editAccount',
  'setAccountEnabled',
  'setAccountSharing',
  'planAccountRemoval',
  'removeAccount',
  'startSignIn',
  'finishSignIn',
  'cancelSignIn',
  'getUsage',
  'getUsageHistory',
  'setPrices',
  'listFiles',
  'getFile',
  'createFolder',
  'moveFile',
  'removeFile',
  'uploadPaths',
  'downloadToPath',
  'listTrash',
  'restoreFromTrash',
  'emptyTrash',
  'getRetention',
  'setRetention',
  'listVersions',
  'restoreVersion',
  'moveFolder',
  'restoreFolder',
  'moveEntries',
  'getReencodeStatus',
  'startReencode',
  'listJobs',
  'cancelJob',
  'clearFinishedJobs',
  'getHealth',
  'listEvents',
  'checkFile',
  'runHealthCheck',
  'getRobustness',
  'previewRobustness',
  'getEncodingChart',
  'recommendEncodings',
  'setEncoding',
  'unlockSecrets',
  'completeSetup',
  'setMonitorSettings',
  'setPaused',
  'getRcloneSettings',
  'setRclonePath',
  'getRecoveryKey',
  'restoreFromRecoveryKey',
  'runGc',
  'findOrphans',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (OPERATION_NAMES as readonly string[]).includes(value);
}

/** IPC channel for an operation: one channel each, so main can route without parsing. */
export function ipcChannel(operation: OperationName): string {
  return `raic:${operation}`;
}

/** The one channel main pushes service events on (job progress, health, accounts). */
export const EVENT_CHANNEL = 'raic:event';
