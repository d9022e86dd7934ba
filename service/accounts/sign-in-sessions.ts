/**
 * Adding a cloud account by signing in with the provider: the service runs
 * `rclone authorize` (engine/backends/rclone/rclone-authorize.ts), gives the
 * caller the link to open, waits for the token, then adds the account (the
 * usual connection test first) or, for an account signed in again, replaces
 * its token. The token goes only into the account's secret options (the
 * keychain); it is never logged or put in a message.
 *
 * rclone's callback port is fixed, so one sign-in runs at a time: starting a
 * new one cancels the one waiting.
 */
import { randomUUID } from 'node:crypto';
// The rclone modules named one by one: the folder's index also brings its store (and the WebDAV client's XML parser), loaded only when an rclone account opens.
import { formatOptionLines, parseOptionLines } from '../../engine/backends/rclone/provider';
import { RcloneAuthorization, overrideOptions, type OAuthOverrides } from '../../engine/backends/rclone/rclone-authorize';
import { fetchOneDriveDrive } from '../../engine/backends/rclone/onedrive-drive';
import { ApiError, SIGN_IN_PROVIDER_NAMES, SIGN_IN_REMOTE_TYPES, parseInput, type SignInRemoteType, type SignInStarted } from '../../shared/api';
import type { AccountConfig } from '../grid-config';
import type { AccountsService } from './accounts-service';

/**
 * Test and development only: an OAuth2 server to sign in against instead of
 * the providers' (the e2e journeys start one on 127.0.0.1). Refused unless it
 * is on this computer, so a token can never be sent elsewhere through it.
 */
export const OAUTH_TEST_SERVER_VARIABLE = 'RAIC_OAUTH_TEST_SERVER';
/** The app identity the test server expects. */
export const TEST_OAUTH_CLIENT = { clientId: 'raic-test-app', clientSecret: 'raic-test-app-secret' };

export function oauthOverridesFromEnvironment(env: NodeJS.ProcessEnv = process.env): OAuthOverrides | undefined {
  const base = env[OAUTH_TEST_SERVER_VARIABLE];
  if (!base) return undefined;
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new ApiError('unavailable', `${OAUTH_TEST_SERVER_VARIABLE} is not a URL; unset it to sign in with the real providers.`);
  }
  if (url.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new ApiError('unavailable', `${OAUTH_TEST_SERVER_VARIABLE} must be an http:// address on this computer (it is for tests); unset it to sign in with the real providers.`);
  }
  const root = url.toString().replace(/\/$/, '');
  return { authUrl: `${root}/authorize`, tokenUrl: `${root}/token`, graphRoot: root, ...TEST_OAUTH_CLIENT };
}

interface Session {
  id: string;
  remoteType: SignInRemoteType;
  account?: AccountConfig;
  authorization: RcloneAuthorization;
  overrides?: OAuthOverrides;
}

/** How long the link may take to appear once rclone runs. */
const LINK_TIMEOUT_MS = 30_000;

export class SignInSessions {
  private current?: Session;

  constructor(
    private readonly accounts: AccountsService,
    private readonly options: { overrides?: () => OAuthOverrides | undefined; timeoutMs?: number } = {},
  ) {}

