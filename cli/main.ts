/**
 * `raic`: the command line. Global option --data-dir (or RAIC_DATA_DIR) picks
 * the grid; each subcommand lives in its own module. Errors a user can act on
 * are one line on stderr; stack traces only with RAIC_DEBUG=1.
 */
import type { MainContext } from './main-context';
import { resolveDataDir } from '../service/data-dir';
import type { RaicService } from '../service/raic-service';

const USAGE = `usage: raic [--data-dir DIR] <command> [options]

commands:
  serve [--port P] [--host H] [--new-token]
                                serve the RAIC web UI and API on 127.0.0.1 (headless mode); the address's token is kept across restarts
  token rotate                  replace the web UI's access token (old addresses stop working)
  cap FILE --convergence B64 --needed K --total N --segment-size S
                                print the cap FILE would get, storing nothing
  put FILE [--to PATH]          upload FILE to the grid and list it at PATH; prints its read cap
  get CAP [OUT]                 download a file by its cap (to OUT or stdout)
  get PATH OUT [--overwrite|--skip] [--json]
                                restore a file or folder of your RAIC files into OUT
  check CAP [--verify] [--repair] [--json]
                                check, verify and repair a file's shares
  account add|list|test|edit|remove ...
                                manage storage accounts (raic account for details)
  status [--json]               grid health, encoding, files, accounts, recovery backup
  usage [--json]                storage used (measured on each account, by what it is for) and monthly cost
  gc [--json] [--orphans | --remove-orphans]
                                renew leases, give up what nothing lists, remove expired shares; prints what it freed
  ls [FOLDER] [-l] [--json]     list a folder of your RAIC files
  upload SOURCE... [--to FOLDER] [--on-clash replace|keep-both|skip] [--json]
                                store files and folders, printing each path and cap
  rm PATH... [--permanently]    move files and folders to the trash
  trash [list|restore PATH|empty|keep DAYS] [--json]
                                what was deleted; bring it back or free its space
  versions PATH [--json] | versions restore PATH --version N
                                a file's earlier versions (kept when an upload replaces it)
  mv SRC DST [--json] | mv SRC... FOLDER
                                move or rename files and folders of your RAIC files
  mkdir PATH...                 create folders in your RAIC files
  jobs [cancel ID | clear] [--json]
                                background jobs and their progress
  events [--limit N] [--severity S] [--account A] [--json]
                                the grid's health and activity log
  recovery-key [--out FILE] [--json]
                                show the recovery key, or save it to a new file
  recovery restore (--key-file FILE | --words-stdin) [--json]
                                bring back your file list from the catalog backup
  robustness [--target survive-N|nines-N] [--json]
                                what the grid survives, loss probability, availability, cost
  encoding [NEEDED/HAPPY/TOTAL] [--reencode] [--json]
                                show or change how files are split into shares
  reencode [--status] [--json]  store files that use an older encoding again with the current one
  gbs serve --account NAME [--port P] [--host H] [--advertise HOST]
                                serve an account to Tahoe-LAFS clients over GBS (HTTP storage protocol); prints its NURL and servers.yaml entry

raic COMMAND --help shows a command's own options.
--data-dir DIR (or RAIC_DATA_DIR) chooses where the grid lives.
--secrets-file keeps account keys in a passphrase-encrypted file instead of the OS keychain
(for machines without one); --passphrase-stdin reads its passphrase from standard input,
--passphrase-file FILE (or RAIC_PASSPHRASE_FILE=FILE) from the first line of a private file.`;

/** A subcommand module: its run function and its usage text, which `raic COMMAND --help` prints. */
interface SubcommandModule {
  run: (argv: string[], ctx: MainContext) => Promise<number>;
  USAGE: string;
  /** A longer help than the usage line, where the command has one. */
  HELP?: string;
}
type SubcommandLoader = () => Promise<SubcommandModule>;

const SUBCOMMANDS: Record<string, SubcommandLoader> = {
  serve: () => import('./commands/serve'),
  token: () => import('./commands/token'),
  cap: () => import('./commands/cap'),
  put: () => import('./commands/put'),
  get: () => import('./commands/get'),
  check: () => import('./commands/check'),
  account: () => import('./commands/account'),
  status: () => import('./commands/status'),
  usage: () => import('./commands/usage'),
  gc: () => import('./commands/gc'),
  ls: () => import('./commands/ls'),
  upload: () => import('./commands/upload'),
  rm: () => import('./commands/rm'),
  trash: () => import('./commands/trash'),
  versions: () => import('./commands/versions'),
  mv: () => import('./commands/mv'),
  mkdir: () => import('./commands/mkdir'),
  jobs: () => import('./commands/jobs'),
  events: () => import('./commands/events'),
  'recovery-key': async () => {
    const recovery = await import('./commands/recovery');
    return { run: recovery.runRecoveryKey, USAGE: recovery.KEY_USAGE };
  },
  recovery: () => import('./commands/recovery'),
  robustness: () => import('./commands/robustness'),
  encoding: () => import('./commands/encoding'),
  reencode: () => import('./commands/reencode'),
  gbs: () => import('./commands/gbs'),
};

