/**
 * Restoring many small files from the default local grid (five local
 * folders, 3-of-5), measured in a child process of its own so its peak
 * resident memory is the restore's alone (as bench/phase.ts does):
 *
 * - `small_restore_files_per_s`: a folder of 1,000 files of 100 KB restored
 *   by the service's folder restore (what `raic get PATH OUT` and the restore
 *   job run), beside its ceiling `small_restore_copy_files_per_s`: a plain
 *   copy of the same files by the same kind of child, each written to a
 *   temporary name, synced and renamed (what a safe restore must do anyway).
 * - `restore_peak_rss_MB`: the peak RSS of the process restoring 10,000 files
 *   of 10 KB, beside `restore_rss_copy_peak_MB`, the peak of a child copying
 *   the same files (what Node, tsx and the service's code cost before any
 *   restore work).
 *
 *   npx tsx bench/small-restore.ts [--quick]   prints the record as JSON
 *
 * --quick restores 200 files of 100 KB and 2,000 of 10 KB (the record says
 * how many), to check the module runs; the goals are for the full counts.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileByteSource, uploadFile, type UploadReport } from '../engine/grid';
import { RaicService } from '../service/raic-service';

export interface SmallRestoreOptions {
  quick?: boolean;
  log?: (line: string) => void;
}

interface ChildFigures {
  seconds: number;
  files: number;
  bytes: number;
  /** The process's own peak resident set (VmHWM), MB of 10^6 bytes. */
  peakRssMB: number;
}

/** Files written (and read) at once by the copy ceiling: as many as the restore keeps going. */
const COPY_CONCURRENCY = 8;
const UPLOAD_CONCURRENCY = 4;
/**
 * Different contents in each set (see storeFolder): an upload costs this
 * machine about 0.3 s of CPU per file today, so storing 11,000 distinct files
 * would take most of an hour; the restore reads and writes every file all
 * the same (nothing in it is shared between files of the same content).
 */
const DISTINCT_CONTENTS = 100;
const here = fileURLToPath(import.meta.url);
const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

export async function measureSmallRestore(options: SmallRestoreOptions = {}): Promise<Record<string, number | string | boolean>> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const speedFiles = options.quick ? 200 : 1000;
  const rssFiles = options.quick ? 2000 : 10_000;
  const root = await mkdtemp(path.join(tmpdir(), 'raic-small-restore-'));
  try {
    const dataDir = path.join(root, 'data');
    log(`small restore: writing ${speedFiles} files of 100 KB and ${rssFiles} of 10 KB, storing them on the default grid in ${dataDir}...`);
    const speedSource = path.join(root, 'source-100k');
    const rssSource = path.join(root, 'source-10k');
    await writeSmallFiles(speedSource, speedFiles, 100_000, DISTINCT_CONTENTS);
    await writeSmallFiles(rssSource, rssFiles, 10_000, DISTINCT_CONTENTS);
    const storeStarted = performance.now();
    await storeFolder(dataDir, speedSource, '/speed');
    await storeFolder(dataDir, rssSource, '/many');
    log(`stored ${speedFiles + rssFiles} files in ${round((performance.now() - storeStarted) / 1000)} s`);

    log('restoring the 100 KB files (child process)...');
    const restore = await runChild(['restore', dataDir, '/speed', path.join(root, 'restored-100k')]);
    await expectSameFiles(speedSource, path.join(root, 'restored-100k'));
    const copy = await runChild(['copy', speedSource, path.join(root, 'copied-100k')]);
    // The same restore one file at a time, as restores ran before: what the files in flight bring.
    const serial = await runChild(['restore', dataDir, '/speed', path.join(root, 'restored-100k-serial'), '1']);
    log(`restore ${round(restore.files / restore.seconds)} files/s (one at a time: ${round(serial.files / serial.seconds)}), plain copy with fsync ${round(copy.files / copy.seconds)} files/s`);

    log(`restoring the ${rssFiles} files of 10 KB (child process)...`);
    const many = await runChild(['restore', dataDir, '/many', path.join(root, 'restored-10k')]);
    await expectSameFiles(rssSource, path.join(root, 'restored-10k'));
    const manyCopy = await runChild(['copy', rssSource, path.join(root, 'copied-10k')]);
    log(`restore peak RSS ${round(many.peakRssMB)} MB (copy ${round(manyCopy.peakRssMB)} MB); ${round(many.files / many.seconds)} files/s`);

    return {
      small_restore_files_per_s: round(restore.files / restore.seconds),
      small_restore_files: restore.files,
      small_restore_seconds: round(restore.seconds, 2),
      small_restore_copy_files_per_s: round(copy.files / copy.seconds),
      small_restore_copy_seconds: round(copy.seconds, 2),
      small_restore_one_at_a_time_files_per_s: round(serial.files / serial.seconds),
      restore_peak_rss_MB: round(many.peakRssMB),
      restore_peak_rss_files: many.files,
      small_restore_distinct_contents: DISTINCT_CONTENTS,
      restore_rss_files_per_s: round(many.files / many.seconds),
      restore_rss_copy_peak_MB: round(manyCopy.peakRssMB),
      restore_rss_copy_files_per_s: round(manyCopy.files / manyCopy.seconds),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * `count` files of random bytes, each with its own modification time (the
 * restore must give it back); file i holds content number i % `distinct`
 * (every content is stored once, however many files hold it: see storeFolder).
 */
async function writeSmallFiles(folder: string, count: number, size: number, distinct = count): Promise<void> {
  await mkdir(folder, { recursive: true });
  const base = Date.UTC(2024, 0, 1) / 1000;
  const contents = Array.from({ length: Math.min(count, distinct) }, () => randomBytes(size));
  for (let i = 0; i < count; i++) {
    const file = path.join(folder, `f${String(i).padStart(5, '0')}.bin`);
    await writeFile(file, contents[i % contents.length]!);
    await utimes(file, base + i, base + i);
  }
}

/**
 * Uploads every file of `source` straight through the engine (a few at once)
 * and lists it under `target` (setting up; not measured). Files whose bytes
 * were already uploaded are listed with that upload's cap (what an upload of
 * them would give, convergent encryption being deterministic) instead of
 * being encoded again: storing 10,000 small files one by one would take
 * minutes of setting up. The restore still reads and writes every file.
 */
async function storeFolder(dataDir: string, source: string, target: string): Promise<void> {
  const service = await RaicService.open(dataDir, { log: () => undefined });
  try {
    const grid = await service.openGrid();
    const names = (await readdir(source)).sort();
    const uploaded = new Map<string, Promise<UploadReport>>();
    const upload = async (file: string): Promise<UploadReport> => {
      const bytes = await fileByteSource(file);
      try {
        return await uploadFile(grid.servers, bytes, { encoding: grid.encoding, convergence: grid.convergence, leaseSecret: grid.leaseSecret });
      } finally {
        await bytes.close();
      }
    };
    let next = 0;
    const worker = async () => {
      while (next < names.length) {
        const name = names[next++]!;
        const file = path.join(source, name);
        const digest = createHash('sha256').update(await readFile(file)).digest('hex');
        let report = uploaded.get(digest);
        if (!report) uploaded.set(digest, (report = upload(file)));
        service.recordUpload(await report, `${target}/${name}`, Math.round((await stat(file)).mtimeMs));
      }
    };
    await Promise.all(Array.from({ length: UPLOAD_CONCURRENCY }, worker));
  } finally {
    await service.close();
  }
}

/** Every file of `source` is in `restored` with the same bytes and modification time. */
async function expectSameFiles(source: string, restored: string): Promise<void> {
  const names = (await readdir(source)).sort();
  const got = (await readdir(restored)).sort();
  if (got.join('/') !== names.join('/')) throw new Error(`the restore holds ${got.length} files, the source ${names.length}`);
  for (const name of names) {
    const [a, b] = [path.join(source, name), path.join(restored, name)];
    if (!(await readFile(a)).equals(await readFile(b))) throw new Error(`${name} differs after the restore`);
    if (Math.round((await stat(a)).mtimeMs) !== Math.round((await stat(b)).mtimeMs)) throw new Error(`${name} lost its modification time`);
  }
}

function runChild(args: string[]): Promise<ChildFigures> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', here, '--child', ...args], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`small-restore child ${args[0]} failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildFigures);
    });
  });
}

