export { SwiftBlobStore } from './swift-store';
export type { SwiftStoreSettings } from './swift-store';
export { keystoneTokenRequest, objectStoreEndpoint } from './auth';
export type { SwiftAuthSettings, SwiftSession } from './auth';