  async start(input: { remoteType?: SignInRemoteType; accountId?: string }): Promise<SignInStarted> {
    const account = input.accountId ? this.accounts.find(input.accountId) : undefined;
    const remoteType = input.remoteType ?? signInTypeOf(account);
    if (!remoteType) {
      throw new ApiError('invalid_input', `"${account?.name ?? ''}" is not an account RAIC signs in to through a browser (only ${SIGN_IN_REMOTE_TYPES.join(', ')} rclone remotes are); edit its settings instead.`, 'accountId');
    }
    if (account && signInTypeOf(account) !== remoteType) {
      throw new ApiError('invalid_input', `"${account.name}" is not a ${SIGN_IN_PROVIDER_NAMES[remoteType]} account; sign in to it with its own cloud.`, 'accountId');
    }
    this.cancelCurrent();
    const overrides = (this.options.overrides ?? oauthOverridesFromEnvironment)();
    const authorization = RcloneAuthorization.start(remoteType, { overrides, timeoutMs: this.options.timeoutMs });
    const session: Session = { id: randomUUID(), remoteType, account, authorization, overrides };
    this.current = session;
    let timer: NodeJS.Timeout | undefined;
    try {
      const url = await Promise.race([
        authorization.link,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('rclone did not show a sign-in page in time')), LINK_TIMEOUT_MS);
        }),
      ]);
      return { signInId: session.id, url, remoteType };
    } catch (error) {
      this.cancelCurrent();
      throw new ApiError('unavailable', `Could not start signing in to ${SIGN_IN_PROVIDER_NAMES[remoteType]}: ${messageOf(error)}.`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for the user to finish in the browser, then saves the account (after its connection test). */
  async finish(input: { signInId: string; name?: string; root?: string }): Promise<AccountConfig> {
    const session = this.session(input.signInId);
    const provider = SIGN_IN_PROVIDER_NAMES[session.remoteType];
    let token: string;
    try {
      token = await session.authorization.token;
    } catch (error) {
      throw new ApiError('unavailable', `Signing in to ${provider} did not finish: ${messageOf(error)}.`);
    } finally {
      if (this.current === session) this.current = undefined;
    }
    try {
      return session.account ? await this.renew(session, session.account, token) : await this.add(session, token, input);
    } catch (error) {
      const message = messageOf(error).replace(/^connection: /, '');
      throw new ApiError(error instanceof ApiError ? error.code : 'unavailable', `Signed in to ${provider}, but ${lowerFirst(message)}`, error instanceof ApiError ? error.field : undefined);
    }
  }

  cancel(signInId: string): boolean {
    if (this.current?.id !== signInId) return false;
    this.cancelCurrent();
    return true;
  }

  close(): void {
    this.cancelCurrent();
  }

  private async add(session: Session, token: string, input: { name?: string; root?: string }): Promise<AccountConfig> {
    if (!input.name) throw new ApiError('invalid_input', 'name: give the account a name.', 'name');
    const { options, secretOptions } = overrideOptions(session.overrides);
    Object.assign(options, await driveOptions(session, token));
    const account = parseInput('addAccount', {
      provider: 'rclone',
      name: input.name,
      remoteType: session.remoteType,
      ...(input.root ? { root: input.root } : {}),
      ...(Object.keys(options).length > 0 ? { options: formatOptionLines(options) } : {}),
      secretOptions: formatOptionLines({ ...secretOptions, token }),
    });
    return this.accounts.add(account);
  }

  /**
   * The account's secret options with the new token in place of the old one;
   * the connection test runs first. A OneDrive account is asked for its drive
   * again: a different drive means the user signed in with another Microsoft
   * login, whose OneDrive does not hold this account's shares, so it is
   * refused; an account saved before drives were looked up gains them.
   */
  private async renew(session: Session, account: AccountConfig, token: string): Promise<AccountConfig> {
    let options: string | undefined;
    const drive = await driveOptions(session, token);
    if (drive.drive_id) {
      const current = parseOptionLines(typeof account.settings.options === 'string' ? account.settings.options : '');
      if (current.drive_id && current.drive_id !== drive.drive_id) {
        throw new ApiError('invalid_input', `this is not the Microsoft login "${account.name}" was added with (its OneDrive is a different drive, so it holds none of this account's files); sign in again with the login you used when adding it.`);
      }
      if (!current.drive_id) options = formatOptionLines({ ...current, ...drive });
    }
    const secrets = await this.accounts.secretsOf(account);
    const secretOptions = formatOptionLines({ ...parseOptionLines(secrets.secretOptions ?? ''), token });
    return this.accounts.edit({ id: account.id, changes: { secretOptions, ...(options ? { options } : {}) } });
  }

  private session(id: string): Session {
    if (this.current?.id !== id) throw new ApiError('not_found', 'That sign-in is no longer waiting (it finished, was cancelled or another one started); start it again.');
    return this.current;
  }

  private cancelCurrent(): void {
    this.current?.authorization.cancel();
    this.current = undefined;
  }
}

/**
 * OneDrive's drive_id and drive_type, which rclone needs to open the account
 * and which `rclone authorize` does not give: asked from Microsoft Graph with
 * the new token, as rclone's own config flow does. Other clouds need none.
 */
async function driveOptions(session: Session, token: string): Promise<Record<string, string>> {
  if (session.remoteType !== 'onedrive') return {};
  const drive = await fetchOneDriveDrive(token, session.overrides?.graphRoot);
  return { drive_id: drive.driveId, drive_type: drive.driveType };
}

/** The sign-in cloud of a saved account, if it is one. */
function signInTypeOf(account: AccountConfig | undefined): SignInRemoteType | undefined {
  if (account?.provider !== 'rclone') return undefined;
  const type = String(account.settings.remoteType);
  return (SIGN_IN_REMOTE_TYPES as readonly string[]).includes(type) ? (type as SignInRemoteType) : undefined;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\.+$/, '');
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
