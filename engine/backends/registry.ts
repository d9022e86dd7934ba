/**
 * Each blob-store provider's backend, paired with its descriptor by id. The
 * providers themselves are listed once, in shared/providers.ts; the type of
 * BLOB_BACKENDS asks for exactly one backend per blob-store provider listed
 * there, so a provider registered without its backend does not compile.
 * (Why two places and not one: the renderer imports the provider list and
 * must not bundle backend code; see shared/providers.ts.)
 *
 * A backend's module is imported when an account of its provider is first
 * opened, not before: the AWS SDK, ssh2 and the XML parser cost about half a
 * second at start, which every `raic` command paid although a grid uses only
 * some providers, and `raic --help` none.
 */
import type { AccountInputOf } from '../../shared/accounts';
import type { RegisteredProvider } from '../../shared/providers';
import type { BackendOptions, BlobBackend } from './backend';
import { withRetry } from './retrying';
import type { BlobStore } from './types';

/** Providers whose accounts are a BlobStore (every one but a remote Tahoe-LAFS server). */
export type BlobProviderId = Extract<RegisteredProvider, { storage: 'blob-store' }>['id'];
export type BlobAccountInput = AccountInputOf<BlobProviderId>;

type BackendLoaders = { readonly [P in BlobProviderId]: () => Promise<BlobBackend<AccountInputOf<P>>> };

const BLOB_BACKENDS: BackendLoaders = {
  local: async () => (await import('./local/index')).localBackend,
  s3: async () => (await import('./s3/index')).s3Backend,
  swift: async () => (await import('./swift/index')).swiftBackend,
  webdav: async () => (await import('./webdav/index')).webdavBackend,
  sftp: async () => (await import('./sftp/index')).sftpBackend,
  rclone: async () => (await import('./rclone/index')).rcloneBackend,
};

/** The backend of a provider, its module loaded on first use (the module system keeps it for later calls). */
function backendOf(provider: string): Promise<BlobBackend<BlobAccountInput>> | undefined {
  const load = (BLOB_BACKENDS as Record<string, () => Promise<BlobBackend<BlobAccountInput>>>)[provider];
  return load?.();
}

/**
 * Opens the store of an account as the user entered it. Every network
 * backend comes out behind its retries: the retrying wrapper, or the SDK's
 * strategy given the same policy.
 */
export async function openAccountStore(input: BlobAccountInput, options: BackendOptions = {}): Promise<BlobStore> {
  const backend = await backendOf(input.provider)!;
  const store = backend.open(input, options);
  return backend.retries === 'wrapper' ? withRetry(store, options.retry) : store;
}

/** Whether the account's provider can create its missing folder on request (createAccountRoot). */
export async function canCreateAccountRoot(provider: string): Promise<boolean> {
  return Boolean((await backendOf(provider))?.createRoot);
}

/** Creates the account's missing folder where its backend knows how; true when something was created. */
export async function createAccountRoot(input: BlobAccountInput, options: BackendOptions = {}): Promise<boolean> {
  const backend = await backendOf(input.provider)!;
  if (!backend.createRoot) return false;
  return backend.createRoot(input, options);
}
