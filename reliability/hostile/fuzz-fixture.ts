/**
 * The grid the fuzz attacks: a temp root holding only the data dir, with one
 * stored file, one finished job and the default five local folders. Opened a
 * second time without background work, so that jobs the fuzz queues (uploads
 * of arbitrary paths, downloads to arbitrary destinations) are validated and
 * recorded but never run: the fuzz tests input handling, not the file system.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RaicService } from '../../service/raic-service';
import type { SampleContext } from './api-samples';

export interface FuzzFixture {
  root: string;
  dataDir: string;
  service: RaicService;
  samples: SampleContext;
  logs: string[];
  dispose(): Promise<void>;
}

export async function openFuzzFixture(): Promise<FuzzFixture> {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-fuzz-'));
  const dataDir = path.join(root, 'data');
  const sourceDir = path.join(dataDir, 'fixture-source');
  const spareFolder = path.join(dataDir, 'spare-folder');
  await mkdir(sourceDir, { recursive: true });
  await mkdir(spareFolder, { recursive: true });
  const sourceFile = path.join(sourceDir, 'a.txt');
  await writeFile(sourceFile, 'hello from the fuzz fixture\n'.repeat(100));

  const logs: string[] = [];
  const setup = await RaicService.open(dataDir, { log: (line) => logs.push(line), backupDebounceMs: 3_600_000 });
  setup.startBackground({ monitor: false });
  const [job] = (await setup.uploadPaths({ sources: [sourceFile], folder: '/docs' })).jobs;
  await setup.jobsIdle();
  await setup.close();

  const service = await RaicService.open(dataDir, { log: (line) => logs.push(line), backupDebounceMs: 3_600_000 });
  const status = await service.getStatus();
  return {
    root,
    dataDir,
    service,
    logs,
    samples: {
      accountId: status.accounts[0]!.id,
      filePath: '/docs/a.txt',
      jobId: job!.id,
      recoveryWords: (await service.getRecoveryKey()).words.join(' '),
      sourceFile,
      spareFolder,
      downloadTarget: path.join(dataDir, 'downloads', 'a.txt'),
    },
    async dispose() {
      await service.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
