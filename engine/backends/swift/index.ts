import type { AccountInputOf } from '../../../shared/accounts';
import type { BlobBackend } from '../backend';
import type { SwiftAuthSettings } from './auth';
import { SwiftBlobStore } from './swift-store';

export { SwiftBlobStore } from './swift-store';
export type { SwiftStoreSettings } from './swift-store';
export { keystoneTokenRequest, objectStoreEndpoint } from './auth';
export type { SwiftAuthSettings, SwiftSession } from './auth';

/** The form's one user/password pair, read the way the chosen sign-in method names them. */
function authOf(input: AccountInputOf<'swift'>): SwiftAuthSettings {
  switch (input.auth) {
    case 'tempauth':
      return { kind: 'tempauth', authUrl: input.authUrl, user: input.user, key: input.password };
    case 'keystone-password':
      return {
        kind: 'keystone-password',
        authUrl: input.authUrl,
        username: input.user,
        password: input.password,
        projectName: input.projectName,
        userDomainName: input.userDomainName,
        projectDomainName: input.projectDomainName,
        region: input.region,
      };
    case 'keystone-application-credential':
      return { kind: 'keystone-application-credential', authUrl: input.authUrl, applicationCredentialId: input.user, applicationCredentialSecret: input.password, region: input.region };
  }
}

export const swiftBackend: BlobBackend<AccountInputOf<'swift'>> = {
  open: (input, options) => new SwiftBlobStore({ requestTimeoutMs: options.requestTimeoutMs, container: input.container, prefix: input.prefix, auth: authOf(input) }),
  retries: 'wrapper',
};
