/**
 * Each blob-store provider's backend, paired with its descriptor by id. The
 * providers themselves are listed once, in shared/providers.ts; the type of
 * BLOB_BACKENDS asks for exactly one backend per blob-store provider listed
 * there, so a provider registered without its backend does not compile.
 * (Why two places and not one: the renderer imports the provider list and
 * must not bundle backend code; see shared/providers.ts.)
 */
import type { AccountInputOf } from '../../shared/accounts';
import type { RegisteredProvider } from '../../shared/providers';
import type { BackendOptions, BlobBackend } from './backend';
import { withRetry } from './retrying';
import type { BlobStore } from './types';
import { localBackend } from './local/index';
import { rcloneBackend } from './rclone/index';
import { s3Backend } from './s3/index';
import { sftpBackend } from './sftp/index';
import { swiftBackend } from './swift/index';
import { webdavBackend } from './webdav/index';

/** Providers whose accounts are a BlobStore (every one but a remote Tahoe-LAFS server). */
export type BlobProviderId = Extract<RegisteredProvider, { storage: 'blob-store' }>['id'];
export type BlobAccountInput = AccountInputOf<BlobProviderId>;

const BLOB_BACKENDS: { readonly [P in BlobProviderId]: BlobBackend<AccountInputOf<P>> } = {
  local: localBackend,
  s3: s3Backend,
  swift: swiftBackend,
  webdav: webdavBackend,
  sftp: sftpBackend,
  rclone: rcloneBackend,
};

/**
 * Opens the store of an account as the user entered it. Every network
 * backend comes out behind its retries: the retrying wrapper, or the SDK's
 * strategy given the same policy.
 */
export function openAccountStore(input: BlobAccountInput, options: BackendOptions = {}): BlobStore {
  const backend = BLOB_BACKENDS[input.provider] as BlobBackend<BlobAccountInput>;
  const store = backend.open(input, options);
  return backend.retries === 'wrapper' ? withRetry(store, options.retry) : store;
}

/** Whether the account's provider can create its missing folder on request (createAccountRoot). */
export function canCreateAccountRoot(provider: string): boolean {
  return Boolean((BLOB_BACKENDS as Record<string, BlobBackend<BlobAccountInput>>)[provider]?.createRoot);
}

/** Creates the account's missing folder where its backend knows how; true when something was created. */
export async function createAccountRoot(input: BlobAccountInput, options: BackendOptions = {}): Promise<boolean> {
  const backend = BLOB_BACKENDS[input.provider] as BlobBackend<BlobAccountInput>;
  if (!backend.createRoot) return false;
  return backend.createRoot(input, options);
}
