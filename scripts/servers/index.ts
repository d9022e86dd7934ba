export { startSwiftServer } from './swift-server';
export type { SwiftServer } from './swift-server';
export { startRcloneServer } from './rclone-server';
export type { RcloneServer, RcloneServerOptions } from './rclone-server';
export { MissingServerError, requireBinary } from './process-tools';
export { createBucket } from './s3-bucket';
export { mountTmpfs } from './tmpfs';
export type { MountedTmpfs } from './tmpfs';