// ---- the child processes ----

async function childRestore(dataDir: string, folder: string, out: string, concurrency?: number): Promise<Omit<ChildFigures, 'peakRssMB'>> {
  const service = await RaicService.open(dataDir, { log: () => undefined });
  try {
    const started = performance.now();
    const result = await service.restoreTree({ folder, destination: out, concurrency });
    const seconds = (performance.now() - started) / 1000;
    if (result.failed.length > 0 || result.restored !== result.filesTotal) throw new Error(`restored ${result.restored} of ${result.filesTotal}: ${JSON.stringify(result.failed.slice(0, 3))}`);
    return { seconds, files: result.restored, bytes: result.bytesRestored };
  } finally {
    await service.close();
  }
}

/** The ceiling: read each file, write it to a temporary name, give it its time, sync, rename; COPY_CONCURRENCY at once. */
async function childCopy(source: string, out: string): Promise<Omit<ChildFigures, 'peakRssMB'>> {
  await mkdir(out, { recursive: true });
  const names = await readdir(source);
  const started = performance.now();
  let next = 0;
  let bytes = 0;
  const worker = async () => {
    while (next < names.length) {
      const name = names[next++]!;
      const from = path.join(source, name);
      const data = await readFile(from);
      const info = await stat(from);
      const temp = path.join(out, `.copy-${name}`);
      const handle = await open(temp, 'wx');
      try {
        await handle.write(data);
        await handle.utimes(info.atime, info.mtime);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(temp, path.join(out, name));
      bytes += data.length;
    }
  };
  await Promise.all(Array.from({ length: COPY_CONCURRENCY }, worker));
  return { seconds: (performance.now() - started) / 1000, files: names.length, bytes };
}

async function ownPeakRssMB(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8').catch(() => '');
  const kiB = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  // Linux carries the parent's maxRSS across fork+exec, so VmHWM (this process's own high-water mark) is the figure.
  return Number.isFinite(kiB) ? (kiB * 1024) / 1e6 : (process.resourceUsage().maxRSS * 1024) / 1e6;
}

if (process.argv[1] && path.resolve(process.argv[1]) === here) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const [, mode, a, b, c, d] = argv;
    const figures = mode === 'restore' ? await childRestore(a!, b!, c!, d === undefined ? undefined : Number(d)) : mode === 'copy' ? await childCopy(a!, b!) : undefined;
    if (!figures) throw new Error(`unknown child mode ${mode}`);
    process.stdout.write(`${JSON.stringify({ ...figures, peakRssMB: await ownPeakRssMB() })}\n`);
  } else {
    const record = await measureSmallRestore({ quick: argv.includes('--quick') });
    process.stdout.write(`${JSON.stringify(record)}\n`);
  }
}
