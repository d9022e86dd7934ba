import type { AccountInputOf } from '../../../shared/accounts';
import type { BlobBackend } from '../backend';
import { parseOptionLines } from './provider';
import { RcloneBridge } from './rclone-bridge';
import { RcloneBlobStore } from './rclone-store';

export { RcloneBlobStore } from './rclone-store';
export { RcloneBridge } from './rclone-bridge';
export type { RcloneBridgeSettings, BridgeEndpoint } from './rclone-bridge';
export { findRclone, locateRclone, configureRclone, rcloneVersion, isExecutableFile, RCLONE_MISSING_MESSAGE, type RcloneSource, type RcloneLocations } from './rclone-binary';

/** Opens nothing yet: rclone starts on the store's first operation. */
export const rcloneBackend: BlobBackend<AccountInputOf<'rclone'>> = {
  open: (input, options) =>
    new RcloneBlobStore(
      new RcloneBridge({
        remoteType: input.remoteType,
        root: input.root ?? '',
        options: parseOptionLines(input.options ?? ''),
        secretOptions: parseOptionLines(input.secretOptions ?? ''),
      }),
      options.requestTimeoutMs,
    ),
  retries: 'wrapper',
};
