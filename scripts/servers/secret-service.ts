/**
 * A real Secret Service (GNOME Keyring) on a private D-Bus session bus for the
 * credential-store tests: its own dbus-daemon, its own temporary HOME (so the
 * user's real keyring is never touched), a "login" keyring created and
 * unlocked with a throwaway password. stop() ends both daemons and deletes
 * the temporary folder. Nothing is installed here; a missing binary fails with
 * the Debian package to install.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { requireBinary, startProcess, waitUntil, type ServerProcess } from './process-tools';

const run = promisify(execFile);

export interface SecretServiceEnv {
  /** The private bus; @napi-rs/keyring and secret-tool connect to it through this variable. */
  DBUS_SESSION_BUS_ADDRESS: string;
  /** The temporary home the keyring files live in. */
  HOME: string;
}

export interface SecretService {
  /** Environment a client needs to reach this Secret Service (merge it into process.env or a child's env). */
  readonly env: SecretServiceEnv;
  /**
   * Runs `secret-tool <args>` against this Secret Service. `search` prints
   * label and secret on stdout but the attributes on stderr, hence both.
   */
  secretTool(...args: string[]): Promise<{ stdout: string; stderr: string }>;
  /** Locks the default keyring, as a screen lock or a timeout would: the "locked keychain" case. */
  lockKeyring(): Promise<void>;
  /**
   * Freezes (SIGSTOP) or thaws (SIGCONT) the keyring daemon: calls then get no
   * answer, like a keyring waiting on an unlock prompt nobody can see.
   */
  pauseKeyring(paused: boolean): void;
  /**
   * Kills the keyring daemon (SIGKILL, as a crash would) and starts a new one
   * on the same bus and home, as a desktop session does when gnome-keyring
   * dies; resolves once it answers. Calls in flight at the kill fail with
   * D-Bus's "recipient disconnected without replying".
   */
  restartKeyring(): Promise<void>;
  stop(): Promise<void>;
}

/** The unlock password of the throwaway login keyring; not a secret, the keyring dies with the test. */
const KEYRING_PASSWORD = 'raic-test-keyring';

/**
 * A session bus with no service directories: nothing is D-Bus-activated
 * behind our back (the system's org.freedesktop.secrets.service would start an
 * unmanaged gnome-keyring), so "no Secret Service" stays observable.
 */
