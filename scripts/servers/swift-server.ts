/**
 * A real OpenStack Swift on 127.0.0.1 for the backend tests: memcached, the
 * account, container and object servers and a proxy with s3api (S3 API that
 * checks signatures) and tempauth (Swift auth v1.0), rings built in a
 * temporary folder that stop() deletes. Nothing is installed here; a missing
 * binary fails with the Debian package to install.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, requireBinary, startProcess, waitUntil, type ServerProcess } from './process-tools';

const run = promisify(execFile);

export interface SwiftServer {
  /** Proxy base URL, e.g. http://127.0.0.1:PORT */
  readonly url: string;
  /** TempAuth v1.0 endpoint. */
  readonly authUrl: string;
  /** Account admin (tempauth group .admin). */
  readonly user: string;
  readonly key: string;
  /** A second user of the same account without any rights on it (for permission errors). */
  readonly unprivilegedUser: string;
  readonly unprivilegedKey: string;
  /** S3 settings for the same account through s3api. */
  readonly s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  /** Process ids by server name, e.g. to measure their CPU time in a benchmark. */
  processIds(): Record<string, number>;
  /** Kills the proxy abruptly (clients see connections drop); data servers keep running. */
  killProxy(): Promise<void>;
  /** Starts the proxy again on the same port and waits until it answers. */
  restartProxy(): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'test:tester';
const KEY = 'testing';
const UNPRIVILEGED_USER = 'test:nobody';
const UNPRIVILEGED_KEY = 'nobodys-secret';

function commonSettings(port: number, swiftDir: string, devices: string): string {
  return [
    '[DEFAULT]',
    'bind_ip = 127.0.0.1',
    `bind_port = ${port}`,
    'workers = 0',
    'user = root',
    `swift_dir = ${swiftDir}`,
    `devices = ${devices}`,
    'mount_check = false',
    'log_level = WARNING',
    '',
  ].join('\n');
}

function dataServerConfig(kind: 'account' | 'container' | 'object', port: number, swiftDir: string, devices: string): string {
  return `${commonSettings(port, swiftDir, devices)}
[pipeline:main]
pipeline = ${kind}-server

[app:${kind}-server]
use = egg:swift#${kind}
`;
}

function proxyConfig(port: number, swiftDir: string, devices: string, memcachedPort: number): string {
  return `${commonSettings(port, swiftDir, devices)}
[pipeline:main]
pipeline = catch_errors gatekeeper proxy-logging cache listing_formats s3api tempauth copy container-quotas slo dlo proxy-logging proxy-server

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = ${KEY} .admin
user_test_nobody = ${UNPRIVILEGED_KEY}

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${memcachedPort}

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:container-quotas]
use = egg:swift#container_quotas

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo
`;
}

async function buildRing(ringBuilder: string, swiftDir: string, kind: string, port: number): Promise<void> {
  const builder = `${kind}.builder`;
  await run(ringBuilder, [builder, 'create', '4', '1', '1'], { cwd: swiftDir });
  await run(ringBuilder, [builder, 'add', `r1z1-127.0.0.1:${port}/d1`, '100'], { cwd: swiftDir });
  await run(ringBuilder, [builder, 'rebalance'], { cwd: swiftDir });
}

async function authAnswers(authUrl: string): Promise<boolean> {
  const response = await fetch(authUrl, { headers: { 'X-Auth-User': USER, 'X-Auth-Key': KEY }, signal: AbortSignal.timeout(2_000) });
  await response.body?.cancel();
  return response.status === 200;
}

/**
 * Ready means every server answers, not just the proxy: sign in, then create
 * and delete a container and an object (account, container and object servers).
 */
