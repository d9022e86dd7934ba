/**
 * Signing in to a cloud through real `rclone authorize <type>`: rclone
 * starts its own callback server on 127.0.0.1:53682 and prints a link to it
 * (which redirects to the provider's consent page); once the user consents,
 * the provider redirects back, rclone trades the code for a token and prints
 * the token as one JSON line between two markers on standard output.
 *
 * RAIC never opens the browser itself here (`--auth-no-open-browser`): the
 * caller shows the link (headless mode) or hands it to the system browser
 * (desktop). The token is read from rclone's stdout pipe and returned; it is
 * never written to a file or a log line, and error messages are built from
 * rclone's stderr with the token scrubbed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BackendConfigError } from '../types';
import { findRclone } from './rclone-binary';
import { rcloneBaseEnvironment, rcloneCaCertFlags } from './rclone-config';

/**
 * The remote types whose sign-in `rclone authorize` (Debian's rclone 1.60)
 * runs and whose auth and token URLs can be pointed elsewhere with
 * `--<type>-auth-url` / `--<type>-token-url`.
 */
export const OAUTH_REMOTE_TYPES = ['drive', 'onedrive', 'dropbox', 'box', 'pcloud', 'yandex', 'hidrive', 'zoho', 'gphotos', 'gcs'] as const;
export type OAuthRemoteType = (typeof OAUTH_REMOTE_TYPES)[number];

export function isOAuthRemoteType(type: string): type is OAuthRemoteType {
  return (OAUTH_REMOTE_TYPES as readonly string[]).includes(type);
}

/** Where to sign in instead of the provider's own servers (tests), and which app to sign in as. */
export interface OAuthOverrides {
  authUrl?: string;
  tokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  /** Microsoft Graph's root, asked for a OneDrive account's drive after signing in (onedrive-drive.ts). */
  graphRoot?: string;
}

export interface AuthorizeSettings {
  rclonePath?: string;
  overrides?: OAuthOverrides;
  /** How long the user has to consent before the sign-in is abandoned. */
  timeoutMs?: number;
}

/** rclone's local callback server: fixed by rclone 1.60, so one sign-in runs at a time. */
export const RCLONE_AUTH_PORT = 53682;
const LINK_LINE = /(http:\/\/127\.0\.0\.1:\d+\/auth\?state=[A-Za-z0-9_-]+)/;
const TOKEN_BLOCK = /--->\s*\n(\{.*\})\s*\n<---End paste/s;

/** The options an OAuth remote carries in its config so rclone refreshes against the same server and app. */
export function overrideOptions(overrides: OAuthOverrides | undefined): { options: Record<string, string>; secretOptions: Record<string, string> } {
  const options: Record<string, string> = {};
  const secretOptions: Record<string, string> = {};
  if (overrides?.authUrl) options.auth_url = overrides.authUrl;
  if (overrides?.tokenUrl) options.token_url = overrides.tokenUrl;
  if (overrides?.clientId) options.client_id = overrides.clientId;
  if (overrides?.clientSecret) secretOptions.client_secret = overrides.clientSecret;
  return { options, secretOptions };
}

function overrideFlags(remoteType: string, overrides: OAuthOverrides | undefined): string[] {
  const flags: string[] = [];
  if (overrides?.authUrl) flags.push(`--${remoteType}-auth-url`, overrides.authUrl);
  if (overrides?.tokenUrl) flags.push(`--${remoteType}-token-url`, overrides.tokenUrl);
  if (overrides?.clientId) flags.push(`--${remoteType}-client-id`, overrides.clientId);
  return flags;
}

/** A sign-in under way: the link to open, and the token once the user has consented. */
export class RcloneAuthorization {
  private child?: ChildProcess;
  private folder?: string;
  private cancelled = false;
  /** Resolves with the token JSON (one line); rejects with a sentence that contains no token. */
  readonly token: Promise<string>;
  private resolveLink!: (url: string) => void;
  private rejectLink!: (error: Error) => void;
  /** The link the user opens to consent (rclone's local page, which forwards to the provider). */
  readonly link: Promise<string>;

  private constructor(
    readonly remoteType: string,
    private readonly settings: AuthorizeSettings,
  ) {
    this.link = new Promise((resolve, reject) => {
      this.resolveLink = resolve;
      this.rejectLink = reject;
    });
    this.link.catch(() => undefined);
    this.token = this.run();
    this.token.catch(() => undefined);
  }

  /** Starts `rclone authorize`; the link and the token arrive later. */
  static start(remoteType: string, settings: AuthorizeSettings = {}): RcloneAuthorization {
    return new RcloneAuthorization(remoteType, settings);
  }