export const SUBCOMMAND_NAMES = Object.keys(SUBCOMMANDS);

/**
 * Whether the user asked for a command's help. Each command parses its own
 * options strictly (a typo is an error), so --help would be refused as an
 * unknown option there: main answers it first, for every command alike,
 * before anything is opened. Only arguments before a `--` count.
 */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** Pulls the global options (--data-dir, --secrets-file, --passphrase-stdin) out wherever they stand, so every subcommand accepts them. */
export function extractDataDir(argv: string[]): {
  dataDir?: string;
  rest: string[];
  error?: string;
  secretsFile: boolean;
  passphraseStdin: boolean;
  passphraseFile?: string;
} {
  const rest: string[] = [];
  let dataDir: string | undefined;
  let secretsFile = false;
  let passphraseStdin = false;
  let passphraseFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--secrets-file') secretsFile = true;
    else if (arg === '--passphrase-stdin') passphraseStdin = true;
    else if (arg === '--passphrase-file' || arg.startsWith('--passphrase-file=')) {
      const value = arg === '--passphrase-file' ? argv[++i] : arg.slice('--passphrase-file='.length);
      if (!value || value.startsWith('--')) return { rest, error: '--passphrase-file needs the path of a file holding the passphrase', secretsFile, passphraseStdin };
      passphraseFile = value;
    }
    else if (arg === '--data-dir') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { rest, error: '--data-dir needs a folder', secretsFile, passphraseStdin };
      dataDir = value;
      i++;
    } else if (arg.startsWith('--data-dir=')) {
      dataDir = arg.slice('--data-dir='.length);
    } else {
      rest.push(arg);
    }
  }
  return { dataDir, rest, secretsFile, passphraseStdin, passphraseFile };
}

export async function main(argv: string[], io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream } = process): Promise<number> {
  const { dataDir, rest, error, secretsFile, passphraseStdin, passphraseFile = process.env.RAIC_PASSPHRASE_FILE || undefined } = extractDataDir(argv);
  if (error) {
    io.stderr.write(`raic: ${error}\n${USAGE}\n`);
    return 2;
  }
  if (passphraseStdin && rest.includes('--secrets-stdin')) {
    io.stderr.write(
      'raic: --passphrase-stdin and --secrets-stdin both want standard input; give the passphrase in a private file instead: --passphrase-file FILE (or RAIC_PASSPHRASE_FILE=FILE)\n',
    );
    return 2;
  }
  const [name, ...args] = rest;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    (name ? io.stdout : io.stderr).write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const load = SUBCOMMANDS[name];
  if (!load) {
    io.stderr.write(`raic: unknown command "${name}"\n${USAGE}\n`);
    return 2;
  }
  if (asksForHelp(args)) {
    const command = await load();
    io.stdout.write(`${command.HELP ?? command.USAGE}\n`);
    return 0;
  }
  const resolvedDataDir = resolveDataDir(dataDir);
  let opening: Promise<RaicService> | undefined;
  const ctx: MainContext = {
    stdout: io.stdout,
    stderr: io.stderr,
    dataDir: resolvedDataDir,
    openService() {
      // Loaded here, not at the top: `raic --help`, a command's --help and the
      // commands that never open the grid (cap) start without the service,
      // SQLite and the keychain (the bundle keeps each import() a chunk).
      opening ??= (async () => {
        const [{ RaicService }, { passphraseSource }] = await Promise.all([import('../service/raic-service'), import('./secrets-passphrase')]);
        return RaicService.open(resolvedDataDir, {
          holderName: `raic ${name}`,
          useSecretsFile: secretsFile,
          passphrase: passphraseSource({ dataDir: resolvedDataDir, useSecretsFile: secretsFile, fromStdin: passphraseStdin, fromFile: passphraseFile, stdin: process.stdin, stderr: io.stderr }),
        });
      })();
      return opening;
    },
    async openGrid() {
      return (await ctx.openService()).openGrid();
    },
    async recordUpload(report, target, sourceModifiedAt) {
      (await ctx.openService()).recordUpload(report, target, sourceModifiedAt);
    },
  };
  try {
    const { run } = await load();
    return await run(args, ctx);
  } catch (failure) {
    const message = failure instanceof Error ? failure.message : String(failure);
    io.stderr.write(`raic ${name}: ${message}\n`);
    if (process.env.RAIC_DEBUG === '1' && failure instanceof Error) io.stderr.write(`${failure.stack}\n`);
    return 1;
  } finally {
    // Flushes the catalog backup and closes the catalog (closing twice is harmless); a service that failed to open has nothing to close.
    await opening?.then((service) => service.close()).catch(() => undefined);
  }
}
