/**
 * The crash audit itself (crash-run.ts) must not report a live upload as
 * left behind. When the resumed jobs go idle, the end of their batch
 * publishes the catalog backup: an upload of its own, whose shares sit in
 * incoming/ until they close. On a loaded machine it was still running when
 * the audit counted, and the crash test failed with "1 (or 2) incoming files
 * left after collection" although nothing was leaked. Here every share close
 * of the audit's service is held back, so that backup is surely still
 * uploading at the point where the old audit counted.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { readBackupState } from '../../service/catalog-backup';
import { crashAndAudit, writeSourceFolder } from './crash-run';

/** Far longer than the audit takes from jobsIdle to its count (100 ms, a collection, five small reads). */
const CLOSE_DELAY_MS = 2000;

let scratch: string | undefined;
afterAll(async () => {
  vi.restoreAllMocks();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('counts incoming files only after the catalog backup that follows the resumed jobs has ended', async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-crash-audit-'));
  const seed = 20_262_137;
  const source = path.join(scratch, 'source', 'src');
  const expected = await writeSourceFolder(source, seed);
  // Only this process's servers (the audit's): the killed victim runs unslowed in its own process.
  const allocate = LocalFolderStorageServer.prototype.allocateBuckets;
  vi.spyOn(LocalFolderStorageServer.prototype, 'allocateBuckets').mockImplementation(async function (this: LocalFolderStorageServer, request) {
    const result = await allocate.call(this, request);
    for (const writer of result.allocated.values()) {
      const close = writer.close.bind(writer);
      writer.close = async () => {
        await new Promise((resolve) => setTimeout(resolve, CLOSE_DELAY_MS));
        await close();
      };
    }
    return result;
  });

  // Killed as soon as the uploads are queued: the audit's service resumes them, then backs up the catalog.
  // Should this machine be so slow to deliver the kill that the victim finished first, it is tried again.
  let dataDir = '';
  let auditStarted = 0;
  let outcome: Awaited<ReturnType<typeof crashAndAudit>> | undefined;
  for (let attempt = 1; attempt <= 3 && !(outcome && outcome.jobsLeftByKill > 0); attempt++) {
    dataDir = path.join(scratch, `data-${attempt}`);
    auditStarted = Date.now();
    outcome = await crashAndAudit({ mode: 'upload', seed, dataDir, source, expected, killAfterMs: 0 });
  }
  if (!outcome) throw new Error('no crash run was made');

  expect(outcome.jobsLeftByKill).toBeGreaterThan(0);
  expect(outcome.integrity).toBe('ok');
  expect(outcome.unfinishedAfterResume).toEqual([]);
  expect(outcome.missingAfterResume).toEqual([]);
  expect(outcome.lostAfterResume).toEqual([]);
  // The backup did run during the audit, with its closes held back (the case the old count got wrong)...
  expect((await readBackupState(dataDir)).lastPublishedAt).toBeGreaterThanOrEqual(auditStarted);
  // ...and once everything has closed, no partial share is left.
  expect(outcome.incomingLeft).toBe(0);
}, 120_000);
