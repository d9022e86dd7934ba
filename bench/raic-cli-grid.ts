/**
 * RAIC as a user runs it, for the peer benchmarks: a data dir whose grid is
 * exactly the given accounts and encoding (set up through the API, as the
 * setup wizard does), then `raic upload SOURCE --to FOLDER` and
 * `raic get PATH OUT` run in this process through the CLI's own command
 * modules, each opening and closing the service as `raic` does (so the
 * catalog backup flush at close is counted), without the few hundred ms of
 * starting Node and tsx that a compiled peer does not pay.
 * Account secrets go to the passphrase-encrypted secrets file (no keychain).
 */
import { Writable } from 'node:stream';
import type { AccountInput } from '../shared/accounts';
import { parseInput } from '../shared/api';
import { RaicService } from '../service/raic-service';
import type { MainContext } from '../cli/main-context';
import { run as runUpload } from '../cli/commands/upload';
import { run as runGet } from '../cli/commands/get';

const BENCH_PASSPHRASE = 'raic-bench-only-passphrase';

function openService(dataDir: string): Promise<RaicService> {
  return RaicService.open(dataDir, {
    holderName: 'raic bench',
    useSecretsFile: true,
    passphrase: async () => BENCH_PASSPHRASE,
    log: (line) => process.stderr.write(`raic service: ${line}\n`),
  });
}

/** Creates the data dir with only `accounts` (the default local folders removed) at `encoding`. */
export async function makeRaicGrid(dataDir: string, accounts: AccountInput[], encoding: { needed: number; happy: number; total: number }): Promise<void> {
  const service = await openService(dataDir);
  try {
    const defaults = (await service.getStatus()).accounts;
    for (const account of accounts) await service.addAccount(parseInput('addAccount', account));
    for (const account of defaults) await service.removeAccount({ id: account.id });
    await service.setEncoding({ encoding });
  } finally {
    await service.close();
  }
}

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.text += chunk.toString('utf8');
    callback();
  }
}

/** Runs one `raic` subcommand module in-process the way cli/main.ts does; throws with its output unless it exits 0. */
async function runCommand(name: string, run: (argv: string[], ctx: MainContext) => Promise<number>, argv: string[], dataDir: string): Promise<string> {
  const stdout = new Collect();
  const stderr = new Collect();
  let service: RaicService | undefined;
  const ctx: MainContext = {
    stdout,
    stderr,
    dataDir,
    async openService() {
      service ??= await openService(dataDir);
      return service;
    },
    async openGrid() {
      return (await ctx.openService()).openGrid();
    },
  };
  try {
    const code = await run(argv, ctx);
    if (code !== 0) throw new Error(`raic ${name} ${argv.join(' ')} exited ${code}: ${stderr.text.slice(-2000)}`);
    return stdout.text;
  } finally {
    await service?.close().catch(() => undefined);
  }
}

/** Seconds `raic upload SOURCE --to FOLDER` takes. */
export async function raicUpload(dataDir: string, source: string, folder: string): Promise<number> {
  return (await raicUploadCounted(dataDir, source, folder)).seconds;
}

/** The same, with how many jobs it ran and how many attempts they took (more attempts than jobs: some failed and were retried). */
export async function raicUploadCounted(dataDir: string, source: string, folder: string): Promise<{ seconds: number; jobs: number; attempts: number }> {
  const started = performance.now();
  const output = await runCommand('upload', runUpload, [source, '--to', folder, '--json'], dataDir);
  const seconds = (performance.now() - started) / 1000;
  const { jobs } = JSON.parse(output) as { jobs: Array<{ attempts: number }> };
  return { seconds, jobs: jobs.length, attempts: jobs.reduce((sum, job) => sum + job.attempts, 0) };
}

/** Seconds `raic get PATH OUT` takes (a folder restores into OUT, a file becomes OUT). */
export async function raicGet(dataDir: string, path: string, out: string): Promise<number> {
  const started = performance.now();
  await runCommand('get', runGet, [path, out], dataDir);
  return (performance.now() - started) / 1000;
}
