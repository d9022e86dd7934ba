export { SftpBlobStore } from './sftp-store';
export type { SftpStoreSettings } from './sftp-store';
