/**
 * The peer the benchmarks measure RAIC against: Debian's rclone (1.60) with a
 * crypt remote over a union of two stores, create_policy=all, so every file
 * is written to both and survives the loss of either (RAIC 2-of-3 survives
 * the loss of one account of three). Stores are two local folders, or two S3
 * buckets (e.g. on the local Swift, reached through the shaping proxy).
 *
 * Configured by a temporary config file of its own (mode 0600, removed by
 * close()), passed with --config; the user's rclone config is never read.
 * rclone runs with its defaults (4 transfers, 8 checkers), as a user would.
 */
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export type PeerStores =
  | { kind: 'local'; folders: [string, string] }
  | { kind: 's3'; endpoint: string; region: string; accessKeyId: string; secretAccessKey: string; buckets: [string, string] };

export interface RclonePeer {
  /** The crypt remote's name with its colon, e.g. "peer:". */
  readonly remote: string;
  /** Seconds `rclone copy LOCAL peer:REMOTE_DIR` takes. */
  copyUp(local: string, remoteDir: string): Promise<number>;
  /** Seconds `rclone copy peer:REMOTE_DIR LOCAL` takes. */
  copyDown(remoteDir: string, local: string): Promise<number>;
  /** Like copyDown for one file: `rclone copyto peer:REMOTE_FILE LOCAL_FILE`. */
  copyFileDown(remoteFile: string, localFile: string): Promise<number>;
  close(): Promise<void>;
}

/** The environment rclone runs in: no AWS_* or RCLONE_* settings of this shell leak into the peer's behaviour. */
function cleanEnvironment(configPath: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!/^(AWS_|RCLONE_)/.test(name)) env[name] = value;
  env.RCLONE_CONFIG = configPath;
  return env;
}

async function obscure(secret: string): Promise<string> {
  const child = spawn('rclone', ['obscure', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(`${secret}\n`);
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (code !== 0) throw new Error('rclone obscure failed; is rclone installed (Debian package rclone)?');
  return out.trim();
}

function configText(stores: PeerStores, obscuredPassword: string): string {
  const sections: string[] = [];
  let upstreams: string;
  if (stores.kind === 'local') {
    upstreams = stores.folders.join(' ');
  } else {
    sections.push(
      [
        '[bench-s3]',
        'type = s3',
        'provider = Other',
        `endpoint = ${stores.endpoint}`,
        `region = ${stores.region}`,
        `access_key_id = ${stores.accessKeyId}`,
        `secret_access_key = ${stores.secretAccessKey}`,
        'force_path_style = true',
      ].join('\n'),
    );
    upstreams = stores.buckets.map((bucket) => `bench-s3:${bucket}`).join(' ');
  }
  sections.push(['[bench-union]', 'type = union', `upstreams = ${upstreams}`, 'create_policy = all'].join('\n'));
  sections.push(['[peer]', 'type = crypt', 'remote = bench-union:', `password = ${obscuredPassword}`].join('\n'));
  return `${sections.join('\n\n')}\n`;
}

export async function startRclonePeer(stores: PeerStores): Promise<RclonePeer> {
  const folder = await mkdtemp(path.join(tmpdir(), 'raic-bench-rclone-'));
  const configPath = path.join(folder, 'rclone.conf');
  await writeFile(configPath, configText(stores, await obscure(randomBytes(24).toString('base64url'))), { mode: 0o600 });
  const env = cleanEnvironment(configPath);
  const timed = async (args: string[]): Promise<number> => {
    const started = performance.now();
    try {
      await run('rclone', [...args, '--config', configPath], { env, maxBuffer: 1 << 22 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? '';
      throw new Error(`rclone ${args[0]} failed: ${stderr.slice(-1500) || (error as Error).message}`);
    }
    return (performance.now() - started) / 1000;
  };
  return {
    remote: 'peer:',
    copyUp: (local, remoteDir) => timed(['copy', local, `peer:${remoteDir}`]),
    copyDown: (remoteDir, local) => timed(['copy', `peer:${remoteDir}`, local]),
    copyFileDown: (remoteFile, localFile) => timed(['copyto', `peer:${remoteFile}`, localFile]),
    close: () => rm(folder, { recursive: true, force: true }),
  };
}
