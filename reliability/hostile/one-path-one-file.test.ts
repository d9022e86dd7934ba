/**
 * One path, one file (issue 15, item 1): the independent attack stored two
 * files at one path and kept only one, silently — two sources with the same
 * name, two names that differ only in Unicode normalization, and a large and
 * a small upload racing to one path (the older content won). Each case is
 * replayed here through the service's API; a second upload to a path is
 * refused while the first is queued or running, so whatever is stored at the
 * end is the last upload the service accepted, never an older one.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, parseInput } from '../../shared/api';
import { recordReliability } from '../../scripts/reliability/record';
import { openServiceGrid, downloadDigest, type ServiceGrid } from '../support/service-grid';
import { seededPrng } from '../support/prng';
import { sha256 } from '../support/digest';

const SUITE = 'Attack regressions';
let grid: ServiceGrid;
beforeAll(async () => {
  grid = await openServiceGrid('one-path');
}, 60_000);
afterAll(async () => grid?.close());

async function sourceFile(relative: string, bytes: Buffer): Promise<string> {
  const file = path.join(grid.scratch, 'sources', relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, bytes);
  return file;
}

async function refusal(run: () => Promise<unknown>): Promise<ApiError | undefined> {
  try {
    await run();
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
}

describe('one path, one file', () => {
  it('refuses two sources with the same name, and two names differing only in normalization, before anything uploads', async () => {
    const a = await sourceFile('a/y.txt', Buffer.alloc(20_000_000, 1));
    const b = await sourceFile('b/y.txt', Buffer.from('twelve bytes'));
    const sameName = await refusal(() => grid.service.uploadPaths(parseInput('uploadPaths', { sources: [a, b], folder: '/r' })));
    const nfcFolder = path.join(grid.scratch, 'sources', 'accents');
    await sourceFile('accents/\u00e9.txt', Buffer.from('composed e-acute, NFC'));
    await sourceFile('accents/e\u0301.txt', Buffer.from('e plus combining acute, NFD'));
    const normalization = await refusal(() => grid.service.uploadPaths(parseInput('uploadPaths', { sources: [nfcFolder], folder: '/n' })));
    const jobs = await grid.service.listJobs({});
    const listed = [...(await grid.service.listFiles({ folder: '/r' })).files, ...(await grid.service.listFiles({ folder: '/' })).files];
    recordReliability({
      suite: SUITE,
      scenario: 'one upload request with two sources named y.txt (20 MB and 12 B), and a folder holding é.txt as NFC and as NFD',
      trials: 2,
      outcome:
        sameName && normalization && jobs.length === 0
          ? `both refused before any job was queued: "${sameName.message}"`
          : `same name: ${sameName ? 'refused' : 'accepted'}; normalization: ${normalization ? 'refused' : 'accepted'}; ${jobs.length} jobs queued`,
      lost: sameName && normalization ? 0 : 1,
    });
    expect(sameName?.code).toBe('invalid_input');
    expect(sameName?.message).toContain('would both be stored as /r/y.txt');
    expect(normalization?.code).toBe('invalid_input');
    expect(normalization?.message).toContain('differ only in how accented letters are encoded');
    expect(jobs).toHaveLength(0);
    expect(listed.map((f) => f.path)).not.toContain('/r/y.txt');
  });

  it('refuses an upload to a folder, or below a file, at once instead of retrying it', async () => {
    await grid.service.createFolder({ path: '/taken/folder' });
    const file = await sourceFile('plain/notes.txt', Buffer.from('notes'));
    const stored = await grid.service.uploadPaths(parseInput('uploadPaths', { sources: [file], folder: '/taken' }));
    await grid.service.jobsIdle();
    expect(grid.service.getJob(stored.jobs[0]!.id)?.state).toBe('done');
    const folderNamed = await sourceFile('clash/folder', Buffer.from('a file named like a folder'));
    const onFolder = await refusal(() => grid.service.uploadPaths(parseInput('uploadPaths', { sources: [folderNamed], folder: '/taken' })));
    const below = await sourceFile('below/x.txt', Buffer.from('below a file'));
    const belowFile = await refusal(() => grid.service.uploadPaths(parseInput('uploadPaths', { sources: [below], folder: '/taken/notes.txt' })));
    expect(onFolder?.code).toBe('conflict');
    expect(onFolder?.message).toContain('/taken/folder is a folder');
    expect(belowFile?.code).toBe('conflict');
    expect(belowFile?.message).toContain('/taken/notes.txt is a file');
  });

  it('keeps the last accepted upload in 50 seeded races to one path, through the API and the browser route', async () => {
    const streaming = grid.service.streamingApi();
    let silentLosses = 0;
    let refused = 0;
    let accepted = 0;
    const problems: string[] = [];
    for (let seed = 1; seed <= 50; seed++) {
      const prng = seededPrng(seed);
      const target = `/race/run-${seed}.bin`;
      const acceptedDigests: string[] = [];
      const attempts = 2 + prng.int(3);
      for (let i = 0; i < attempts; i++) {
        const bytes = prng.bytes(prng.pick([12, 4_000, 300_000, 2_000_000]));
        const viaBrowser = prng.int(2) === 0;
        const submit = async () => {
          if (viaBrowser) {
            const staged = await streaming.newStagingFile();
            await writeFile(staged, bytes);
            return streaming.submitStagedUpload(staged, target, bytes.length);
          }
          const source = await sourceFile(`race-${seed}-${i}/run-${seed}.bin`, bytes);
          return (await grid.service.uploadPaths(parseInput('uploadPaths', { sources: [source], folder: '/race' }))).jobs[0]!;
        };
        const outcome = await refusal(submit);
        if (outcome) {
          if (outcome.code !== 'conflict') problems.push(`seed ${seed}: refused with ${outcome.code}: ${outcome.message}`);
          refused++;
        } else {
          acceptedDigests.push(sha256(bytes));
          accepted++;
        }
        // Sometimes the next request comes while this upload is still running, sometimes after it finished.
        if (prng.int(3) === 0) await grid.service.jobsIdle();
      }
      await grid.service.jobsIdle();
      const stored = await downloadDigest(grid, target);
      if (stored.digest !== acceptedDigests.at(-1)) {
        silentLosses++;
        problems.push(`seed ${seed}: stored ${stored.digest ?? stored.error}, last accepted ${acceptedDigests.at(-1)}`);
      }
    }
    recordReliability({
      suite: SUITE,
      scenario: '50 seeded races of 2 to 4 uploads (12 B to 2 MB) to one path, through uploadPaths and the browser upload route, the next request sometimes while the previous one runs',
      trials: 50,
      outcome:
        silentLosses === 0
          ? `${accepted} uploads accepted, ${refused} refused with a conflict while another upload to the path was queued or running; the path always held the last accepted upload`
          : `${silentLosses} runs ended with other content than the last accepted upload: ${problems.slice(0, 3).join('; ')}`,
      lost: silentLosses,
      figures: { accepted, refused },
    });
    expect(problems).toEqual([]);
    expect(silentLosses).toBe(0);
    expect(refused).toBeGreaterThan(0);
  }, 600_000);
});
