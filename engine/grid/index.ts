/** Grid operations over StorageServers: placement, upload, download, check, verify, repair. */
export { uploadFile, sharesWrittenPerServer, type UploadOptions, type UploadReport, type ServerShares, type SharesWritten } from './upload';
export { downloadFile, downloadToBytes, type DownloadFileOptions, type CorruptShareReport } from './download';
export { downloadSmallFile, type DownloadSmallFileOptions } from './download-small';
export { checkFile, type CheckOptions } from './check';
export type { CheckReport, CorruptShareEntry, RepairOutcome, ServerShareList } from './types';
export { fileByteSource, bytesByteSource, type FileByteSource, type CheckedByteSource } from './byte-sources';
export { downloadByteSource } from './download-source';
export { placeShares, type Placement, type PlacementRequest } from './placement';
export { planPlacement, type PlacementCandidate, type PlacementPlan } from './placement-plan';
export { maximumMatching, happinessOf } from './happiness';
export { permuteServers } from './permute';
export { bucketSecrets } from './secrets';
export * from './errors';
export { computeCap } from './compute-cap';
export type { OpenGrid } from './open-grid';
