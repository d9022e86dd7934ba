/** `raic reencode`: --status counts files with an older encoding; a run stores them again and waits, after which none is left. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCaptured, useTempRoot } from '../test-support/run-captured';
import { run as encoding } from './encoding';
import { run as reencode } from './reencode';
import { run as upload } from './upload';

const temp = useTempRoot('reencode');

it('reports, re-encodes and then finds nothing left', async () => {
  const file = join(temp.root, 'report.bin');
  await writeFile(file, Buffer.alloc(80_000, 7));
  expect((await runCaptured(upload, [file, '--to', '/docs'], { dataDir: temp.dataDir })).code).toBe(0);
  expect(await runCaptured(reencode, ['--status'], { dataDir: temp.dataDir })).toMatchObject({ code: 0, stdout: 'Every stored file uses 3-of-5.\n' });

  expect((await runCaptured(encoding, ['2/4/5'], { dataDir: temp.dataDir })).code).toBe(0);
  const status = await runCaptured(reencode, ['--status', '--json'], { dataDir: temp.dataDir });
  expect(JSON.parse(status.stdout)).toMatchObject({ encoding: { needed: 2, total: 5 }, oldFiles: 1, oldBytes: 80_000, reencoding: 0 });

  const run = await runCaptured(reencode, [], { dataDir: temp.dataDir });
  expect(run.code).toBe(0);
  expect(run.stdout).toBe('Re-encoding 1 file to 2-of-5 in the background; your files stay readable meanwhile.\nDone: every stored file uses 2-of-5.\n');
  expect(await runCaptured(reencode, ['--status'], { dataDir: temp.dataDir })).toMatchObject({ code: 0, stdout: 'Every stored file uses 2-of-5.\n' });
  const usage = await runCaptured(reencode, ['extra'], { dataDir: temp.dataDir });
  expect(usage.code).toBe(2);
});
