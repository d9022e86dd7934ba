/**
 * The crash test's victim: writes to a catalog as fast as it can and prints
 * "committed <n>" after each commit, until the test kills it with SIGKILL.
 * Usage: node --import tsx catalog-crash-writer.ts <catalog file> <run name>
 */
import { Catalog } from '../catalog/catalog';
import { CRASH_BATCH, sampleFile, spreadShares } from './catalog';

const MAX_BATCHES = 100_000; // an upper bound, should the test fail to kill us

const [file, run] = process.argv.slice(2);
if (!file || !run) {
  console.error('usage: catalog-crash-writer.ts <catalog file> <run name>');
  process.exit(2);
}
const catalog = Catalog.open(file);
for (let batch = 0; batch < MAX_BATCHES; batch++) {
  const files = Array.from({ length: CRASH_BATCH }, (_, i) => sampleFile(`/crash/${run}/batch-${batch}/file-${i}`, batch * CRASH_BATCH + i));
  catalog.addFiles(files);
  // Placements rewritten in place: delete + insert must never be seen half done.
  const first = catalog.getFile(`/crash/${run}/batch-${batch}/file-0`)!;
  catalog.setPlacements(first.id, spreadShares(['acct-x', 'acct-y']));
  catalog.addEvent({ kind: 'crash-test', severity: 'info', message: `batch ${batch}` });
  process.stdout.write(`committed ${batch + 1}\n`);
}
catalog.close();