  private async run(): Promise<string> {
    try {
      if (!isOAuthRemoteType(this.remoteType)) {
        throw new BackendConfigError(`rclone cannot sign in to "${this.remoteType}" through a browser; the ones it can are ${OAUTH_REMOTE_TYPES.join(', ')}`, 'invalid');
      }
      const rclone = this.settings.rclonePath ?? findRclone();
      // rclone authorize saves nothing, but it looks for a config file: it gets a name in a private, empty folder.
      this.folder = await mkdtemp(path.join(tmpdir(), 'raic-signin-'));
      if (this.cancelled) throw new BackendConfigError('the sign-in was cancelled', 'invalid');
      return await this.authorize(rclone, path.join(this.folder, 'rclone.conf'));
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.rejectLink(failure);
      throw failure;
    } finally {
      if (this.folder) await rm(this.folder, { recursive: true, force: true });
    }
  }

  private authorize(rclone: string, configFile: string): Promise<string> {
    const args = ['authorize', this.remoteType, '--auth-no-open-browser', '--config', configFile, '--log-level', 'NOTICE', '--ask-password=false'];
    args.push(...overrideFlags(this.remoteType, this.settings.overrides), ...rcloneCaCertFlags());
    const env = { ...rcloneBaseEnvironment() };
    // The client secret is a secret: rclone reads it from its environment rather than the process list.
    if (this.settings.overrides?.clientSecret) env[`RCLONE_${this.remoteType.toUpperCase()}_CLIENT_SECRET`] = this.settings.overrides.clientSecret;
    const child = spawn(rclone, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const timeoutMs = this.settings.timeoutMs ?? 10 * 60_000;
    return new Promise<string>((resolve, reject) => {
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      let linkSeen = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGTERM');
      }, timeoutMs);
      child.stdout!.setEncoding('utf8').on('data', (text: string) => (stdout += text));
      child.stderr!.setEncoding('utf8').on('data', (text: string) => {
        stderr += text;
        const link = LINK_LINE.exec(stderr);
        // rclone prints the link a moment before its page listens: hand it out once the page answers.
        if (link && !linkSeen) {
          linkSeen = true;
          void whenListening(new URL(link[1]!), () => child.exitCode !== null || child.signalCode !== null).then((ok) => ok && this.resolveLink(link[1]!));
        }
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new BackendConfigError(`could not run rclone to sign in (${error.message})`, 'invalid'));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        const token = TOKEN_BLOCK.exec(stdout)?.[1];
        if (code === 0 && token && isTokenJson(token)) {
          resolve(token);
          return;
        }
        const failure = this.failure(code, stderr, timedOut, timeoutMs);
        this.rejectLink(failure);
        reject(failure);
      });
    });
  }

  private failure(code: number | null, stderr: string, timedOut: boolean, timeoutMs: number): BackendConfigError {
    if (this.cancelled) return new BackendConfigError('the sign-in was cancelled', 'invalid');
    if (timedOut) return new BackendConfigError(`nobody finished signing in within ${Math.round(timeoutMs / 60_000)} minutes; start the sign-in again`, 'invalid');
    if (/address already in use/.test(stderr)) {
      return new BackendConfigError(`another sign-in is already waiting (rclone's sign-in page on port ${RCLONE_AUTH_PORT} is busy); finish or cancel it first`, 'invalid');
    }
    if (/access_denied/.test(stderr)) return new BackendConfigError('the sign-in was refused at the provider (access denied); nothing was saved', 'permission');
    const reason = lastErrorLine(stderr);
    return new BackendConfigError(`the sign-in did not finish (rclone stopped with exit code ${String(code)}${reason ? `: ${reason}` : ''})`, 'invalid');
  }

  /** Stops waiting for the user; the token promise rejects with "cancelled". */
  cancel(): void {
    this.cancelled = true;
    this.child?.kill('SIGTERM');
  }
}

/** Waits until something accepts connections at the URL's port (true), or the child is gone (false). */
async function whenListening(url: URL, childGone: () => boolean): Promise<boolean> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (childGone()) return false;
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (accepted) return !childGone();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

function isTokenJson(text: string): boolean {
  try {
    const parsed = JSON.parse(text) as { access_token?: unknown };
    return typeof parsed.access_token === 'string';
  } catch {
    return false;
  }
}

/** rclone's "Error: …" line, with anything shaped like a token cut out (a failed exchange may echo one). */
function lastErrorLine(stderr: string): string | undefined {
  const line = stderr
    .split('\n')
    .reverse()
    .find((l) => /error|failed/i.test(l));
  return line
    ?.replace(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d\s+/, '')
    .replace(/"(access_token|refresh_token|code)"\s*:\s*"[^"]*"/g, '"$1":"…"')
    .replace(/\b(code|token|state)=[^&\s"]+/g, '$1=…')
    .trim()
    .slice(0, 300);
}
