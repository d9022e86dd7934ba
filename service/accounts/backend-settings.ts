/**
 * From a saved account (settings + secrets) to the settings object of its
 * storage backend. One switch over providers, so a new provider means one new
 * case here and one schema in shared/accounts.ts.
 */
import { resolveS3Location, type BackendSettings, type S3ProviderId } from '../../engine/backends';
import { AccountInputSchema, type AccountInput } from '../../shared/accounts';
import type { AccountConfig } from '../grid-config';

/** No byte moving for this long abandons a request (then bounded retries): a stalled provider must not hold a job for minutes. */
const REQUEST_IDLE_TIMEOUT_MS = 30_000;

/** The account as the user entered it, secrets included (never logged, never saved as a whole). */
export function accountInputOf(account: AccountConfig, secrets: Record<string, string>): AccountInput {
  return AccountInputSchema.parse({
    provider: account.provider,
    name: account.name,
    ...account.settings,
    ...secrets,
  });
}

export function backendSettingsOf(input: Exclude<AccountInput, { provider: 'tahoe' }>): BackendSettings {
  switch (input.provider) {
    case 'local':
      return { kind: 'local', root: input.path };
    case 's3': {
      const location = resolveS3Location(input.preset as S3ProviderId, { region: input.region, accountId: input.accountId, endpoint: input.endpoint });
      return {
        kind: 's3',
        ...location,
        bucket: input.bucket,
        prefix: input.prefix,
        accessKeyId: input.accessKeyId,
        secretAccessKey: input.secretAccessKey,
        requestTimeoutMs: REQUEST_IDLE_TIMEOUT_MS,
      };
    }
    case 'swift':
      return {
        kind: 'swift',
        requestTimeoutMs: REQUEST_IDLE_TIMEOUT_MS,
        container: input.container,
        prefix: input.prefix,
        auth:
          input.auth === 'tempauth'
            ? { kind: 'tempauth', authUrl: input.authUrl, user: input.user, key: input.password }
            : input.auth === 'keystone-password'
              ? {
                  kind: 'keystone-password',
                  authUrl: input.authUrl,
                  username: input.user,
                  password: input.password,
                  projectName: input.projectName,
                  userDomainName: input.userDomainName,
                  projectDomainName: input.projectDomainName,
                  region: input.region,
                }
              : {
                  kind: 'keystone-application-credential',
                  authUrl: input.authUrl,
                  applicationCredentialId: input.user,
                  applicationCredentialSecret: input.password,
                  region: input.region,
                },
      };
    case 'webdav':
      return { kind: 'webdav', url: input.url, username: input.username, password: input.password, requestTimeoutMs: REQUEST_IDLE_TIMEOUT_MS };
    case 'sftp':
      return {
        kind: 'sftp',
        host: input.host,
        port: input.port,
        username: input.username,
        password: input.password,
        privateKey: input.privateKey,
        passphrase: input.passphrase,
        root: input.root,
        hostKeySha256: input.hostKeySha256,
      };
  }
}

/** Where an account keeps its data, in words for the UI (never a secret). */
export function describeLocation(account: AccountConfig): string {
  const s = account.settings;
  switch (account.provider) {
    case 'local':
      return String(s.path);
    case 's3':
      return `${s.preset === 'other' ? String(s.endpoint) : String(s.preset)} bucket ${String(s.bucket)}${s.prefix ? `/${String(s.prefix)}` : ''}`;
    case 'swift':
      return `container ${String(s.container)} at ${String(s.authUrl)}`;
    case 'webdav':
      return String(s.url);
    case 'sftp':
      return `${String(s.username)}@${String(s.host)}${s.port ? `:${String(s.port)}` : ''}:${String(s.root)}`;
    case 'tahoe':
      return `Tahoe-LAFS storage server ${String(s.server ?? '')}`.trim();
  }
}

/** The price-table key of an account: its provider, and for S3 its preset ("s3:wasabi"). */
export function priceKeyOf(account: Pick<AccountConfig, 'provider' | 'settings'>): string {
  return account.provider === 's3' ? `s3:${String(account.settings.preset)}` : account.provider;
}
