/**
 * The batched-commit crash test's victim: uploads every file of a folder into
 * five local-folder servers (3-of-5) and a catalog, eight at a time, the way
 * the service's upload jobs do (runUpload, so catalog entries go through the
 * commit batcher), and prints "acked <catalog path>" as each upload resolves,
 * until the test kills it with SIGKILL.
 * Usage: node --import tsx upload-crash-writer.ts <work folder> <source folder>
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog } from '../catalog/catalog';
import { runUpload } from '../files/transfers';
import { crashGrid } from './upload-crash-grid';

const [work, sources] = process.argv.slice(2);
if (!work || !sources) {
  console.error('usage: upload-crash-writer.ts <work folder> <source folder>');
  process.exit(2);
}
const catalog = Catalog.open(join(work, 'catalog.sqlite'));
const grid = crashGrid(work);
const names = readdirSync(sources).sort();
let next = 0;
const worker = async (): Promise<void> => {
  while (next < names.length) {
    const name = names[next++]!;
    const result = await runUpload(
      { source: join(sources, name), target: `/crash/${name}` },
      { signal: new AbortController().signal, attempt: 1, progress: () => undefined },
      { catalog, openGrid: async () => grid },
    );
    process.stdout.write(`acked ${result.path}\n`);
  }
};
await Promise.all(Array.from({ length: 8 }, worker));
process.stdout.write('all done\n');
catalog.close();
