/** Shared fixtures for the CLI subcommand tests: captured output and a grid of local folders. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CommandContext, OpenGrid } from '../context';
import { LocalFolderStorageServer } from '../../engine/storage/local';

/** A stream that keeps what a command printed. */
export class Capture extends Writable {
  chunks: Buffer[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    callback();
  }
  get text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export interface CliTestGrid {
  root: string;
  local: LocalFolderStorageServer[];
  grid: OpenGrid;
}

/** `serverCount` local-folder servers in a fresh temp dir, with small segments so files span several. */
export async function makeCliTestGrid(
  name: string,
  serverCount: number,
  encoding: { needed: number; happy: number; total: number },
): Promise<CliTestGrid> {
  const root = await mkdtemp(join(tmpdir(), `raic-cli-${name}-`));
  const local = Array.from(
    { length: serverCount },
    (_, i) => new LocalFolderStorageServer({ serverId: `s${i}`, nickname: `acct${i}`, root: join(root, `s${i}`) }),
  );
  const grid: OpenGrid = {
    servers: local,
    encoding: { ...encoding, maxSegmentSize: 64 * 1024 },
    convergence: new Uint8Array(16).fill(3),
    leaseSecret: new Uint8Array(32).fill(4),
  };
  return { root, local, grid };
}

/** A command context over `grid` (optionally with only some of its servers), capturing stdout and stderr. */
export function cliContext(grid: OpenGrid | undefined, servers = grid?.servers): { ctx: CommandContext; stdout: Capture; stderr: Capture } {
  const stdout = new Capture();
  const stderr = new Capture();
  const openGrid = async () => {
    if (!grid || !servers) throw new Error('this test opened no grid');
    return { ...grid, servers };
  };
  return { ctx: { stdout, stderr, openGrid }, stdout, stderr };
}
