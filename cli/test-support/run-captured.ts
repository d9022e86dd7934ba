/**
 * For tests: runs a subcommand the way main() does (a real service over a
 * data dir, opened on demand) but with stdout and stderr captured and
 * standard input supplied as text, which main() cannot take.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach } from 'vitest';
import type { MainContext } from '../main-context';
import type { StdinContext } from '../prompt/stdin';
import { Capture } from './commands';
import { RaicService } from '../../service/raic-service';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export type SubcommandModuleRun = (argv: string[], ctx: MainContext) => Promise<number>;

export async function runCaptured(run: SubcommandModuleRun, argv: string[], options: { dataDir: string; stdin?: string }): Promise<CapturedRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  let service: RaicService | undefined;
  const ctx: MainContext & StdinContext = {
    stdout,
    stderr,
    dataDir: options.dataDir,
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin, 'utf8')]),
    async openService() {
      service ??= await RaicService.open(options.dataDir, { log: () => undefined });
      return service;
    },
    async openGrid() {
      return (await ctx.openService()).openGrid();
    },
  };
  const code = await run(argv, ctx);
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** A fresh folder for one test: the data dir inside it, and room beside it for account folders and files to upload. */
export async function makeTempRoot(name: string): Promise<{ root: string; dataDir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), `raic-cli-${name}-`));
  return { root, dataDir: join(root, 'data'), cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** Gives each test of the file its own temp root (made before, removed after); read `root` and `dataDir` inside tests. */
export function useTempRoot(name: string): { readonly root: string; readonly dataDir: string } {
  let current: Awaited<ReturnType<typeof makeTempRoot>> | undefined;
  beforeEach(async () => {
    current = await makeTempRoot(name);
  });
  afterEach(() => current?.cleanup());
  const required = () => {
    if (!current) throw new Error('useTempRoot: read root and dataDir inside a test');
    return current;
  };
  return {
    get root() {
      return required().root;
    },
    get dataDir() {
      return required().dataDir;
    },
  };
}
