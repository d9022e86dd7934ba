/**
 * Load through the service: 20 files from 0 bytes to 50 MiB uploaded at
 * once, then all 20 downloaded at once together with 10 more uploads, with
 * verifying health checks running the whole time. Jobs queue (the job runner
 * runs two at a time), so the downloads go both ways: as jobs, and all 20 at
 * once through the streaming API headless mode serves over HTTP, which does
 * not queue. Every job must finish,
 * every download must match its original's SHA-256, and the process's peak
 * RSS (sampled every 100 ms) must stay under the ceiling below.
 *
 * Ceiling, 1.5 GiB: the process holds the test runner and the service
 * (about 200-300 MiB at rest); the job runner runs two transfers at a time,
 * each holding a few segments (1 MiB) times the 5/3 expansion in flight, 20
 * streaming downloads hold a few segments each, and a verifying health pass
 * reads shares in 4 MiB batches. That is a few hundred MiB of working buffers
 * at most, so 1.5 GiB can only be crossed if something
 * holds whole files (a 50 MiB file in memory several times over) or leaks
 * per job: exactly what this test is meant to catch.
 */
import { randomBytes, createHash } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { parseInput } from '../../shared/api';
import type { PassReport } from '../../service/health/monitor-types';
import { withDeadline } from '../support/deadline';
import { sampleMemory } from '../support/memory-sampler';
import { downloadDigest, openServiceGrid, type ServiceGrid } from '../support/service-grid';

const SUITE = 'Load';
const MiB = 1024 * 1024;
const RSS_CEILING_MIB = 1536;
const SIZES = [0, 1, 55, 56, 4096, 65_536, 300_000, MiB, 1.5 * MiB, 2 * MiB, 3 * MiB, 4 * MiB, 5 * MiB, 6 * MiB, 8 * MiB, 10 * MiB, 12 * MiB, 16 * MiB, 24 * MiB, 50 * MiB];
const SECOND_WAVE = [0, 100, 70_000, 700_000, 2 * MiB, 3 * MiB, 5 * MiB, 7 * MiB, 9 * MiB, 20 * MiB];
const PHASE_DEADLINE_MS = 150_000;

let grid: ServiceGrid;
let source: string;

beforeAll(async () => {
  grid = await openServiceGrid('load');
  source = path.join(grid.scratch, 'source');
  await mkdir(source, { recursive: true });
});
afterAll(async () => {
  await grid?.close();
});

/** Writes a file of random bytes in 1 MiB pieces (never the whole file in memory) and returns its SHA-256. */
async function makeFile(name: string, size: number): Promise<string> {
  const hash = createHash('sha256');
  const file = await open(path.join(source, name), 'w');
  try {
    for (let left = size; left > 0; left -= MiB) {
      const piece = randomBytes(Math.min(MiB, left));
      hash.update(piece);
      await file.write(piece);
    }
  } finally {
    await file.close();
  }
  return hash.digest('hex');
}

/** Streams a file the way headless mode's HTTP download route does, hashing as it goes. */
async function streamDigest(name: string): Promise<{ digest?: string; error?: string }> {
  try {
    const hash = createHash('sha256');
    const download = await grid.service.streamingApi().openDownload(`/${name}`);
    for await (const chunk of download.chunks) hash.update(chunk);
    return { digest: hash.digest('hex') };
  } catch (error) {
    return { error: String(error) };
  }
}

/** Health passes (verify) back to back until `done` settles; returns how many ran and any that threw. */
async function healthChecksDuring(done: Promise<unknown>): Promise<{ passes: PassReport[]; errors: string[] }> {
  let finished = false;
  void done.finally(() => (finished = true)).catch(() => undefined);
  const passes: PassReport[] = [];
  const errors: string[] = [];
  while (!finished) {
    try {
      passes.push(await grid.service.runHealthCheck({ verify: true }));
    } catch (error) {
      errors.push(String(error));
    }
  }
  return { passes, errors };
}

async function submitUploads(names: string[]): Promise<string[]> {
  const { jobs } = await grid.service.uploadPaths(parseInput('uploadPaths', { sources: names.map((n) => path.join(source, n)), folder: '/' }));
  return jobs.map((j) => j.id);
}