async function clusterAnswers(authUrl: string): Promise<boolean> {
  const auth = await fetch(authUrl, { headers: { 'X-Auth-User': USER, 'X-Auth-Key': KEY }, signal: AbortSignal.timeout(2_000) });
  await auth.body?.cancel();
  const storageUrl = auth.headers.get('x-storage-url');
  const token = auth.headers.get('x-auth-token');
  if (auth.status !== 200 || !storageUrl || !token) return false;
  const call = async (method: string, path: string, expected: number[]) => {
    const response = await fetch(`${storageUrl}${path}`, { method, headers: { 'X-Auth-Token': token }, body: method === 'PUT' && path.includes('/o') ? 'ready' : undefined, signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return expected.includes(response.status);
  };
  return (
    (await call('PUT', '/raic-readiness', [201, 202])) &&
    (await call('PUT', '/raic-readiness/o', [201])) &&
    (await call('DELETE', '/raic-readiness/o', [204])) &&
    (await call('DELETE', '/raic-readiness', [204]))
  );
}

/**
 * Starts a private Swift cluster. A cluster whose processes all run but never
 * answer within the wait (seen once in a CI check, every process silent) is
 * stopped and started once more on fresh ports and a fresh folder.
 */
export async function startSwiftServer(): Promise<SwiftServer> {
  try {
    return await startSwiftServerOnce();
  } catch (error) {
    if (!(error instanceof Error && /not ready after/.test(error.message))) throw error;
    return startSwiftServerOnce();
  }
}

async function startSwiftServerOnce(): Promise<SwiftServer> {
  const binaries = {
    memcached: requireBinary('memcached', 'memcached'),
    ringBuilder: requireBinary('swift-ring-builder', 'swift'),
    object: requireBinary('swift-object-server', 'swift-object'),
    container: requireBinary('swift-container-server', 'swift-container'),
    account: requireBinary('swift-account-server', 'swift-account'),
    proxy: requireBinary('swift-proxy-server', 'swift-proxy'),
  };
  const root = await mkdtemp(path.join(tmpdir(), 'raic-swift-'));
  const swiftDir = path.join(root, 'etc');
  const devices = path.join(root, 'devices');
  const processes: ServerProcess[] = [];
  const stopAll = async () => {
    await Promise.all(processes.map((p) => p.stop()));
    processes.length = 0;
  };
  try {
    await mkdir(swiftDir, { recursive: true });
    await mkdir(path.join(devices, 'd1'), { recursive: true });
    const [memcachedPort, objectPort, containerPort, accountPort, proxyPort] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
    await writeFile(
      path.join(swiftDir, 'swift.conf'),
      '[swift-hash]\nswift_hash_path_suffix = raic-test-suffix\nswift_hash_path_prefix = raic-test-prefix\n\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
    );
    const configs = {
      object: path.join(swiftDir, 'object-server.conf'),
      container: path.join(swiftDir, 'container-server.conf'),
      account: path.join(swiftDir, 'account-server.conf'),
      proxy: path.join(swiftDir, 'proxy-server.conf'),
    };
    await Promise.all([
      writeFile(configs.object, dataServerConfig('object', objectPort, swiftDir, devices)),
      writeFile(configs.container, dataServerConfig('container', containerPort, swiftDir, devices)),
      writeFile(configs.account, dataServerConfig('account', accountPort, swiftDir, devices)),
      writeFile(configs.proxy, proxyConfig(proxyPort, swiftDir, devices, memcachedPort)),
      buildRing(binaries.ringBuilder, swiftDir, 'object', objectPort),
      buildRing(binaries.ringBuilder, swiftDir, 'container', containerPort),
      buildRing(binaries.ringBuilder, swiftDir, 'account', accountPort),
    ]);

    processes.push(startProcess('memcached', binaries.memcached, ['-u', 'root', '-l', '127.0.0.1', '-p', String(memcachedPort), '-U', '0']));
    processes.push(startProcess('swift-object-server', binaries.object, [configs.object]));
    processes.push(startProcess('swift-container-server', binaries.container, [configs.container]));
    processes.push(startProcess('swift-account-server', binaries.account, [configs.account]));
    let proxy = startProcess('swift-proxy-server', binaries.proxy, [configs.proxy]);
    processes.push(proxy);

    const url = `http://127.0.0.1:${proxyPort}`;
    const authUrl = `${url}/auth/v1.0`;
    await waitUntil('Swift (proxy, account, container and object servers)', () => clusterAnswers(authUrl), processes, 60_000);

    return {
      url,
      authUrl,
      user: USER,
      key: KEY,
      unprivilegedUser: UNPRIVILEGED_USER,
      unprivilegedKey: UNPRIVILEGED_KEY,
      s3: { endpoint: url, region: 'us-east-1', accessKeyId: USER, secretAccessKey: KEY },
      processIds() {
        return Object.fromEntries(processes.filter((p) => p.child.pid !== undefined).map((p) => [p.name, p.child.pid as number]));
      },
      async killProxy() {
        await proxy.kill();
      },
      async restartProxy() {
        await proxy.stop();
        processes.splice(processes.indexOf(proxy), 1);
        proxy = startProcess('swift-proxy-server', binaries.proxy, [configs.proxy]);
        processes.push(proxy);
        await waitUntil('Swift proxy (restarted)', () => authAnswers(authUrl), processes, 60_000);
      },
      async stop() {
        await stopAll();
        await rm(root, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopAll();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
