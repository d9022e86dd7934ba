import type { AccountInputOf } from '../../../shared/accounts';
import type { BlobBackend } from '../backend';
import { SftpBlobStore } from './sftp-store';

export { SftpBlobStore } from './sftp-store';
export type { SftpStoreSettings } from './sftp-store';

export const sftpBackend: BlobBackend<AccountInputOf<'sftp'>> = {
  // The SSH connection has its own handshake timeout; the request idle timeout does not apply.
  open: (input) =>
    new SftpBlobStore({
      host: input.host,
      port: input.port,
      username: input.username,
      password: input.password,
      privateKey: input.privateKey,
      passphrase: input.passphrase,
      root: input.root,
      hostKeySha256: input.hostKeySha256,
    }),
  retries: 'wrapper',
};
