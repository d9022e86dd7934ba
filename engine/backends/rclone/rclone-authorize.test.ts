/**
 * Sign-in through real `rclone authorize`, pointed at the OAuth2 test server
 * on 127.0.0.1: the link rclone prints is "clicked" with an HTTP GET (the
 * test server consents at once), and the token rclone prints is the one the
 * server issued. rclone's callback port is fixed, so these run one by one.
 */
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RcloneAuthorization, overrideOptions, type OAuthOverrides } from './rclone-authorize';
import { clickThrough, lockSignInPort, startOAuthTestServer, type OAuthTestServer } from './test-support/oauth-test-server';

let server: OAuthTestServer;
let overrides: OAuthOverrides;
let releasePort: () => Promise<void>;

beforeAll(async () => {
  releasePort = await lockSignInPort();
  server = await startOAuthTestServer({ clientId: 'raic-test-app', clientSecret: 'raic-test-app-secret' });
  overrides = { authUrl: server.authUrl, tokenUrl: server.tokenUrl, clientId: 'raic-test-app', clientSecret: 'raic-test-app-secret' };
});
afterAll(async () => {
  await server?.close();
  await releasePort?.();
});

const click = clickThrough;

async function signinFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith('raic-signin-'));
}

describe.sequential('rclone authorize against the OAuth test server', () => {
  it('prints a link to open; after consent the token is the one the server issued', async () => {
    const before = await signinFolders();
    const signIn = RcloneAuthorization.start('drive', { overrides, timeoutMs: 30_000 });
    const link = await signIn.link;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:53682\/auth\?state=/);
    expect([0, 200]).toContain(await click(link));
    const token = JSON.parse(await signIn.token) as { access_token: string; refresh_token: string; expiry: string };
    const issued = server.issued.at(-1)!;
    expect(issued.grant).toBe('authorization_code');
    expect(issued.clientId).toBe('raic-test-app');
    expect(token.access_token).toBe(issued.accessToken);
    expect(token.refresh_token).toBe(issued.refreshToken);
    expect(Date.parse(token.expiry)).toBeGreaterThan(Date.now());
    // The private folder rclone was given is gone again.
    expect(await signinFolders()).toEqual(before);
  });

  it('a refusal at the provider is a plain sentence', async () => {
    server.denyNext();
    const signIn = RcloneAuthorization.start('onedrive', { overrides, timeoutMs: 30_000 });
    await click(await signIn.link);
    await expect(signIn.token).rejects.toThrow(/refused|did not finish/);
  });

  it('cancelling stops rclone and says so', async () => {
    const signIn = RcloneAuthorization.start('dropbox', { overrides, timeoutMs: 30_000 });
    await signIn.link;
    signIn.cancel();
    await expect(signIn.token).rejects.toThrow('the sign-in was cancelled');
    // The port is free again: the next sign-in can start.
    const next = RcloneAuthorization.start('box', { overrides, timeoutMs: 30_000 });
    await click(await next.link);
    expect(JSON.parse(await next.token)).toHaveProperty('access_token', server.issued.at(-1)!.accessToken);
  });

  it('a second sign-in while one waits is refused plainly', async () => {
    const first = RcloneAuthorization.start('pcloud', { overrides, timeoutMs: 30_000 });
    await first.link;
    const second = RcloneAuthorization.start('yandex', { overrides, timeoutMs: 30_000 });
    await expect(second.token).rejects.toThrow(/another sign-in is already waiting/);
    first.cancel();
    await expect(first.token).rejects.toThrow('cancelled');
  });

  it('a type rclone cannot sign in to through a browser is named', async () => {
    await expect(RcloneAuthorization.start('koofr').token).rejects.toThrow(/cannot sign in to "koofr" through a browser/);
  });

  it('the test app overrides become the remote options rclone refreshes with (the secret apart)', () => {
    expect(overrideOptions(overrides)).toEqual({
      options: { auth_url: server.authUrl, token_url: server.tokenUrl, client_id: 'raic-test-app' },
      secretOptions: { client_secret: 'raic-test-app-secret' },
    });
  });
});