describe('concurrent transfers with health checks', () => {
  it('20 uploads, then 20 job and 20 streamed downloads with 10 more uploads, health checks throughout, memory bounded', async () => {
    const digests = new Map<string, string>();
    for (const [i, size] of SIZES.entries()) digests.set(`first-${i}.bin`, await makeFile(`first-${i}.bin`, size));
    for (const [i, size] of SECOND_WAVE.entries()) digests.set(`second-${i}.bin`, await makeFile(`second-${i}.bin`, size));
    const totalBytes = [...SIZES, ...SECOND_WAVE].reduce((a, b) => a + b, 0);
    const memory = sampleMemory();
    const started = Date.now();

    // Wave 1: twenty uploads submitted at once, health checks alongside.
    const firstJobs = await submitUploads([...digests.keys()].filter((n) => n.startsWith('first-')));
    const wave1 = withDeadline('first 20 uploads', PHASE_DEADLINE_MS, grid.service.jobsIdle());
    const checks1 = await healthChecksDuring(wave1);
    await wave1;
    const uploadSeconds = (Date.now() - started) / 1000;

    // Wave 2: all twenty downloads and ten new uploads at once, health checks alongside.
    const secondJobs = await submitUploads([...digests.keys()].filter((n) => n.startsWith('second-')));
    const firstNames = [...digests.keys()].filter((n) => n.startsWith('first-'));
    const downloads = Promise.all([
      ...firstNames.map(async (name) => [name, await downloadDigest(grid, `/${name}`)] as const),
      ...firstNames.map(async (name) => [name, await streamDigest(name)] as const),
    ]);
    const wave2 = withDeadline('40 downloads and 10 uploads', PHASE_DEADLINE_MS, downloads);
    const checks2 = await healthChecksDuring(wave2);
    const downloaded = await wave2;
    await withDeadline('second uploads', PHASE_DEADLINE_MS, grid.service.jobsIdle());
    const secondDownloads = await Promise.all(
      [...digests.keys()].filter((n) => n.startsWith('second-')).map(async (name) => [name, await downloadDigest(grid, `/${name}`)] as const),
    );
    const seconds = (Date.now() - started) / 1000;
    const peak = memory.stop();

    const failedJobs = [...firstJobs, ...secondJobs].map((id) => grid.service.getJob(id)).filter((j) => j?.state !== 'done');
    const wrong = [...downloaded, ...secondDownloads].filter(([name, result]) => result.digest !== digests.get(name));
    const final = await grid.service.runHealthCheck({ verify: true });
    const passes = [...checks1.passes, ...checks2.passes];
    recordReliability({
      suite: SUITE,
      scenario: '20 uploads (0 B to 50 MiB) at once, then 20 job downloads + 20 streamed downloads + 10 uploads at once, verifying health checks throughout',
      trials: firstJobs.length + secondJobs.length + downloaded.length + secondDownloads.length,
      outcome:
        `${firstJobs.length + secondJobs.length - failedJobs.length}/${firstJobs.length + secondJobs.length} uploads done; ` +
        `${downloaded.length + secondDownloads.length - wrong.length}/${downloaded.length + secondDownloads.length} downloads exact; ` +
        `${passes.length} health passes during the load (${checks1.errors.length + checks2.errors.length} failed); afterwards ${final.counts.healthy ?? 0}/${digests.size} healthy; ` +
        `peak RSS ${peak.peakRssMiB} MiB (ceiling ${RSS_CEILING_MIB} MiB)`,
      lost: wrong.length,
      figures: {
        peakRssMiB: peak.peakRssMiB,
        startRssMiB: peak.startRssMiB,
        memorySamples: peak.samples,
        totalMiB: Math.round(totalBytes / MiB),
        uploadSeconds: Math.round(uploadSeconds),
        seconds: Math.round(seconds),
      },
    });
    expect(failedJobs.map((j) => `${j?.title}: ${j?.state} ${j?.error ?? ''}`)).toEqual([]);
    expect(wrong.map(([name, r]) => `${name}: ${r.error ?? 'wrong bytes'}`)).toEqual([]);
    expect([...checks1.errors, ...checks2.errors]).toEqual([]);
    expect(passes.length).toBeGreaterThan(0);
    expect(final.counts.healthy).toBe(digests.size);
    expect(peak.peakRssMiB).toBeLessThan(RSS_CEILING_MIB);
  });
});
