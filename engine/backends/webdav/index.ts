export { WebDavBlobStore } from './webdav-store';
export type { WebDavStoreSettings } from './webdav-store';
export { parseMultistatus } from './multistatus';
export type { DavEntry } from './multistatus';
