/**
 * `rclone serve webdav` and `rclone serve sftp` (Debian's rclone) on
 * 127.0.0.1 over a temporary folder, with a user and password, for the
 * WebDAV and SFTP backend tests. stop() deletes the folder.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, portAcceptsConnections, requireBinary, startProcess, waitUntil, type ServerProcess } from './process-tools';

export interface RcloneServer {
  readonly protocol: 'webdav' | 'sftp';
  readonly host: string;
  readonly port: number;
  /** http://127.0.0.1:PORT for WebDAV. */
  readonly url: string;
  readonly user: string;
  readonly password: string;
  /** The folder rclone serves, to look at what actually landed on disk. */
  readonly dataDir: string;
  /** Kills rclone abruptly (clients see connections drop). */
  kill(): Promise<void>;
  /** Starts rclone again on the same port, same folder and host key. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

async function webdavAnswers(url: string, user: string, password: string): Promise<boolean> {
  const response = await fetch(url, {
    method: 'PROPFIND',
    headers: { Depth: '0', Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    signal: AbortSignal.timeout(2_000),
  });
  await response.body?.cancel();
  return response.status === 207;
}

export interface RcloneServerOptions {
  /** SFTP only: an authorized_keys line (e.g. "ssh-rsa AAAA... comment") accepted besides the password. */
  authorizedKey?: string;
}

export async function startRcloneServer(protocol: 'webdav' | 'sftp', options: RcloneServerOptions = {}): Promise<RcloneServer> {
  const rclone = requireBinary('rclone', 'rclone');
  const root = await mkdtemp(path.join(tmpdir(), `raic-rclone-${protocol}-`));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir);
  const port = await freePort();
  const user = 'raic';
  const password = 'rclone-test-password';
  // Own config and cache folders, so the host key and settings stay in the temp folder.
  const env = { ...process.env, RCLONE_CONFIG: path.join(root, 'rclone.conf'), XDG_CACHE_HOME: path.join(root, 'cache'), HOME: root };
  const args = ['serve', protocol, dataDir, '--addr', `127.0.0.1:${port}`, '--user', user, '--pass', password, '--log-level', 'NOTICE'];
  if (options.authorizedKey && protocol === 'sftp') {
    const keysFile = path.join(root, 'authorized_keys');
    await writeFile(keysFile, `${options.authorizedKey}\n`, { mode: 0o600 });
    args.push('--authorized-keys', keysFile);
  }
  let server: ServerProcess = startProcess(`rclone serve ${protocol}`, rclone, args, { env });
  const url = `http://127.0.0.1:${port}`;
  const ready = () =>
    waitUntil(`rclone serve ${protocol}`, () => (protocol === 'webdav' ? webdavAnswers(url, user, password) : portAcceptsConnections(port)), [server], 30_000);
  try {
    await ready();
  } catch (error) {
    await server.stop();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    protocol,
    host: '127.0.0.1',
    port,
    url,
    user,
    password,
    dataDir,
    async kill() {
      await server.kill();
    },
    async restart() {
      await server.stop();
      server = startProcess(`rclone serve ${protocol}`, rclone, args, { env });
      await ready();
    },
    async stop() {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
