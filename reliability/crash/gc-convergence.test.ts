/**
 * Convergence is safe while space is given back: the same content uploaded
 * again under other paths while paths holding it are deleted and released
 * and the collector runs, concurrently in one process and across seeded
 * kill -9 of a process doing all that. Every file the catalog lists must
 * read back exactly: 0 referenced shares lost.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { seededRandom } from '../../engine/test-support/erasure';
import { runWorkload, unreadableEntries } from './gc-workload';

const VICTIM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'gc-victim.ts');
/** 30 seeded kills keep CI under its time budget (50 ran in every CI run before, without a loss); a soak sets RAIC_GC_KILL_RUNS higher. */
const KILL_RUNS = Number(process.env.RAIC_GC_KILL_RUNS ?? 30);
const roots: string[] = [];

afterAll(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
});

async function freshRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'raic-gc-crash-'));
  roots.push(root);
  return root;
}

it('loses no referenced share across concurrent re-uploads and deletes of the same content', async () => {
  let lost = 0;
  let operations = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const root = await freshRoot();
    const counts = await runWorkload({ root, seed, operations: 200, workers: 4 });
    operations += counts.uploads + counts.deletes + counts.collections;
    expect(counts.deletes).toBeGreaterThan(0);
    expect(counts.lostSeen, `seed ${seed}: listed files found unreadable while the workload ran`).toBe(0);
    lost += counts.lostSeen;
    const unreadable = await unreadableEntries(root, seed, path.join(root, 'catalog.json'));
    expect(unreadable, `seed ${seed}`).toEqual([]);
    lost += unreadable.length;
  }
  recordReliability({
    suite: 'Crash safety',
    scenario: 'Same content re-uploaded and deleted concurrently while shares are released and collected (4 workers, 2 contents over 4 paths)',
    trials: operations,
    outcome: 'every file the catalog lists reads back exactly',
    lost,
  });
}, 240_000);

it(`loses no referenced share when killed (SIGKILL) during release and collection, ${KILL_RUNS} seeded runs`, async () => {
  let lost = 0;
  let killed = 0;
  for (let run = 0; run < KILL_RUNS; run++) {
    const seed = 1000 + run;
    const root = await freshRoot();
    const killAfterMs = 150 + Math.floor(seededRandom(seed)() * 1200);
    const outcome = await runVictim(root, seed, killAfterMs);
    if (outcome.killed) killed++;
    const unreadable = await unreadableEntries(root, seed, path.join(root, 'catalog.json'));
    expect(unreadable, `seed ${seed}, killed after ${killAfterMs} ms`).toEqual([]);
    lost += unreadable.length;
    // A later run over the same folders (what a restart does) must not lose anything either.
    await runWorkload({ root, seed, operations: 20, workers: 2 });
    const afterRestart = await unreadableEntries(root, seed, path.join(root, 'catalog.json'));
    expect(afterRestart, `seed ${seed} after the restart`).toEqual([]);
    lost += afterRestart.length;
    await rm(root, { recursive: true, force: true });
  }
  expect(killed).toBeGreaterThan(KILL_RUNS / 2);
  recordReliability({
    suite: 'Crash safety',
    scenario: 'Killed with SIGKILL while uploading the same content again, deleting, releasing and collecting, then restarted',
    trials: KILL_RUNS,
    outcome: `every file the catalog lists reads back after the kill and after a restart (${killed} runs killed mid-work)`,
    lost,
  });
}, 900_000);

function runVictim(root: string, seed: number, killAfterMs: number): Promise<{ killed: boolean }> {
  const child = spawn(process.execPath, ['--import', 'tsx', VICTIM, root, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let timer: NodeJS.Timeout | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!timer && /^ready$/m.test(stdout)) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) return reject(new Error(`the victim failed (code ${code}): ${stderr}`));
      resolve({ killed: signal === 'SIGKILL' && !/^done$/m.test(stdout) });
    });
  });
}
