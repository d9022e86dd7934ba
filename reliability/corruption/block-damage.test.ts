/**
 * Bad blocks in several shares (issue 15, item 4). A 3-of-5 file on five
 * local folders, ten segments per share; chosen blocks of chosen shares are
 * flipped on disk. The rule: the file reads, verifies as recoverable and
 * repairs while every segment has a good block in at least 3 shares, however
 * many shares have some bad block; otherwise the download fails clearly and
 * repair writes nothing. No download may ever return wrong bytes.
 */
import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import type { EncodingParams } from '../../engine/chk/api';
import { bytesByteSource, checkFile, downloadToBytes, DownloadError, uploadFile, type CheckReport } from '../../engine/grid';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { checkGridFile } from '../../service/health/file-check';
import { restoreShares } from '../support/corruption-trial';
import { settle } from '../support/deadline';
import { sha256 } from '../support/digest';
import { seededPrng } from '../support/prng';
import { findShareFiles, shareBytesOf, snapshot } from '../support/share-files';
import { badSegmentsByShare, flipBlocks, shortSegments, type BadBlock } from './block-flips';

const ENCODING: EncodingParams = { needed: 3, happy: 4, total: 5, maxSegmentSize: 16 * 1024 };
const HEALTH_ENCODING = { needed: 3, happy: 4, total: 5, segmentSize: ENCODING.maxSegmentSize };
const LEASE_SECRET = new Uint8Array(32).fill(4);
const FILE_SIZE = 150_000;
/** 16 KiB segments (16,386 bytes after rounding to a multiple of k): ten segments. */
const SEGMENTS = 10;
const SEEDED_TRIALS = 60;

let root: string;
let servers: LocalFolderStorageServer[];
let cap: string;
let storageIndex: string;
let digest: string;
const checkOptions = { verify: true, happy: ENCODING.happy, maxSegmentSize: ENCODING.maxSegmentSize, leaseSecret: LEASE_SECRET };

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raic-block-damage-'));
  servers = Array.from({ length: 5 }, (_, i) => new LocalFolderStorageServer({ serverId: `account-${i}`, nickname: `account ${i}`, root: path.join(root, `account-${i}`) }));
  const bytes = seededPrng(15).bytes(FILE_SIZE);
  const report = await uploadFile(servers, bytesByteSource(bytes), { encoding: ENCODING, convergence: new Uint8Array(16).fill(2), leaseSecret: LEASE_SECRET });
  cap = report.cap;
  storageIndex = report.storageIndex!;
  digest = sha256(bytes);
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const roots = (): string[] => servers.map((s) => s.root);

/** Damages the blocks, runs the body, then puts every share file back as uploaded (and removes shares a repair added). */
async function withBadBlocks<T>(bad: readonly BadBlock[], body: () => Promise<T>, salt = 0): Promise<T> {
  const shares = await findShareFiles(roots(), storageIndex);
  expect(shares.map((s) => s.shareNumber).sort()).toEqual([0, 1, 2, 3, 4]);
  const saved = await snapshot(shares);
  try {
    await flipBlocks(shares, bad, salt);
    return await body();
  } finally {
    await restoreShares(roots(), storageIndex, saved);
  }
}

function listedBadBlocks(report: CheckReport): [number, number[] | undefined][] {
  return report.corruptShares.map((c) => [c.shareNumber, c.badBlocks]);
}

async function downloadMatches(): Promise<boolean> {
  return sha256(await downloadToBytes(servers, cap)) === digest;
}

/** Share files, with their bytes, as they are now. */
async function shareState(): Promise<Map<string, string>> {
  const files = await findShareFiles(roots(), storageIndex);
  return new Map(await Promise.all(files.map(async (f) => [f.file, sha256(await readFile(f.file))] as const)));
}

