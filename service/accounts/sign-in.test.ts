/**
 * Signing in to a cloud and keeping its token, with real parts: real
 * `rclone authorize` and `rclone serve webdav` against the OAuth2 test server
 * on 127.0.0.1, and a real Secret Service (gnome-keyring on a private bus).
 *
 * No provider's API can be reached from this machine, so a Google Drive
 * remote here signs in and refreshes its token for real (the token server
 * is local) but its first API call fails. What that proves:
 * - a sign-in whose connection test fails saves nothing and says so plainly,
 *   without the token in the message;
 * - for an account saved earlier, a token rclone refreshes (the test server
 *   rotates refresh tokens, as OneDrive does) ends up in the keychain, the
 *   rclone config is encrypted with the account key kept in the keychain,
 *   and no token is ever on disk in plain text.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSecretService, type SecretService } from '../../scripts/servers/secret-service';
import { RcloneAuthorization } from '../../engine/backends/rclone';
import { decryptRcloneConfig } from '../../engine/backends/rclone/config-crypt';
import { TEST_ONEDRIVE_DRIVE, clickThrough, lockSignInPort, startOAuthTestServer, type OAuthTestServer } from '../../engine/backends/rclone/test-support/oauth-test-server';
import { ApiError } from '../../shared/api';
import { defaultGridConfig, type AccountConfig, type GridConfig } from '../grid-config';
import { SecretStoreProvider } from '../secret-store-provider';
import { AccountsService } from './accounts-service';
import { secretRef } from './account-secrets';
import { SignInSessions, TEST_OAUTH_CLIENT } from './sign-in-sessions';

const KEYCHAIN_SERVICE = `RAIC-signin-${randomBytes(3).toString('hex')}`;
let secretService: SecretService;
let oauth: OAuthTestServer;
let scratch: string;
let savedBus: string | undefined;
let releasePort: () => Promise<void>;

beforeAll(async () => {
  releasePort = await lockSignInPort();
  secretService = await startSecretService();
  savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  process.env.DBUS_SESSION_BUS_ADDRESS = secretService.env.DBUS_SESSION_BUS_ADDRESS;
  // Access tokens live 2 s: rclone refreshes any token that expires within 10 s, so every use refreshes.
  oauth = await startOAuthTestServer({ accessTokenLifetimeSeconds: 2, ...TEST_OAUTH_CLIENT });
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-signin-test-'));
}, 120_000);

afterAll(async () => {
  await oauth?.close();
  await secretService?.stop();
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  if (scratch) await rm(scratch, { recursive: true, force: true });
  await releasePort?.();
});

const overrides = () => ({ authUrl: oauth.authUrl, tokenUrl: oauth.tokenUrl, ...TEST_OAUTH_CLIENT });

function accountsOver(dataDir: string, existing: GridConfig['accounts'] = []): { accounts: AccountsService; secrets: SecretStoreProvider; config: () => GridConfig } {
  let config = defaultGridConfig(dataDir);
  config = { ...config, accounts: existing };
  const secrets = new SecretStoreProvider({ dataDir, serviceName: KEYCHAIN_SERVICE });
  const accounts = new AccountsService({ config: () => config, saveConfig: async (next) => void (config = next), secrets });
  return { accounts, secrets, config: () => config };
}

const click = clickThrough;

/** Every file under `folder` (missing folders are empty). */
async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

/** Files under the data dir and RAIC's temp folders that contain any of `needles` in plain text. */
async function plainTokenFiles(dataDir: string, needles: string[]): Promise<string[]> {
  const tempFolders = (await readdir(tmpdir())).filter((n) => /^raic-(rclone|signin)-/.test(n)).map((n) => path.join(tmpdir(), n));
  const found: string[] = [];
  for (const folder of [dataDir, ...tempFolders]) {
    for (const file of await filesUnder(folder)) {
      if ((await stat(file)).size > 32 << 20) continue;
      const text = (await readFile(file)).toString('latin1');
      if (needles.some((needle) => text.includes(needle))) found.push(file);
    }
  }
  return found;
}

const allIssuedTokens = () => oauth.issued.flatMap((t) => [t.accessToken, t.refreshToken]);

