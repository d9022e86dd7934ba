/**
 * One `rclone serve webdav` child for one account: RAIC's own WebDAV client
 * talks to it on 127.0.0.1, and rclone talks to the remote.
 *
 * Supervision: the child starts on the first operation, on a port the OS
 * picks (rclone prints it), with a random user and password that exist only
 * in this process and the child's environment (never its arguments, which
 * the process list shows). If it dies, operations fail as "unreachable"
 * (the retry wrapper retries them, the monitor sees the account offline) and
 * the next one starts a new child; a child that fails while starting is not
 * started again for a few seconds, so a broken account does not spawn rclone
 * in a loop. close() stops it and deletes its folder; so does RAIC's exit.
 *
 * Secrets: the remote's configuration is written, encrypted (config-crypt.ts)
 * with the account's config password (kept in the keychain by the service;
 * random per bridge when none is given) that otherwise lives only in memory
 * and in the child's environment (RCLONE_CONFIG_PASS), to a private
 * temporary folder (0700, file 0600). The file is kept while the account is
 * open, so a token rclone refreshes survives a restart of the child; it is
 * deleted on close.
 *
 * Refreshed tokens: rclone rewrites its (still encrypted) config when it
 * refreshes an OAuth token, and some providers (OneDrive) rotate the refresh
 * token so the old one stops working. The bridge watches the folder, opens
 * the rewritten file in memory and hands the new token to
 * `onSecretOptionsChanged`, which the service stores in the keychain.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, watch, type FSWatcher } from 'node:fs';
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BackendConfigError } from '../types';
import { decryptRcloneConfig, encryptRcloneConfig, sectionOptions } from './config-crypt';
import { configOptions, rcloneBaseEnvironment, rcloneCaCertFlags, remoteSection } from './rclone-config';
import { findRclone } from './rclone-binary';
import { explainRcloneFailure, rcloneExcerpt } from './rclone-errors';
import { underWatchdog, WATCHDOG_PID_LINE } from './rclone-watchdog';
import type { OptionLines } from './provider';
import { makeWorkFolder } from './work-folders';

/** The section name of the one remote in the config file. */
const REMOTE_NAME = 'raic';
/** How many of rclone's last log lines are kept to explain failures. */
const KEPT_LINES = 40;
/** A start that failed is not tried again sooner than this. */
const FAILED_START_PAUSE_MS = 3_000;
/** The secret options rclone itself rewrites (an OAuth token it refreshed); the others only the user changes. */
export const ROTATING_SECRET_OPTIONS: readonly string[] = ['token'];
/** How long the folder must be quiet after a change before the config is read back (rclone writes a temp file, then renames). */
const READ_BACK_DELAY_MS = 150;
const STARTED_LINE = /WebDav Server started on \[?(http:\/\/127\.0\.0\.1:\d+)\/?\]?/;

export interface RcloneBridgeSettings {
  remoteType: string;
  /** The folder on the remote; empty for its top. */
  root: string;
  options: OptionLines;
  secretOptions: OptionLines;
  /** The rclone program; found on the PATH (or RAIC_RCLONE) when absent. */
  rclonePath?: string;
  /** How long rclone may take to start serving (it signs in to the remote first). */
  startTimeoutMs?: number;
  /** The password the config file is encrypted with; kept by the caller (the keychain) so it is the same every run. */
  configPassword?: string;
  /** Told the secret options rclone rewrote (a refreshed token), to store them where the others are kept. */
  onSecretOptionsChanged?: (changed: OptionLines) => Promise<void> | void;
}

export interface BridgeEndpoint {
  url: string;
  username: string;
  password: string;
}

interface Running {
  child: ChildProcess;
  /** rclone's own pid (the child is the watchdog wrapper where there is one). */
  rclonePid?: number;
  endpoint: BridgeEndpoint;
}

/** Children and folders to clean up if RAIC exits without closing its accounts. */
const liveChildren = new Set<ChildProcess>();
const liveFolders = new Set<string>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of liveChildren) child.kill('SIGTERM');
    for (const folder of liveFolders) rmSync(folder, { recursive: true, force: true });
  });
}

export class RcloneBridge {
  private readonly username = `raic-${randomBytes(4).toString('hex')}`;
  private readonly password = randomBytes(24).toString('base64url');
  private readonly configPassword: string;
  /** The secret options as they are now: the given ones, with what rclone refreshed since. */
  private readonly secretOptions: OptionLines;
  private folder?: string;
  private watcher?: FSWatcher;
  private readBackTimer?: NodeJS.Timeout;
  private readBack: Promise<void> = Promise.resolve();
  private configWritten = false;
  private running?: Running;
  private starting?: Promise<Running>;
  private failedStart?: { at: number; error: Error };
  private lines: string[] = [];
  /** Count of log lines ever seen, so an operation can ask for the lines logged while it ran. */
  private lineCount = 0;
  private closed = false;

