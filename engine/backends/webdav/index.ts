import type { AccountInputOf } from '../../../shared/accounts';
import type { BlobBackend } from '../backend';
import { WebDavBlobStore } from './webdav-store';

export { WebDavBlobStore } from './webdav-store';
export type { WebDavStoreSettings } from './webdav-store';
export { parseMultistatus } from './multistatus';
export type { DavEntry } from './multistatus';

export const webdavBackend: BlobBackend<AccountInputOf<'webdav'>> = {
  open: (input, options) =>
    new WebDavBlobStore({ url: input.url, username: input.username, password: input.password, requestTimeoutMs: options.requestTimeoutMs }),
  retries: 'wrapper',
  createRoot: (input, options) =>
    new WebDavBlobStore({ url: input.url, username: input.username, password: input.password, requestTimeoutMs: options.requestTimeoutMs }).createRootFolder(),
};