describe.sequential('signing in to Google Drive through rclone (provider API unreachable)', () => {
  it('signs in, fails the connection test plainly, and saves nothing', async () => {
    const dataDir = path.join(scratch, 'add');
    const { accounts, config } = accountsOver(dataDir);
    const signIns = new SignInSessions(accounts, { overrides, timeoutMs: 60_000 });
    const started = await signIns.start({ remoteType: 'drive' });
    expect(started.url).toMatch(/^http:\/\/127\.0\.0\.1:53682\/auth\?state=/);
    const issuedBefore = oauth.issued.length;
    await click(started.url);
    const error = (await signIns.finish({ signInId: started.signInId, name: 'My Drive' }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/^Signed in to Google Drive, but the connection test failed \([a-z -]+\): .+ Nothing was saved/);
    expect(oauth.issued.slice(issuedBefore)[0]?.grant).toBe('authorization_code');
    for (const token of allIssuedTokens()) expect(error.message).not.toContain(token);
    expect(config().accounts).toEqual([]);
    expect(await plainTokenFiles(dataDir, allIssuedTokens())).toEqual([]);
    // The sign-in is over: finishing it again is a plain "start again".
    await expect(signIns.finish({ signInId: started.signInId, name: 'My Drive' })).rejects.toThrow(/no longer waiting/);
  }, 120_000);

  it('a token rclone refreshes (rotating the refresh token) is stored in the keychain; none is on disk in plain text', async () => {
    const dataDir = path.join(scratch, 'refresh');
    const { accounts, secrets, config } = accountsOver(dataDir);
    // An account saved while Drive was reachable: its token from a real sign-in, in the keychain.
    const signIn = RcloneAuthorization.start('drive', { overrides: overrides(), timeoutMs: 60_000 });
    await click(await signIn.link);
    const firstToken = JSON.parse(await signIn.token) as { refresh_token: string };
    const account: AccountConfig = {
      id: 'drive-account',
      name: 'My Drive',
      provider: 'rclone',
      settings: { remoteType: 'drive', options: `auth_url=${oauth.authUrl}\ntoken_url=${oauth.tokenUrl}\nclient_id=${TEST_OAUTH_CLIENT.clientId}` },
      secretFields: ['secretOptions'],
      enabled: true,
    };
    const store = await secrets.get();
    await store.set(secretRef(account.id, 'secretOptions'), `client_secret=${TEST_OAUTH_CLIENT.clientSecret}\ntoken=${JSON.stringify(firstToken)}`);
    const issuedBefore = oauth.issued.length;

    const runtime = await accounts.open(account);
    // rclone starts, refreshes the token at the local token server, then cannot reach Google.
    await expect(runtime.probe()).rejects.toThrow();
    const refreshes = oauth.issued.slice(issuedBefore).filter((t) => t.grant === 'refresh_token');
    expect(refreshes.length).toBeGreaterThan(0);
    expect(oauth.revokedRefreshTokens.has(firstToken.refresh_token)).toBe(true);

    // While the account is open: the config rclone rewrote is encrypted with the account key from the keychain.
    const accountKey = await store.get(secretRef(account.id, 'accountKey'));
    expect(accountKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const configFiles = (await Promise.all((await readdir(tmpdir())).filter((n) => n.startsWith('raic-rclone-')).map((n) => filesUnder(path.join(tmpdir(), n)))))
      .flat()
      .filter((f) => f.endsWith('rclone.conf'));
    const openable = [];
    for (const file of configFiles) {
      try {
        openable.push(decryptRcloneConfig(await readFile(file, 'utf8'), accountKey!));
      } catch {
        // another test's bridge
      }
    }
    expect(openable).toHaveLength(1);
    expect(await plainTokenFiles(dataDir, allIssuedTokens())).toEqual([]);

    await accounts.closeAll();
    const latest = oauth.issued.at(-1)!;
    const stored = await store.get(secretRef(account.id, 'secretOptions'));
    const storedToken = JSON.parse(/^token=(.*)$/m.exec(stored!)![1]!) as { access_token: string; refresh_token: string };
    expect(storedToken.refresh_token).toBe(latest.refreshToken);
    expect(storedToken.access_token).toBe(latest.accessToken);
    expect(oauth.revokedRefreshTokens.has(storedToken.refresh_token)).toBe(false);
    // The other secret option was kept beside the token.
    expect(stored).toContain(`client_secret=${TEST_OAUTH_CLIENT.clientSecret}`);
    expect(config().accounts).toEqual([]);
    expect(await plainTokenFiles(dataDir, allIssuedTokens())).toEqual([]);

    // Reopened, the same key opens the account again.
    await accounts.open(account);
    expect(await store.get(secretRef(account.id, 'accountKey'))).toBe(accountKey);
    await accounts.closeAll();
  }, 180_000);
});

describe.sequential('signing in to OneDrive: drive_id and drive_type from Microsoft Graph (the test server answers /v1.0/me/drive)', () => {
  /** The accounts service, recording the account each sign-in hands to `add` (the connection test then runs for real). */
  function recordingAccounts(dataDir: string) {
    const over = accountsOver(dataDir);
    const added: Parameters<AccountsService['add']>[0][] = [];
    const add = over.accounts.add.bind(over.accounts);
    over.accounts.add = (account) => {
      added.push(account);
      return add(account);
    };
    return { ...over, added };
  }

  it('asks Graph with the new token and gives the account drive_id and drive_type as plain options', async () => {
    const { accounts, added, config } = recordingAccounts(path.join(scratch, 'onedrive'));
    const signIns = new SignInSessions(accounts, { overrides: () => ({ ...overrides(), graphRoot: oauth.url }), timeoutMs: 60_000 });
    const started = await signIns.start({ remoteType: 'onedrive' });
    const requestsBefore = oauth.requests.length;
    await click(started.url);
    // OneDrive's own API is unreachable here, so the connection test fails after the drive was looked up.
    const error = (await signIns.finish({ signInId: started.signInId, name: 'My OneDrive' }).catch((e: unknown) => e)) as ApiError;
    expect(oauth.requests.slice(requestsBefore)).toContain('GET /v1.0/me/drive');
    expect(added).toHaveLength(1);
    const options = String((added[0] as { options?: string }).options);
    expect(options).toMatch(new RegExp(`^drive_id=${TEST_ONEDRIVE_DRIVE.id}$`, 'm'));
    expect(options).toMatch(/^drive_type=personal$/m);
    for (const token of allIssuedTokens()) expect(options).not.toContain(token);
    expect(error.message).toMatch(/^Signed in to OneDrive, but the connection test failed/);
    for (const token of allIssuedTokens()) expect(error.message).not.toContain(token);
    expect(config().accounts).toEqual([]);
  }, 120_000);

  it('signing an account in again with another Microsoft login (a different drive) is refused and changes nothing', async () => {
    const existing = { id: 'od1', name: 'Work OneDrive', provider: 'rclone', enabled: true, settings: { remoteType: 'onedrive', options: 'drive_id=b!someone-elses-drive\ndrive_type=business' }, secretFields: ['secretOptions'], createdAt: 0 } as unknown as GridConfig['accounts'][number];
    const { accounts, config } = accountsOver(path.join(scratch, 'onedrive-again'), [existing]);
    const signIns = new SignInSessions(accounts, { overrides: () => ({ ...overrides(), graphRoot: oauth.url }), timeoutMs: 60_000 });
    const started = await signIns.start({ accountId: 'od1' });
    expect(started.remoteType).toBe('onedrive');
    await click(started.url);
    const error = (await signIns.finish({ signInId: started.signInId }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('Signed in to OneDrive, but this is not the Microsoft login "Work OneDrive" was added with (its OneDrive is a different drive, so it holds none of this account\'s files); sign in again with the login you used when adding it');
    for (const token of allIssuedTokens()) expect(error.message).not.toContain(token);
    expect(config().accounts).toEqual([existing]);
  }, 120_000);

  it('a Graph refusal is a plain message with no token in it, and nothing is added', async () => {
    // A second server did not issue the token, so its Graph endpoint refuses it (401).
    const otherGraph = await startOAuthTestServer();
    try {
      const { accounts, added, config } = recordingAccounts(path.join(scratch, 'onedrive-refused'));
      const signIns = new SignInSessions(accounts, { overrides: () => ({ ...overrides(), graphRoot: otherGraph.url }), timeoutMs: 60_000 });
      const started = await signIns.start({ remoteType: 'onedrive' });
      await click(started.url);
      const error = (await signIns.finish({ signInId: started.signInId, name: 'My OneDrive' }).catch((e: unknown) => e)) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.message).toBe('Signed in to OneDrive, but the OneDrive drive could not be looked up: Microsoft Graph refused the sign-in (HTTP 401); sign in again');
      expect(otherGraph.requests).toEqual(['GET /v1.0/me/drive']);
      for (const token of allIssuedTokens()) expect(error.message).not.toContain(token);
      expect(added).toEqual([]);
      expect(config().accounts).toEqual([]);
    } finally {
      await otherGraph.close();
    }
  }, 120_000);
});