function busConfig(socket: string): string {
  return `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;
}

export interface SecretServiceOptions {
  /**
   * false starts only the session bus, with nothing owning
   * org.freedesktop.secrets: the "D-Bus but no keyring" case. Default true.
   */
  keyring?: boolean;
}

export async function startSecretService(options: SecretServiceOptions = {}): Promise<SecretService> {
  // Checked before anything starts, so a missing package fails the test with the apt-get line.
  const dbusDaemon = requireBinary('dbus-daemon', 'dbus');
  const dbusSend = requireBinary('dbus-send', 'dbus');
  const keyringDaemon = requireBinary('gnome-keyring-daemon', 'gnome-keyring');
  const secretToolBinary = requireBinary('secret-tool', 'libsecret-tools');

  const root = await mkdtemp(path.join(tmpdir(), 'raic-secret-service-'));
  const home = path.join(root, 'home');
  // gnome-keyring puts its control socket in XDG_RUNTIME_DIR; a private one keeps it from meeting another session's daemon.
  const runtimeDir = path.join(root, 'run');
  await mkdir(home, { mode: 0o700 });
  await mkdir(runtimeDir, { mode: 0o700 });
  const socket = path.join(root, 'bus');
  const configFile = path.join(root, 'session.conf');
  await writeFile(configFile, busConfig(socket));

  const address = `unix:path=${socket}`;
  const env: SecretServiceEnv = { DBUS_SESSION_BUS_ADDRESS: address, HOME: home };
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, XDG_RUNTIME_DIR: runtimeDir };
  // Without these, gnome-keyring would talk to a desktop's display or the real user's keyring daemon.
  delete childEnv.DISPLAY;
  delete childEnv.WAYLAND_DISPLAY;
  delete childEnv.GNOME_KEYRING_CONTROL;

  const processes: ServerProcess[] = [];
  let stopping = false;
  const stop = async () => {
    stopping = true;
    // The keyring daemon first: it exits on its own when the bus vanishes, but not always before rm.
    // SIGCONT first, in case a test left it paused: a stopped process would only die at the SIGKILL.
    for (const server of [...processes].reverse()) {
      if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGCONT');
      await server.stop();
    }
    await rm(root, { recursive: true, force: true });
  };

  // Ready when the Secret Service answers and its default collection (the unlocked login keyring) exists.
  const secretServiceAnswers = async () => {
    const { stdout } = await run(
      dbusSend,
      ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'string:default'],
      { env: childEnv, timeout: 5_000 },
    );
    return stdout.includes('/org/freedesktop/secrets/collection/');
  };
  /** Starts the keyring daemon as processes[1] (the bus is processes[0]) and waits until it answers. */
  const startKeyring = async () => {
    const keyring = startKeyringDaemon(keyringDaemon, childEnv);
    processes[1] = keyring;
    // A keyring daemon that dies mid-test shows in the test only as RAIC's "no keychain" (the bus says the
    // recipient disconnected); this line in the test's output says it was the daemon, and how it ended.
    keyring.child.once('exit', (code, signal) => {
      if (!stopping && processes[1] === keyring) process.stderr.write(`gnome-keyring-daemon exited while in use (${signal ?? `exit code ${code}`}); its last output:\n${keyring.output()}\n`);
    });
    await waitUntil('the Secret Service (gnome-keyring-daemon)', secretServiceAnswers, processes, 30_000);
  };

  try {
    const bus = startProcess('dbus-daemon', dbusDaemon, ['--config-file', configFile, '--nofork', '--nopidfile'], { env: childEnv });
    processes.push(bus);
    const busAnswers = async () => {
      await run(dbusSend, ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.GetId'], { env: childEnv, timeout: 5_000 });
      return true;
    };
    await waitUntil('the private D-Bus session bus', busAnswers, processes, 15_000);

    if (options.keyring === false) {
      const noKeyring = () => {
        throw new Error('this Secret Service was started without a keyring');
      };
      return { env, secretTool: secretToolFor(secretToolBinary, childEnv), lockKeyring: async () => noKeyring(), pauseKeyring: noKeyring, restartKeyring: async () => noKeyring(), stop };
    }
    await startKeyring();
  } catch (error) {
    await stop();
    throw error;
  }

  const lockKeyring = async () => {
    const { stdout } = await run(dbusSend, ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'string:default'], { env: childEnv, timeout: 5_000 });
    const collection = /object path "([^"]+)"/.exec(stdout)?.[1];
    if (!collection) throw new Error(`no default keyring to lock:\n${stdout}`);
    await run(dbusSend, ['--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', `array:objpath:${collection}`], { env: childEnv, timeout: 5_000 });
  };

  const pauseKeyring = (paused: boolean) => {
    processes[1]!.child.kill(paused ? 'SIGSTOP' : 'SIGCONT');
  };

  const restartKeyring = async () => {
    const old = processes[1]!;
    const exited = new Promise((resolve) => (old.child.exitCode !== null || old.child.signalCode !== null ? resolve(undefined) : old.child.once('exit', resolve)));
    processes.pop();
    old.child.kill('SIGKILL');
    await exited;
    await startKeyring();
  };

  return { env, secretTool: secretToolFor(secretToolBinary, childEnv), lockKeyring, pauseKeyring, restartKeyring, stop };
}

function secretToolFor(binary: string, env: NodeJS.ProcessEnv): SecretService['secretTool'] {
  return async (...args) => {
    try {
      const { stdout, stderr } = await run(binary, args, { env, timeout: 15_000 });
      return { stdout, stderr };
    } catch (error) {
      const failure = error as { stdout?: string; stderr?: string; code?: number };
      // `secret-tool lookup` exits 1 with no output when nothing matches: that is an answer, not a failure.
      if (failure.code === 1 && !failure.stderr) return { stdout: failure.stdout ?? '', stderr: '' };
      throw new Error(`secret-tool ${args.join(' ')} failed: ${failure.stderr || String(error)}`);
    }
  };
}

/**
 * gnome-keyring-daemon in the foreground (so stop() can end it by pid) with the
 * login keyring's password on stdin: --unlock creates that keyring when the
 * home has none and unlocks it, so no prompt is ever needed.
 */
function startKeyringDaemon(binary: string, env: NodeJS.ProcessEnv): ServerProcess {
  return startProcess('gnome-keyring-daemon', binary, ['--foreground', '--unlock', '--components=secrets'], { env, stdin: KEYRING_PASSWORD });
}
