/**
 * Small-file upload speed: N files of 100 KB uploaded as one folder
 * (`uploadPaths`) into a fresh data folder, so on the default grid RAIC
 * creates there (five local folders, 3-of-5), waiting until every job is done.
 * Beside it, in the same run and on the same disk, the ceiling: writing and
 * fsyncing the same number of share-sized files (N x 5, each renamed into
 * place and its folder fsynced, as a durable share is), with a few in flight.
 *
 *   npx tsx bench/small-upload.ts [--quick] [--files N]
 *
 * MB = 10^6 bytes.
 */
import { randomFillSync } from 'node:crypto';
import { mkdir, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RaicService } from '../service/raic-service';

export interface SmallUploadBenchOptions {
  files?: number;
  fileBytes?: number;
  /** Where the data folder and the source files go (default: the system's temporary folder). */
  dir?: string;
  log?: (line: string) => void;
}

const FILE_BYTES = 100_000;

export async function measureSmallUpload(options: SmallUploadBenchOptions = {}): Promise<Record<string, number | string | boolean>> {
  const files = options.files ?? 1000;
  const fileBytes = options.fileBytes ?? FILE_BYTES;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = await mkdtemp(path.join(options.dir ?? tmpdir(), 'raic-bench-small-'));
  try {
    const sourceDir = path.join(root, 'photos');
    await mkdir(sourceDir);
    const content = Buffer.alloc(fileBytes);
    for (let i = 0; i < files; i++) {
      randomFillSync(content); // distinct files: convergent encryption would store identical ones once
      await writeFile(path.join(sourceDir, `photo-${String(i).padStart(5, '0')}.jpg`), content);
    }
    log(`small-upload: ${files} files of ${fileBytes} bytes written; uploading`);

    const { seconds, cpuSeconds, failed, shares } = await uploadIntoFreshDataFolder(path.join(root, 'data'), sourceDir);
    if (failed > 0) throw new Error(`small-upload: ${failed} of ${files} uploads did not finish`);
    log(`small-upload: ${files} files in ${seconds.toFixed(2)} s`);
    // The same files into a default grid whose five folders each have a size limit (far from reached):
    // a limit must not cost a walk of the folder per file (stored-bytes-tally.ts), which made this quadratic.
    const limited = await uploadIntoFreshDataFolder(path.join(root, 'data-limited'), sourceDir, 10e9);
    if (limited.failed > 0) throw new Error(`small-upload: ${limited.failed} of ${files} uploads into limited folders did not finish`);
    log(`small-upload: ${files} files into size-limited folders in ${limited.seconds.toFixed(2)} s`);

    const shareBytes = Math.ceil(fileBytes / 3) + 2048; // 3-of-5 shares plus hash trees, near enough for the ceiling
    const ceilingSeconds = await durableSmallWrites(path.join(root, 'ceiling'), files * shares, shareBytes);
    log(`small-upload: ceiling ${files * shares} durable files in ${ceilingSeconds.toFixed(2)} s`);
    return {
      small_upload_files_per_s: round(files / seconds),
      small_upload_seconds: round(seconds),
      // CPU of this process (both cores' worth, threads included) per file: a figure the shared machine's load does not change much.
      small_upload_cpu_ms_per_file: round((cpuSeconds * 1000) / files),
      small_upload_files: files,
      small_upload_file_bytes: fileBytes,
      small_upload_ceiling_files_per_s: round(files / ceilingSeconds),
      small_upload_ceiling_seconds: round(ceilingSeconds),
      small_upload_limited_files_per_s: round(files / limited.seconds),
      // Against the unlimited run just before it: near 1 when a size limit costs nothing per file.
      small_upload_limited_over_unlimited: round(seconds / limited.seconds),
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Uploads the folder into a new data folder on the default grid (each folder account limited to `limitBytes` if given), waiting for every job. */
async function uploadIntoFreshDataFolder(dataDir: string, sourceDir: string, limitBytes?: number): Promise<{ seconds: number; cpuSeconds: number; failed: number; shares: number }> {
  const service = await RaicService.open(dataDir, { log: () => undefined, backupDebounceMs: 60_000, backupMaxWaitMs: 600_000 });
  try {
    if (limitBytes !== undefined) {
      for (const account of (await service.getStatus()).accounts) await service.editAccount({ id: account.id, changes: { sizeLimitBytes: limitBytes } });
    }
    service.startBackground({ monitor: false });
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const { jobs } = await service.uploadPaths({ sources: [sourceDir], folder: '/' });
    await service.jobsIdle();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    return {
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      failed: jobs.filter((job) => service.getJob(job.id)?.state !== 'done').length,
      shares: (await service.openGrid()).encoding.total,
    };
  } finally {
    await service.close();
  }
}

/** Seconds to store `count` files of `bytes` durably (write, fsync, rename, fsync the folder), 8 at a time. */
async function durableSmallWrites(dir: string, count: number, bytes: number): Promise<number> {
  await mkdir(path.join(dir, 'incoming'), { recursive: true });
  await mkdir(path.join(dir, 'final'), { recursive: true });
  const data = randomFillSync(Buffer.alloc(bytes));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      const incoming = path.join(dir, 'incoming', String(i));
      const handle = await open(incoming, 'w');
      await handle.write(data, 0, bytes, 0);
      await handle.sync();
      await handle.close();
      await rename(incoming, path.join(dir, 'final', String(i)));
      const folder = await open(path.join(dir, 'final'), 'r');
      await folder.sync();
      await folder.close();
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 8 }, worker));
  return (performance.now() - started) / 1000;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('small-upload.ts')) {
  const args = process.argv.slice(2);
  const filesArg = args.indexOf('--files');
  const files = filesArg >= 0 ? Number(args[filesArg + 1]) : args.includes('--quick') ? 200 : 1000;
  const result = await measureSmallUpload({ files });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
