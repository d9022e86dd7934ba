/**
 * The whole service on a private data dir with local-folder accounts (five
 * by default) and any other accounts a test adds, with the default 3-of-5,
 * happy 4 encoding, for the tests that go through the API: uploads and
 * downloads as jobs, checks, health passes. Secrets go to the encrypted
 * secrets file, so no keychain is needed.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseCap, storageIndexOf } from '../../engine/chk';
import { base32Encode } from '../../engine/chk/base32';
import type { AccountInput } from '../../shared/accounts';
import { parseInput } from '../../shared/api';
import { RaicService } from '../../service/raic-service';
import { sha256OfFile } from './digest';

export interface ServiceGrid {
  service: RaicService;
  scratch: string;
  /** Folders of the local accounts, in the order added (they come first). */
  accountRoots: string[];
  close(): Promise<void>;
}

export interface ServiceGridOptions {
  locals?: number;
  /** Accounts added after the local ones. */
  others?: AccountInput[];
  log?: (line: string) => void;
}

export async function openServiceGrid(name: string, options: ServiceGridOptions = {}): Promise<ServiceGrid> {
  const scratch = await mkdtemp(path.join(tmpdir(), `raic-${name}-`));
  const service = await RaicService.open(path.join(scratch, 'data'), {
    log: options.log ?? (() => undefined),
    backupDebounceMs: 600_000,
    useSecretsFile: true,
    passphrase: async () => 'reliability-suite-passphrase',
  });
  // The background monitor stays off: the tests start their own health checks, so its timing cannot blur what they measure.
  service.startBackground({ monitor: false });
  for (const account of (await service.getStatus()).accounts) await service.removeAccount({ id: account.id });
  const accountRoots = Array.from({ length: options.locals ?? 5 }, (_, i) => path.join(scratch, `account-${i}`));
  for (const [i, root] of accountRoots.entries()) {
    await service.addAccount(parseInput('addAccount', { provider: 'local', name: `Disk ${i}`, path: root }));
  }
  for (const account of options.others ?? []) await service.addAccount(parseInput('addAccount', account));
  return {
    service,
    scratch,
    accountRoots,
    async close() {
      await service.close();
      await rm(scratch, { recursive: true, force: true });
    },
  };
}

/** Uploads files (name -> bytes) into "/" and waits; returns the jobs' final states by name. */
export async function uploadFiles(grid: ServiceGrid, files: Map<string, Buffer>): Promise<Map<string, string>> {
  const jobs = await queueUploads(grid, files);
  await grid.service.jobsIdle();
  return new Map(jobs.map((job) => [job.title, grid.service.getJob(job.id)?.state ?? 'missing']));
}

/** Queues uploads of files (name -> bytes) into "/" without waiting for them; returns the jobs. */
export async function queueUploads(grid: ServiceGrid, files: Map<string, Buffer>): Promise<{ id: string; title: string }[]> {
  const source = path.join(grid.scratch, 'source');
  await mkdir(source, { recursive: true });
  for (const [name, bytes] of files) await writeFile(path.join(source, name), bytes);
  const { jobs } = await grid.service.uploadPaths(parseInput('uploadPaths', { sources: [...files.keys()].map((n) => path.join(source, n)), folder: '/' }));
  return jobs;
}

let downloads = 0;

/** Downloads a catalog path to a new file and returns its SHA-256 (or the job's error). */
export async function downloadDigest(grid: ServiceGrid, catalogPath: string): Promise<{ digest?: string; error?: string }> {
  const destination = path.join(grid.scratch, `download-${downloads++}`);
  const job = await grid.service.downloadToPath({ path: catalogPath, destination });
  await grid.service.jobsIdle();
  const done = grid.service.getJob(job.id);
  if (done?.state !== 'done') return { error: done?.error ?? `job ${done?.state ?? 'missing'}` };
  const digest = await sha256OfFile(destination);
  await rm(destination);
  return { digest };
}

/** Base32 storage index of a stored file (from its cap in the catalog). */
export async function storageIndexOfPath(grid: ServiceGrid, catalogPath: string): Promise<string> {
  const { cap } = await grid.service.getFile({ path: catalogPath });
  const parsed = parseCap(cap);
  if (parsed.kind === 'LIT') throw new Error(`${catalogPath} is a literal file: it has no shares`);
  return base32Encode(storageIndexOf(parsed));
}