describe('bad blocks in several shares of a 3-of-5 file', () => {
  it("the attack's pattern (one bad block in each of three shares, different segments): reads, verifies recoverable, repairs to full health", async () => {
    const original = await snapshot(await findShareFiles(roots(), storageIndex));
    const bad = [
      { shareNumber: 0, segment: 1 },
      { shareNumber: 1, segment: 4 },
      { shareNumber: 2, segment: 7 },
    ];
    await withBadBlocks(bad, async () => {
      expect(await downloadMatches()).toBe(true);

      const before = await checkFile(servers, cap, checkOptions);
      expect(before).toMatchObject({
        healthy: false, recoverable: true, goodShares: 2, sharesWithBadBlocks: 3, segmentCount: SEGMENTS, weakestSegment: { goodBlocks: 4 },
      });
      expect(listedBadBlocks(before)).toEqual([[0, [1]], [1, [4]], [2, [7]]]);
      expect(before.corruptShares[0].reason).toBe('block 1 does not match its hash in the block hash tree');

      // The service calls it damaged (repair needed), not unreadable, and says how many shares have bad blocks.
      const health = await checkGridFile(servers, cap, HEALTH_ENCODING, { verify: true });
      expect(['degraded', 'at-risk']).toContain(health.assessment.health);
      expect(health.assessment.blockDamage).toEqual({ sharesWithBadBlocks: 3, fewestGoodBlocks: 4 });
      expect(health.corrupt.map((c) => c.badBlocks)).toEqual([[1], [4], [7]]);
      expect(health.summary).toBe(
        '2 of 5 shares on 2 accounts: 3 corrupt shares found (all have only bad blocks, the rest still readable); survives the loss of any 1 account; repair needed',
      );

      const repaired = await checkFile(servers, cap, { ...checkOptions, repair: true });
      expect(repaired.repair).toMatchObject({ attempted: true, succeeded: true });
      expect(repaired.repair!.error).toBeUndefined();
      expect(repaired.repair!.placed.flatMap((p) => p.shareNumbers).sort()).toEqual([0, 1, 2]);
      // The corrupt copies cannot be deleted through the storage interface: they stay, reported.
      expect(repaired.repair!.corruptCopiesLeft?.map((c) => c.shareNumber)).toEqual([0, 1, 2]);
      const after = repaired.repair!.after!;
      expect(after).toMatchObject({ healthy: true, recoverable: true, goodShares: 5, verified: true, weakestSegment: { goodBlocks: 5 } });
      expect(after.happiness).toBeGreaterThanOrEqual(ENCODING.happy);
      expect(listedBadBlocks(after)).toEqual([[0, [1]], [1, [4]], [2, [7]]]);
      for (const placed of repaired.repair!.placed) {
        const holdsBadCopy = before.corruptShares.some((c) => c.serverId === placed.serverId && placed.shareNumbers.includes(c.shareNumber));
        expect(holdsBadCopy).toBe(false);
      }

      // CHK is deterministic: each fresh share is byte for byte the share that was uploaded.
      const fresh = (await findShareFiles(roots(), storageIndex)).filter((f) => !original.has(f.file));
      expect(fresh.map((f) => f.shareNumber).sort()).toEqual([0, 1, 2]);
      for (const f of fresh) {
        const uploaded = [...original].find(([file]) => file.endsWith(`${path.sep}${f.shareNumber}`))![1];
        // The share bytes: the file's embedded-lease trailer carries the new copy's own lease expiry.
        expect(sha256(shareBytesOf(await readFile(f.file)))).toBe(sha256(shareBytesOf(uploaded)));
      }

      expect(await downloadMatches()).toBe(true);
      const healthAfter = await checkGridFile(servers, cap, HEALTH_ENCODING, { verify: true });
      expect(healthAfter.assessment.health).toBe('healthy');
    });
  });

  it('four shares each with a bad block in a different segment still read and repair (the old decoder gave up here)', async () => {
    const bad = [
      { shareNumber: 0, segment: 2 },
      { shareNumber: 3, segment: 5 },
      { shareNumber: 1, segment: 7 },
      { shareNumber: 4, segment: 9 },
    ];
    await withBadBlocks(bad, async () => {
      expect(await downloadMatches()).toBe(true);
      const before = await checkFile(servers, cap, checkOptions);
      expect(before).toMatchObject({ recoverable: true, goodShares: 1, sharesWithBadBlocks: 4, weakestSegment: { goodBlocks: 4 } });
      const repaired = await checkFile(servers, cap, { ...checkOptions, repair: true });
      expect(repaired.repair).toMatchObject({ succeeded: true });
      // Every damaged share number gets a fresh share (placement may add a copy of another to reach happiness).
      expect(repaired.repair!.placed.flatMap((p) => p.shareNumbers)).toEqual(expect.arrayContaining([0, 1, 3, 4]));
      expect(repaired.repair!.after).toMatchObject({ healthy: true, goodShares: 5 });
      expect(await downloadMatches()).toBe(true);
    });
  });

  it('a segment with only 2 good blocks: download fails naming it, verify says not recoverable, repair writes nothing', async () => {
    const bad = [
      { shareNumber: 0, segment: 3 },
      { shareNumber: 1, segment: 3 },
      { shareNumber: 2, segment: 3 },
      { shareNumber: 4, segment: 6 },
    ];
    await withBadBlocks(bad, async () => {
      const failed = await settle(downloadToBytes(servers, cap));
      expect(failed.ok).toBe(false);
      const error = failed.ok ? undefined : failed.error;
      expect(error).toBeInstanceOf(DownloadError);
      expect(String(error)).toMatch(/not enough good blocks to read segment 3 of the file: found 2 shares with a good block there, need 3/);
      // The segments before it still read.
      const head = await downloadToBytes(servers, cap, { offset: 0, length: 3 * 16_386 });
      expect(head.length).toBe(3 * 16_386);

      const before = await checkFile(servers, cap, checkOptions);
      expect(before).toMatchObject({ healthy: false, recoverable: false, sharesWithBadBlocks: 4, weakestSegment: { segment: 3, goodBlocks: 2 } });
      expect(listedBadBlocks(before)).toEqual([[0, [3]], [1, [3]], [2, [3]], [4, [6]]]);

      const health = await checkGridFile(servers, cap, HEALTH_ENCODING, { verify: true });
      expect(health.assessment.health).toBe('unreadable');
      expect(health.summary).toContain('unreadable: a segment has good blocks in only 2 shares, and 3 are needed');

      const state = await shareState();
      const repaired = await checkFile(servers, cap, { ...checkOptions, repair: true });
      expect(repaired.repair).toMatchObject({ attempted: false, succeeded: false, placed: [] });
      expect(repaired.repair!.error).toBe(
        'cannot repair: segment 3 has a good block in only 2 shares and 3 are needed to rebuild the file (1 fully good shares, 4 with bad blocks)',
      );
      expect(await shareState()).toEqual(state);
    });
  });

  it(`${SEEDED_TRIALS} seeded patterns of bad blocks: the outcome follows the per-segment rule exactly, with 0 wrong bytes`, async () => {
    const prng = seededPrng(1515);
    const tally = { recoverable: 0, unrecoverable: 0, badBlocks: 0, wrongBytes: 0, repaired: 0, refused: 0, mismatches: [] as string[] };
    for (let trial = 0; trial < SEEDED_TRIALS; trial++) {
      // Half the trials crowd the damage into two segments, so some segments fall below k.
      const segmentRange = trial % 2 === 0 ? SEGMENTS : 2;
      const count = 1 + prng.int(8);
      const bad: BadBlock[] = [];
      for (let i = 0; i < count; i++) {
        const block = { shareNumber: prng.int(ENCODING.total), segment: prng.int(segmentRange) };
        if (!bad.some((b) => b.shareNumber === block.shareNumber && b.segment === block.segment)) bad.push(block);
      }
      const expected = shortSegments(bad, ENCODING.needed, ENCODING.total, SEGMENTS).length === 0;
      const label = `trial ${trial} [${bad.map((b) => `${b.shareNumber}@${b.segment}`).join(' ')}]`;
      const mismatch = (what: string): void => void tally.mismatches.push(`${label}: ${what}`);
      tally.badBlocks += bad.length;
      if (expected) tally.recoverable++;
      else tally.unrecoverable++;

      await withBadBlocks(
        bad,
        async () => {
          const check = await checkFile(servers, cap, checkOptions);
          if (check.recoverable !== expected) mismatch(`verify said recoverable=${check.recoverable}`);
          const listed = new Map(check.corruptShares.map((c) => [c.shareNumber, c.badBlocks]));
          if (JSON.stringify([...listed]) !== JSON.stringify([...badSegmentsByShare(bad)])) mismatch(`verify listed ${JSON.stringify([...listed])}`);

          const download = await settle(downloadToBytes(servers, cap));
          if (download.ok && sha256(download.value) !== digest) tally.wrongBytes++;
          if (download.ok !== expected) mismatch(`download ${download.ok ? 'succeeded' : `failed: ${String(download.error)}`}`);
          if (!download.ok && !(download.error instanceof DownloadError)) mismatch(`download failed with ${String(download.error)}`);

          const state = await shareState();
          const repaired = await checkFile(servers, cap, { ...checkOptions, repair: true });
          if (expected) {
            if (repaired.repair?.succeeded && repaired.repair.after?.healthy && repaired.repair.after.goodShares === ENCODING.total) tally.repaired++;
            else mismatch(`repair did not reach full health: ${repaired.repair?.error}`);
            const again = await settle(downloadToBytes(servers, cap));
            if (!again.ok) mismatch(`download after repair failed: ${String(again.error)}`);
            else if (sha256(again.value) !== digest) tally.wrongBytes++;
          } else {
            if (repaired.repair?.attempted === false && /cannot repair: segment \d+ has a good block in only/.test(repaired.repair.error ?? '')) tally.refused++;
            else mismatch(`repair did not refuse: ${JSON.stringify(repaired.repair)}`);
            if (JSON.stringify([...(await shareState())]) !== JSON.stringify([...state])) mismatch('repair changed share files');
          }
        },
        trial,
      );
    }
    recordReliability({
      suite: 'Attack regressions',
      scenario: `Bad blocks in several shares of a 3-of-5 file (${SEGMENTS} segments): seeded patterns of 1-8 flipped blocks, judged per segment`,
      trials: SEEDED_TRIALS,
      outcome:
        `${SEEDED_TRIALS - tally.mismatches.length}/${SEEDED_TRIALS} matched the rule (recoverable iff every segment keeps 3 good blocks): ` +
        `${tally.recoverable} recoverable (read exactly, ${tally.repaired} repaired to 5 good shares), ` +
        `${tally.unrecoverable} not (download failed, ${tally.refused} repairs refused, nothing written); ${tally.wrongBytes} wrong downloads`,
      lost: tally.wrongBytes + tally.mismatches.length,
      figures: { badBlocks: tally.badBlocks, recoverable: tally.recoverable, unrecoverable: tally.unrecoverable },
    });
    expect(tally.mismatches.slice(0, 5), tally.mismatches.join('\n')).toEqual([]);
    expect(tally.wrongBytes).toBe(0);
    // Both outcomes are exercised.
    expect(tally.recoverable).toBeGreaterThanOrEqual(15);
    expect(tally.unrecoverable).toBeGreaterThanOrEqual(10);
  });
});
