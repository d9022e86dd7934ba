export { LocalBlobStore } from './local-store';
export type { LocalStoreSettings } from './local-store';
