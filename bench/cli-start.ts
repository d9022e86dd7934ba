/**
 * How long a `raic` command takes to start and finish, as a script calling it
 * once per file pays it: `raic --help` (the CLI alone) and `raic ls /` on a
 * fresh data dir with the default grid (the service opened: catalog, grid
 * config, accounts), each the median of several runs of the built command
 * (`node bin/raic.js`, which loads dist/cli). Beside them, in the same rounds:
 * `node -e 0` as the floor no Node program starts under, and rclone's own
 * start (`rclone version`, `rclone lsf` of a local folder) as the peer.
 * Ratios: RAIC over Node's start (1 is the floor), and rclone's seconds over
 * RAIC's (above 1, RAIC starts faster).
 *
 * Measures dist/cli as built: run `npm run build` first after changing the
 * source (the bench builds it only when there is none).
 *
 *   npx tsx bench/cli-start.ts [--runs N]     (prints one JSON line)
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from './peer-files';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RAIC = path.join(PROJECT_ROOT, 'bin', 'raic.js');
const CLI_BUNDLE = path.join(PROJECT_ROOT, 'dist', 'cli', 'raic.mjs');

export interface CliStartOptions {
  /** Starts of each command; the median is reported. */
  runs?: number;
  log?: (line: string) => void;
}

/** Wall-clock seconds of one run of a command, which must exit 0. */
function timeRun(program: string, args: string[], env?: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    execFile(program, args, { env: env ?? process.env, maxBuffer: 1 << 20 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(program)} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve((performance.now() - started) / 1000);
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function hasRclone(): boolean {
  return spawnSync('rclone', ['version'], { stdio: 'ignore' }).status === 0;
}

export async function measureCliStart(options: CliStartOptions = {}): Promise<Record<string, number | string | boolean>> {
  const runs = options.runs ?? 9;
  const log = options.log ?? (() => undefined);
  if (!existsSync(CLI_BUNDLE)) {
    log('no dist/cli yet: building it (node scripts/build.mjs)...');
    const built = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'build.mjs')], { cwd: PROJECT_ROOT, stdio: 'ignore' });
    if (built.status !== 0) throw new Error('building the CLI failed; run `npm run build` to see why');
  }
  const root = await mkdtemp(path.join(tmpdir(), 'raic-bench-cli-'));
  try {
    const dataDir = path.join(root, 'raic-data');
    // The first `raic ls /` creates the data dir with its default grid, as a new user's first command does; not counted.
    await timeRun(process.execPath, [RAIC, '--data-dir', dataDir, 'ls', '/']);
    const peer = hasRclone();
    const listed = path.join(root, 'listed');
    await mkdir(listed);
    await writeFile(path.join(listed, 'a.txt'), 'a');
    // An empty config of its own: rclone never reads the user's.
    const rcloneConfig = path.join(root, 'rclone.conf');
    await writeFile(path.join(rcloneConfig), '', { mode: 0o600 });
    const rcloneEnv: NodeJS.ProcessEnv = { ...process.env, RCLONE_CONFIG: rcloneConfig };

    const samples: Record<'node' | 'help' | 'ls' | 'rcloneVersion' | 'rcloneLs', number[]> = { node: [], help: [], ls: [], rcloneVersion: [], rcloneLs: [] };
    // Each round runs every command once, so a busy moment of the machine falls on all of them alike.
    for (let round = 0; round < runs; round++) {
      samples.node.push(await timeRun(process.execPath, ['-e', '0']));
      samples.help.push(await timeRun(process.execPath, [RAIC, '--help']));
      samples.ls.push(await timeRun(process.execPath, [RAIC, '--data-dir', dataDir, 'ls', '/']));
      if (peer) {
        samples.rcloneVersion.push(await timeRun('rclone', ['version'], rcloneEnv));
        samples.rcloneLs.push(await timeRun('rclone', ['lsf', listed], rcloneEnv));
      }
    }
    const node = median(samples.node);
    const help = median(samples.help);
    const ls = median(samples.ls);
    log(`start: node -e 0 ${round(node, 3)} s; raic --help ${round(help, 3)} s; raic ls / ${round(ls, 3)} s (medians of ${runs})`);
    const figures: Record<string, number | string | boolean> = {
      cli_start_runs: runs,
      cli_start_of: 'node bin/raic.js, i.e. dist/cli as last built (npm run build first; built by the bench only when missing)',
      node_start_s: round(node, 3),
      cli_help_s: round(help, 3),
      cli_ls_s: round(ls, 3),
      cli_help_over_node_start: round(help / node, 2),
      cli_ls_over_node_start: round(ls / node, 2),
    };
    if (peer) {
      const rcloneVersion = median(samples.rcloneVersion);
      const rcloneLs = median(samples.rcloneLs);
      log(`rclone: version ${round(rcloneVersion, 3)} s; lsf of a local folder ${round(rcloneLs, 3)} s`);
      Object.assign(figures, {
        peer_rclone_version_s: round(rcloneVersion, 3),
        peer_rclone_ls_s: round(rcloneLs, 3),
        peer_cli_help_ratio: round(rcloneVersion / help, 3),
        peer_cli_ls_ratio: round(rcloneLs / ls, 3),
      });
    }
    return figures;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(fileURLToPath(import.meta.url))) {
  const runsArgument = process.argv.indexOf('--runs');
  const record = await measureCliStart({
    ...(runsArgument > 0 ? { runs: Number(process.argv[runsArgument + 1]) } : {}),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  process.stdout.write(`${JSON.stringify(record)}\n`);
}
