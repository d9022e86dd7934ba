/**
 * One or more valid inputs for every operation of the API contract, pointing
 * at things the fuzz fixture really has (an account, a file, a job), so that
 * their mutations reach the service and not only the schema.
 */
import type { OperationName } from '../../shared/operations';

export interface SampleContext {
  accountId: string;
  filePath: string;
  jobId: string;
  recoveryWords: string;
  /** A file and an empty folder inside the data dir (uploads and local accounts never point outside it). */
  sourceFile: string;
  spareFolder: string;
  downloadTarget: string;
}

export function validSamples(c: SampleContext): Record<OperationName, Record<string, unknown>[]> {
  const localAccount = { provider: 'local', name: 'Spare disk', path: c.spareFolder };
  // Port 1 on loopback: refused at once, so the connection test fails fast without touching the network.
  const s3Account = {
    provider: 's3',
    name: 'Object store',
    preset: 'other',
    endpoint: 'http://127.0.0.1:1/',
    region: 'us-east-1',
    bucket: 'raic-fuzz',
    accessKeyId: 'AKIAFUZZFUZZFUZZ',
    secretAccessKey: 'fuzz-secret-never-stored',
  };
  return {
    getStatus: [{}],
    addAccount: [localAccount, s3Account],
    testAccount: [{ id: c.accountId }, { account: localAccount }],
    editAccount: [{ id: c.accountId, changes: { name: 'Renamed folder' } }],
    setAccountEnabled: [{ id: c.accountId, enabled: true }],
    setAccountSharing: [{ id: c.accountId, enabled: false }],
    planAccountRemoval: [{ id: c.accountId }],
    removeAccount: [{ id: c.accountId }],
    // A local account cannot be signed in again as a cloud: refused before rclone runs.
    startSignIn: [{ remoteType: 'drive', accountId: c.accountId }],
    finishSignIn: [{ signInId: 'no-such-sign-in', name: 'Drive' }],
    cancelSignIn: [{ signInId: 'no-such-sign-in' }],
    getUsage: [{}],
    getUsageHistory: [{ days: 30 }],
    setPrices: [{ prices: { local: { storagePerGBMonth: 0, currency: 'EUR' } } }],
    listFiles: [{ folder: '/docs' }, {}],
    getFile: [{ path: c.filePath }],
    createFolder: [{ path: '/new folder' }],
    moveFile: [{ from: c.filePath, to: '/docs/renamed.txt' }],
    removeFile: [{ path: '/docs/not-there.txt' }, { path: '/docs/not-there.txt', permanently: true }],
    uploadPaths: [{ sources: [c.sourceFile], folder: '/uploads' }, { sources: [c.sourceFile], folder: '/uploads', onClash: 'keep-both' }],
    downloadToPath: [{ path: c.filePath, destination: c.downloadTarget }],
    listTrash: [{}],
    restoreFromTrash: [{ id: 1 }, { path: '/docs/not-there.txt' }],
    emptyTrash: [{}, { ids: [1] }],
    getRetention: [{}],
    setRetention: [{ trashDays: 30, keepVersions: 10, versionDays: 30 }],
    listVersions: [{ path: c.filePath }],
    restoreVersion: [{ path: c.filePath, versionId: 1 }],
    moveFolder: [{ from: '/docs', to: '/papers' }],
    restoreFolder: [{ path: '/docs', destination: c.downloadTarget, conflict: 'skip' }],
    moveEntries: [{ paths: ['/docs'], toFolder: '/papers' }],
    getReencodeStatus: [{}],
    startReencode: [{}],
    listJobs: [{ states: ['queued', 'done'] }, {}],
    cancelJob: [{ id: c.jobId }],
    clearFinishedJobs: [{}],
    getHealth: [{}],
    listEvents: [{ limit: 10, severity: 'info' }],
    checkFile: [{ path: c.filePath, verify: true }],
    runHealthCheck: [{ verify: false }],
    getRobustness: [{}],
    previewRobustness: [{ encoding: { needed: 2, happy: 3, total: 4 }, addAccount: { provider: 's3', preset: 'aws' } }],
    getEncodingChart: [{}],
    recommendEncodings: [{ target: { kind: 'survive-accounts', accounts: 2 } }, { target: { kind: 'nines', nines: 6 } }],
    setEncoding: [{ encoding: { needed: 3, happy: 4, total: 5 } }],
    unlockSecrets: [{ passphrase: 'not the passphrase' }],
    completeSetup: [{}],
    setMonitorSettings: [{ autoRepair: true, accountProbeIntervalMs: 60_000 }],
    setPaused: [{ paused: false }],
    getRcloneSettings: [{}],
    setRclonePath: [{ path: null }],
    getRecoveryKey: [{}],
    restoreFromRecoveryKey: [{ key: c.recoveryWords }],
    runGc: [{}, { removeOrphans: false }],
    findOrphans: [{}],
  };
}