  constructor(private readonly settings: RcloneBridgeSettings) {
    this.configPassword = settings.configPassword ?? randomBytes(24).toString('base64url');
    this.secretOptions = { ...settings.secretOptions };
  }

  get remoteType(): string {
    return this.settings.remoteType;
  }

  /** Every value no message may contain. */
  secrets(): string[] {
    return [this.password, this.configPassword, ...Object.values(this.settings.secretOptions), ...Object.values(this.secretOptions)];
  }

  /** The private folder holding the encrypted config and rclone's cache, once created (for tests and diagnostics). */
  get workFolder(): string | undefined {
    return this.folder;
  }

  /** The child's process id while one runs (tests kill it to play a crash). */
  pid(): number | undefined {
    return this.running?.rclonePid ?? this.running?.child.pid;
  }

  /** The watchdog wrapper's pid while a child runs (the same as pid() where there is no wrapper). */
  wrapperPid(): number | undefined {
    return this.running?.child.pid;
  }

  /** A mark in rclone's log, for linesSince(). */
  logMark(): number {
    return this.lineCount;
  }

  /** What rclone logged after `mark` (as far as the kept lines reach back). */
  linesSince(mark: number): string[] {
    const fresh = this.lineCount - mark;
    return fresh <= 0 ? [] : this.lines.slice(-Math.min(fresh, this.lines.length));
  }

  /** Where to send WebDAV requests; starts rclone when it is not running. */
  async endpoint(): Promise<BridgeEndpoint> {
    if (this.closed) throw new BackendConfigError('this rclone account was closed', 'unreachable');
    if (this.running) return this.running.endpoint;
    if (this.failedStart && Date.now() - this.failedStart.at < FAILED_START_PAUSE_MS) throw this.failedStart.error;
    this.starting ??= this.start().finally(() => (this.starting = undefined));
    return (await this.starting).endpoint;
  }

  /**
   * What a one-off rclone command (rclone-about.ts) needs to reach this
   * account's remote through the same encrypted config: the program, the
   * arguments naming the config file and the remote, and the environment
   * holding the config password (never an argument). Starts the child first,
   * so the config exists and a broken account fails the same way here.
   */
  async commandContext(): Promise<{ rclone: string; remote: string; configArgs: string[]; env: NodeJS.ProcessEnv }> {
    await this.endpoint();
    const rclone = this.settings.rclonePath ?? findRclone();
    return {
      rclone,
      remote: `${REMOTE_NAME}:${this.settings.root}`,
      configArgs: ['--config', path.join(this.folder!, 'rclone.conf'), '--ask-password=false', ...rcloneCaCertFlags()],
      env: { ...rcloneBaseEnvironment(), RCLONE_CONFIG_PASS: this.configPassword },
    };
  }

  private async prepareFolder(rclone: string): Promise<string> {
    if (!this.folder) {
      this.folder = await makeWorkFolder();
      liveFolders.add(this.folder);
      installExitHook();
      await chmod(this.folder, 0o700);
      this.watchForRewrites(this.folder);
    }
    const configFile = path.join(this.folder, 'rclone.conf');
    if (!this.configWritten) {
      const options = await configOptions(rclone, { ...this.settings, secretOptions: this.secretOptions });
      const text = encryptRcloneConfig(remoteSection(REMOTE_NAME, this.settings.remoteType, options), this.configPassword);
      await writeFile(configFile, text, { mode: 0o600 });
      this.configWritten = true;
    }
    return configFile;
  }

  private async start(): Promise<Running> {
    try {
      const rclone = this.settings.rclonePath ?? findRclone();
      const configFile = await this.prepareFolder(rclone);
      const running = await this.spawnServer(rclone, configFile);
      this.failedStart = undefined;
      return running;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      this.failedStart = { at: Date.now(), error: failure };
      throw failure;
    }
  }

