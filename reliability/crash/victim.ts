/**
 * The crash test's victim: a RAIC service process doing real work until the
 * test SIGKILLs it. Prints "ready" once the work is under way (the test draws
 * its kill delay from then) and "done" if it finishes first (the calibration
 * run measures how long the work takes).
 *
 * Usage: node --import tsx victim.ts <data dir> <upload|repair|catalog> <source folder>
 *   upload  - queues an upload of the source folder and lets the jobs run
 *   repair  - runs a repairing health pass (the test removed some shares)
 *   catalog - uploads the folder while moving every listed file back and forth
 *             and creating folders, so the kill lands in catalog writes
 */
import { RaicService } from '../../service/raic-service';

const [dataDir, mode, source] = process.argv.slice(2);
if (!dataDir || !mode || !source) {
  process.stderr.write('usage: victim.ts <data dir> <upload|repair|catalog> <source folder>\n');
  process.exit(2);
}

// Keeps the process alive until the kill even if the work finishes early.
const keepAlive = setInterval(() => {}, 60_000);
const service = await RaicService.open(dataDir, { log: (line) => process.stderr.write(`${line}\n`), backupDebounceMs: 200 });
service.startBackground({ monitor: false });

if (mode === 'upload') {
  await service.uploadPaths({ sources: [source] });
  process.stdout.write('ready\n');
  await service.jobsIdle();
} else if (mode === 'repair') {
  process.stdout.write('ready\n');
  await service.runHealthCheck({ repair: true });
} else if (mode === 'catalog') {
  await service.uploadPaths({ sources: [source] });
  process.stdout.write('ready\n');
  await churnCatalog(service);
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(2);
}
process.stdout.write('done\n');
await service.close();
clearInterval(keepAlive);

/** Moves each stored file to /moved and back, and makes folders, while uploads are still landing. */
async function churnCatalog(svc: RaicService): Promise<void> {
  let idle = false;
  void svc.jobsIdle().then(() => (idle = true));
  for (let round = 0; !idle || round < 20; round++) {
    await svc.createFolder({ path: `/churn/round-${round}` });
    for (const file of svc.catalog.allFiles()) {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      const to = file.path.startsWith('/moved/') ? `/back/${name}` : `/moved/${name}`;
      await svc.moveFile({ from: file.path, to }).catch(() => undefined); // the target may exist after an earlier round
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}
