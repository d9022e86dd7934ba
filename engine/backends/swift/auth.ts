/**
 * Getting a token and the storage URL from OpenStack: Keystone v3 (password or
 * application credential) for real clouds, TempAuth v1.0 for Swift's own
 * simple auth (what the test server uses).
 */
import { BackendConfigError } from '../types';
import { httpSend } from '../common/http';

export type SwiftAuthSettings =
  | { kind: 'tempauth'; authUrl: string; user: string; key: string }
  | {
      kind: 'keystone-password';
      /** Identity endpoint, e.g. https://auth.cloud.example/v3 */
      authUrl: string;
      username: string;
      password: string;
      userDomainName?: string;
      /** The project (tenant) to scope to, by name (with its domain) or id. */
      projectName?: string;
      projectId?: string;
      projectDomainName?: string;
      region?: string;
      /** Endpoint interface from the catalog; "public" by default. */
      interface?: 'public' | 'internal' | 'admin';
    }
  | {
      kind: 'keystone-application-credential';
      authUrl: string;
      applicationCredentialId: string;
      applicationCredentialSecret: string;
      region?: string;
      interface?: 'public' | 'internal' | 'admin';
    };

export interface SwiftSession {
  token: string;
  /** e.g. https://swift.example/v1/AUTH_project */
  storageUrl: string;
  /** When the token stops working, if the server said. */
  expiresAt?: Date;
}

export function secretOf(auth: SwiftAuthSettings): string {
  switch (auth.kind) {
    case 'tempauth':
      return auth.key;
    case 'keystone-password':
      return auth.password;
    case 'keystone-application-credential':
      return auth.applicationCredentialSecret;
  }
}

/** The JSON body of POST /v3/auth/tokens for a Keystone login. */
export function keystoneTokenRequest(auth: Exclude<SwiftAuthSettings, { kind: 'tempauth' }>): unknown {
  if (auth.kind === 'keystone-application-credential') {
    return {
      auth: {
        identity: {
          methods: ['application_credential'],
          application_credential: { id: auth.applicationCredentialId, secret: auth.applicationCredentialSecret },
        },
      },
    };
  }
  const project = auth.projectId
    ? { id: auth.projectId }
    : { name: auth.projectName, domain: { name: auth.projectDomainName ?? 'Default' } };
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: auth.username, domain: { name: auth.userDomainName ?? 'Default' }, password: auth.password } },
      },
      scope: { project },
    },
  };
}

interface CatalogEntry {
  type: string;
  endpoints: Array<{ interface: string; region?: string; region_id?: string; url: string }>;
}

/** The object-store endpoint from a Keystone v3 catalog, for a region and interface. */
export function objectStoreEndpoint(catalog: CatalogEntry[], region: string | undefined, iface: string): string {
  const service = catalog.find((entry) => entry.type === 'object-store');
  if (!service) throw new BackendConfigError('this OpenStack cloud offers no object storage (no "object-store" in the catalog)', 'not-found');
  const candidates = service.endpoints.filter((endpoint) => endpoint.interface === iface);
  const chosen = region ? candidates.find((endpoint) => endpoint.region_id === region || endpoint.region === region) : candidates[0];
  if (!chosen) {
    const regions = [...new Set(candidates.map((endpoint) => endpoint.region_id ?? endpoint.region))].join(', ');
    throw new BackendConfigError(`no ${iface} object-store endpoint for region "${region ?? ''}" (the cloud has: ${regions || 'none'})`, 'not-found');
  }
  return chosen.url.replace(/\/+$/, '');
}

function identityUrl(authUrl: string): string {
  const base = authUrl.replace(/\/+$/, '');
  return `${base.endsWith('/v3') ? base : `${base}/v3`}/auth/tokens`;
}

export async function authenticate(auth: SwiftAuthSettings, idleTimeoutMs: number): Promise<SwiftSession> {
  if (auth.kind === 'tempauth') {
    const response = await httpSend({ method: 'GET', url: auth.authUrl, headers: { 'X-Auth-User': auth.user, 'X-Auth-Key': auth.key } }, idleTimeoutMs);
    await response.discard();
    if (response.status === 401 || response.status === 403) {
      throw new BackendConfigError(`${auth.authUrl} refused user "${auth.user}" with this key (HTTP ${response.status})`, 'credentials');
    }
    const token = response.headers.get('x-auth-token');
    const storageUrl = response.headers.get('x-storage-url');
    if (response.status >= 300 || !token || !storageUrl) throw new Error(`Swift auth at ${auth.authUrl} failed with HTTP ${response.status}`);
    return { token, storageUrl: storageUrl.replace(/\/+$/, '') };
  }

  const url = identityUrl(auth.authUrl);
  const response = await httpSend(
    { method: 'POST', url, headers: { 'Content-Type': 'application/json' }, body: new TextEncoder().encode(JSON.stringify(keystoneTokenRequest(auth))) },
    idleTimeoutMs,
  );
  const text = await response.text();
  if (response.status === 401) {
    const who = auth.kind === 'keystone-password' ? `user "${auth.username}"` : `application credential ${auth.applicationCredentialId}`;
    throw new BackendConfigError(`Keystone at ${url} refused ${who} (wrong password, secret or domain)`, 'credentials');
  }
  if (response.status === 403) throw new BackendConfigError(`Keystone at ${url} gave no access to the project`, 'permission');
  const token = response.headers.get('x-subject-token');
  if (response.status !== 201 || !token) throw new Error(`Keystone at ${url} answered HTTP ${response.status}`);
  const body = JSON.parse(text) as { token: { catalog?: CatalogEntry[]; expires_at?: string } };
  const storageUrl = objectStoreEndpoint(body.token.catalog ?? [], auth.region, auth.interface ?? 'public');
  return { token, storageUrl, expiresAt: body.token.expires_at ? new Date(body.token.expires_at) : undefined };
}