  private spawnServer(rclone: string, configFile: string): Promise<Running> {
    const folder = this.folder!;
    const args = [
      'serve',
      'webdav',
      `${REMOTE_NAME}:${this.settings.root}`,
      '--config',
      configFile,
      '--addr',
      '127.0.0.1:0',
      '--cache-dir',
      path.join(folder, 'cache'),
      '--log-level',
      'NOTICE',
      '--ask-password=false',
      // RAIC is the only writer through this child; a short directory cache still shows changes made elsewhere soon.
      '--dir-cache-time',
      '30s',
      // One retry layer, RAIC's (retrying.ts): rclone's own ten low-level retries with back-off on top of it kept a
      // health check waiting minutes on a remote that was simply down, where the account should just read as offline.
      '--low-level-retries',
      '1',
      '--contimeout',
      '15s',
      ...rcloneCaCertFlags(),
    ];
    const env = {
      ...rcloneBaseEnvironment(),
      RCLONE_CONFIG_PASS: this.configPassword,
      RCLONE_USER: this.username,
      RCLONE_PASS: this.password,
    };
    // Through the watchdog: rclone stops when RAIC dies, even from SIGKILL (the exit hook covers only a normal exit).
    const watched = underWatchdog(rclone, args);
    const child = spawn(watched.command, watched.args, { env, stdio: [watched.watchesStdin ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
    child.stdin?.on('error', () => undefined);
    liveChildren.add(child);
    const timeoutMs = this.settings.startTimeoutMs ?? 60_000;

    return new Promise<Running>((resolve, reject) => {
      let ready = false;
      let pending = '';
      let rclonePid: number | undefined;
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new BackendConfigError(`rclone did not start serving the ${this.remoteType} remote within ${Math.round(timeoutMs / 1000)} s`, 'unreachable'));
      }, timeoutMs);
      child.stderr!.setEncoding('utf8').on('data', (text: string) => {
        pending += text;
        const parts = pending.split('\n');
        pending = parts.pop() ?? '';
        for (const line of parts) {
          const pidLine = WATCHDOG_PID_LINE.exec(line);
          if (pidLine) {
            rclonePid = Number(pidLine[1]);
            continue;
          }
          this.remember(line);
          const started = STARTED_LINE.exec(line);
          if (!ready && started) {
            ready = true;
            clearTimeout(timer);
            const running = { child, rclonePid, endpoint: { url: `${started[1]}/`, username: this.username, password: this.password } };
            this.running = running;
            resolve(running);
          }
        }
      });
      child.on('error', (error) => {
        clearTimeout(timer);
        liveChildren.delete(child);
        reject(new BackendConfigError(`could not run rclone (${error.message})`, 'invalid'));
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        liveChildren.delete(child);
        // The wrapper is gone (killed, say): closing its pipe makes its watcher stop an rclone left behind.
        child.stdin?.destroy();
        if (pending) this.remember(pending);
        if (this.running?.child === child) this.running = undefined;
        // A child that refreshed its token and then failed (the provider unreachable) still rotated it.
        this.scheduleReadBack(0);
        if (!ready) reject(this.startFailure(code, signal));
      });
    });
  }

  private remember(line: string): void {
    if (!line.trim()) return;
    this.lines.push(line);
    this.lineCount++;
    if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
  }

  private startFailure(code: number | null, signal: NodeJS.Signals | null): BackendConfigError {
    const explained = explainRcloneFailure(this.lines, this.remoteType);
    if (explained) return explained;
    const how = signal ? `was stopped by ${signal}` : `stopped with exit code ${String(code)}`;
    return new BackendConfigError(`rclone ${how} before serving the ${this.remoteType} remote: ${rcloneExcerpt(this.lines, this.secrets())}`, 'invalid');
  }

  private watchForRewrites(folder: string): void {
    try {
      this.watcher = watch(folder, (_event, name) => {
        if (name !== 'cache') this.scheduleReadBack(READ_BACK_DELAY_MS);
      });
      this.watcher.on('error', () => undefined);
    } catch {
      // No watching on this system: the config is still read back when the child exits and on close.
    }
  }

  private scheduleReadBack(delayMs: number): void {
    if (!this.folder || !this.configWritten) return;
    clearTimeout(this.readBackTimer);
    this.readBackTimer = setTimeout(() => void this.readBackNow(), delayMs);
  }

  /** Reads the config rclone may have rewritten and reports the secret options that changed; one read at a time. */
  readBackNow(): Promise<void> {
    clearTimeout(this.readBackTimer);
    this.readBack = this.readBack.then(() => this.readBackOnce()).catch(() => undefined);
    return this.readBack;
  }

  private async readBackOnce(): Promise<void> {
    if (!this.folder || !this.configWritten) return;
    let options: Record<string, string> | undefined;
    try {
      options = sectionOptions(decryptRcloneConfig(await readFile(path.join(this.folder, 'rclone.conf'), 'utf8'), this.configPassword), REMOTE_NAME);
    } catch {
      return; // mid-rewrite or gone: the next change (or close) reads it again
    }
    const changed: OptionLines = {};
    for (const key of ROTATING_SECRET_OPTIONS) {
      const value = options?.[key];
      if (value && value !== this.secretOptions[key]) changed[key] = value;
    }
    if (Object.keys(changed).length === 0) return;
    Object.assign(this.secretOptions, changed);
    await this.settings.onSecretOptionsChanged?.({ ...this.secretOptions });
  }

  /** Stops the child and deletes the config folder (after reading back a token rclone refreshed). */
  async close(): Promise<void> {
    this.closed = true;
    await this.starting?.catch(() => undefined);
    const running = this.running;
    this.running = undefined;
    if (running) await stopChild(running.child);
    this.watcher?.close();
    this.watcher = undefined;
    await this.readBackNow();
    if (this.folder) {
      liveFolders.delete(this.folder);
      await rm(this.folder, { recursive: true, force: true });
      this.folder = undefined;
    }
  }
}

/** SIGTERM, then SIGKILL if rclone has not gone within five seconds. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
