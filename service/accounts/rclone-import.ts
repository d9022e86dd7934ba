/**
 * An account from a remote in the user's own rclone.conf: type, options and
 * secret options read (the file left untouched) and turned into the input
 * `addAccount` takes, so the secrets go to the keychain like any other.
 */
// The rclone modules named one by one: the folder's index also brings its store (and the WebDAV client's XML parser), loaded only when an rclone account opens.
import { formatOptionLines } from '../../engine/backends/rclone/provider';
import { importRemote, readRcloneConfigText } from '../../engine/backends/rclone/rclone-conf-import';
import { BackendConfigError } from '../../engine/backends/types';
import { ApiError, parseInput } from '../../shared/api';
import type { AccountInput } from '../../shared/accounts';

export interface RcloneImportRequest {
  file: string;
  remote: string;
  name: string;
  root?: string;
  /** Asked for only when the file is encrypted. */
  configPassword: () => Promise<string | undefined>;
}

export async function accountInputFromRcloneConfig(request: RcloneImportRequest): Promise<AccountInput> {
  try {
    const text = await readRcloneConfigText(request.file, request.configPassword);
    const remote = await importRemote(text, request.remote);
    return parseInput('addAccount', {
      provider: 'rclone',
      name: request.name,
      remoteType: remote.remoteType,
      ...(request.root ? { root: request.root } : {}),
      ...(Object.keys(remote.options).length > 0 ? { options: formatOptionLines(remote.options) } : {}),
      ...(Object.keys(remote.secretOptions).length > 0 ? { secretOptions: formatOptionLines(remote.secretOptions) } : {}),
    });
  } catch (error) {
    if (error instanceof BackendConfigError) throw new ApiError(error.reason === 'not-found' ? 'not_found' : 'invalid_input', `${error.message}.`);
    throw error;
  }
}
