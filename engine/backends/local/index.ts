import type { AccountInputOf } from '../../../shared/accounts';
import type { BlobBackend } from '../backend';
import { LocalBlobStore } from './local-store';

export { LocalBlobStore } from './local-store';
export type { LocalStoreSettings } from './local-store';

export const localBackend: BlobBackend<AccountInputOf<'local'>> = {
  open: (input) => new LocalBlobStore({ root: input.path }),
  retries: 'none',
};
