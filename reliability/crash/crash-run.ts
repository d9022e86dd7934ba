/**
 * One seeded crash run: prepares a data dir and a source folder, lets the
 * victim process work, kills it after a seeded delay, then audits the data
 * dir in this process (see grid-audit.ts) and lets the interrupted work
 * finish. Returns the figures the test asserts on and records.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { RaicService } from '../../service/raic-service';
// The erasure tests' seeded generator (mulberry32): a failing run replays from its seed.
import { randomBytes, seededRandom } from '../../engine/test-support/erasure';
import { runVictim, type VictimMode } from './run-victim';
import {
  catalogIntegrity,
  collectIncomingNow,
  countIncomingFiles,
  missingSources,
  pendingJobs,
  readEveryListedFile,
  unfinishedJobs,
  within,
} from './grid-audit';

const RESUME_TIMEOUT_MS = 60_000;

export interface CrashOutcome {
  seed: number;
  killAfterMs: number;
  /** The work had finished before the kill landed. */
  finishedFirst: boolean;
  /** How long the work took when it finished before the kill (a fresh measure of its pace), else undefined. */
  workMs: number | undefined;
  integrity: string;
  listedAfterKill: number;
  lostAfterKill: string[];
  jobsLeftByKill: number;
  /** After startBackground + jobsIdle (and a repair pass in repair mode). */
  unfinishedAfterResume: string[];
  missingAfterResume: string[];
  lostAfterResume: string[];
  /** Repair mode: files not healthy after the resumed repair pass. */
  notHealthyAfterRepair: number;
  incomingAfterKill: number;
  /** Partial shares of the killed process still in incoming/ after startBackground's collection (which keeps young ones). */
  incomingAfterDefaultCollection: number;
  incomingCollectedNow: number;
  /** Incoming files once the audit's service has closed (its own uploads, the catalog backup's too, all ended). */
  incomingLeft: number;
  stderr: string;
}

/** A folder of a few small files: an empty one, a literal-sized one (stored in the cap) and some share-coded ones. */
export async function writeSourceFolder(dir: string, seed: number): Promise<Map<string, Buffer>> {
  const random = seededRandom(seed);
  const files = new Map<string, Buffer>();
  const sizes = [0, 1 + Math.floor(random() * 50), ...Array.from({ length: 3 }, () => 20_000 + Math.floor(random() * 230_000))];
  await fs.mkdir(path.join(dir, 'nested'), { recursive: true });
  for (const [i, size] of sizes.entries()) {
    const name = `f${i}-${seed}.bin`;
    const bytes = Buffer.from(randomBytes(size, random));
    files.set(name, bytes);
    await fs.writeFile(path.join(dir, i % 2 ? 'nested' : '', name), bytes);
  }
  return files;
}

/** Copies a prepared grid to a new data dir; grid.json holds the absolute paths of its local folders, so they are moved along. */
export async function cloneGrid(templateDir: string, dataDir: string): Promise<void> {
  await fs.cp(templateDir, dataDir, { recursive: true });
  const configFile = path.join(dataDir, 'grid.json');
  const config = await fs.readFile(configFile, 'utf8');
  await fs.writeFile(configFile, config.split(JSON.stringify(templateDir).slice(1, -1)).join(JSON.stringify(dataDir).slice(1, -1)));
}

/** Deletes every share a local folder holds, as a wiped disk would: the repair pass has to put them back. */
export async function wipeShares(dataDir: string, folders: readonly number[]): Promise<void> {
  for (const n of folders) {
    const shares = path.join(dataDir, 'local-storage', `folder-${n}`, 'shares');
    await fs.rm(shares, { recursive: true, force: true });
    await fs.mkdir(shares);
  }
}

export async function crashAndAudit(options: {
  mode: VictimMode;
  seed: number;
  dataDir: string;
  source: string;
  expected: ReadonlyMap<string, Buffer>;
  killAfterMs: number;
}): Promise<CrashOutcome> {
  const { mode, seed, dataDir, source, expected, killAfterMs } = options;
  const run = await runVictim(dataDir, mode, source, killAfterMs);
  const integrity = catalogIntegrity(dataDir);
  const incomingAfterKill = await countIncomingFiles(dataDir);
  const logs: string[] = [];
  const reopenedAt = Date.now();
  const service = await RaicService.open(dataDir, { log: (line) => logs.push(line), backupDebounceMs: 60_000 });
  try {
    const afterKill = await readEveryListedFile(service, expected);
    const jobsLeftByKill = await pendingJobs(service);
    service.startBackground({ monitor: false });
    await within(service.jobsIdle(), RESUME_TIMEOUT_MS, 'resuming the interrupted jobs');
    let notHealthyAfterRepair = 0;
    if (mode === 'repair') {
      await within(service.runHealthCheck({ repair: true }), RESUME_TIMEOUT_MS, 'the repair pass after the crash');
      notHealthyAfterRepair = service.catalog.allFiles().filter((f) => f.health !== 'healthy').length;
    }
    // startBackground's own collection is not awaited by anything public: a short wait lets it finish before counting.
    // Only what the killed process left is counted: the catalog backup may be uploading by now (see below).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const incomingAfterDefaultCollection = await countIncomingFiles(dataDir, { modifiedBefore: reopenedAt });
    const incomingCollectedNow = await collectIncomingNow(service);
    const afterResume = await readEveryListedFile(service, expected);
    const unfinishedAfterResume = await unfinishedJobs(service);
    const missingAfterResume = missingSources(service, expected);
    // Counted once the service has closed: the end of the resumed batch publishes the catalog
    // backup, an upload that runs past jobsIdle with its shares in incoming/ until they close
    // (on a loaded machine it was still running here, and its live shares were counted as left).
    // Closing waits for it; anything still in incoming/ then is left for good.
    await service.close();
    const incomingLeft = await countIncomingFiles(dataDir);
    return {
      seed,
      killAfterMs,
      finishedFirst: run.finished,
      workMs: run.finished ? run.elapsedMs : undefined,
      integrity,
      listedAfterKill: afterKill.listed,
      lostAfterKill: afterKill.lost,
      jobsLeftByKill,
      unfinishedAfterResume,
      missingAfterResume,
      lostAfterResume: afterResume.lost,
      notHealthyAfterRepair,
      incomingAfterKill,
      incomingAfterDefaultCollection,
      incomingCollectedNow,
      incomingLeft,
      stderr: run.stderr,
    };
  } finally {
    await service.close(); // a second call is a no-op
  }
}
