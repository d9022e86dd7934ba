import type { AccountInputOf } from '../../../shared/accounts';
import type { BlobBackend } from '../backend';
import { formatOptionLines, parseOptionLines } from './provider';
import { RcloneBridge } from './rclone-bridge';
import { RcloneBlobStore } from './rclone-store';

export { RcloneBlobStore } from './rclone-store';
export { formatOptionLines, parseOptionLines } from './provider';
export { RcloneBridge } from './rclone-bridge';
export type { RcloneBridgeSettings, BridgeEndpoint } from './rclone-bridge';
export { findRclone, locateRclone, configureRclone, rcloneVersion, isExecutableFile, RCLONE_MISSING_MESSAGE, type RcloneSource, type RcloneLocations } from './rclone-binary';
export { fetchOneDriveDrive, GRAPH_ROOT, type OneDriveDrive } from './onedrive-drive';
export { RcloneAuthorization, OAUTH_REMOTE_TYPES, isOAuthRemoteType, overrideOptions, type OAuthOverrides } from './rclone-authorize';

/** Opens nothing yet: rclone starts on the store's first operation. */
export const rcloneBackend: BlobBackend<AccountInputOf<'rclone'>> = {
  open: (input, options) =>
    new RcloneBlobStore(
      new RcloneBridge({
        remoteType: input.remoteType,
        root: input.root ?? '',
        options: parseOptionLines(input.options ?? ''),
        secretOptions: parseOptionLines(input.secretOptions ?? ''),
        configPassword: options.accountKey,
        onSecretOptionsChanged: options.onSecretFieldsChanged && ((secretOptions) => options.onSecretFieldsChanged!({ secretOptions: formatOptionLines(secretOptions) })),
      }),
      options.requestTimeoutMs,
    ),
  retries: 'wrapper',
};
export { importRemote, readRcloneConfigText, remoteNames, revealObscured, type ImportedRemote } from './rclone-conf-import';
