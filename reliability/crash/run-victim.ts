/**
 * Runs victim.ts in a child process and SIGKILLs it a given time after it
 * said "ready" (or lets it finish, for calibration). Its stderr is kept: the
 * secrets scan and the report want to see what a killed process left behind.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VICTIM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'victim.ts');
/** Bounds a run whose child hangs: far above any operation these small grids do. */
const CHILD_TIMEOUT_MS = 60_000;

export type VictimMode = 'upload' | 'repair' | 'catalog';

export interface VictimRun {
  /** Milliseconds from "ready" to "done", or to the kill. */
  elapsedMs: number;
  /** The work finished before the kill landed (the kill then hit shutdown or an idle process). */
  finished: boolean;
  killed: boolean;
  stderr: string;
}

/** killAfterMs undefined: wait for "done" and let the child exit by itself. */
export function runVictim(dataDir: string, mode: VictimMode, source: string, killAfterMs?: number): Promise<VictimRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', VICTIM, dataDir, mode, source], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let readyAt = 0;
  let doneAt = 0;
  let killTimer: NodeJS.Timeout | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    if (!readyAt && /^ready$/m.test(stdout)) {
      readyAt = performance.now();
      if (killAfterMs !== undefined) killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    }
    if (!doneAt && /^done$/m.test(stdout)) doneAt = performance.now();
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), CHILD_TIMEOUT_MS);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      if (!readyAt) return reject(new Error(`the victim exited (code ${code}, signal ${signal}) before it was ready: ${stderr}`));
      if (killAfterMs === undefined && code !== 0) return reject(new Error(`the calibration run failed (code ${code}, signal ${signal}): ${stderr}`));
      const end = doneAt || performance.now();
      resolve({ elapsedMs: end - readyAt, finished: doneAt > 0, killed: signal === 'SIGKILL', stderr });
    });
  });
}
