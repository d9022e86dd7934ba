/**
 * Damaged shares on a 3-of-5 (happy 4) grid of local folders: seeded bit
 * flips in every checked region of a share, truncation, two shares swapped,
 * a share replaced by another file's share of the same number. Each damage
 * must be found by check --verify (and only the damaged shares flagged),
 * repaired by check --repair, and no download may ever return wrong bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { bytesByteSource, uploadFile } from '../../engine/grid';
import type { EncodingParams } from '../../engine/chk/api';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { sha256 } from '../support/digest';
import { seededPrng, type Prng } from '../support/prng';
import { checkedRegions, findShareFiles, unreadRegions, type Region, type ShareFile } from '../support/share-files';
import { addOutcome, corruptionTrial, emptyTotals, type CorruptionGrid, type Damage, type TrialTarget, type TrialTotals } from '../support/corruption-trial';

const SUITE = 'Corruption';
/** Small segments so a 150 kB file has ten blocks per share and real hash trees. */
const ENCODING: EncodingParams = { needed: 3, happy: 4, total: 5, maxSegmentSize: 16 * 1024 };
const LEASE_SECRET = new Uint8Array(32).fill(3);
const BIT_FLIPS = 200;
const REPAIR_EVERY = 5;
const OTHER_TRIALS = 20;

let root: string;
let grid: CorruptionGrid;
let target: TrialTarget;
let other: TrialTarget;

async function upload(bytes: Buffer): Promise<TrialTarget> {
  const report = await uploadFile(grid.servers, bytesByteSource(bytes), { encoding: ENCODING, convergence: new Uint8Array(16).fill(1), leaseSecret: LEASE_SECRET });
  return { cap: report.cap, storageIndex: report.storageIndex!, digest: sha256(bytes) };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raic-corruption-'));
  const servers = Array.from({ length: 5 }, (_, i) => new LocalFolderStorageServer({ serverId: `account-${i}`, nickname: `account ${i}`, root: path.join(root, `account-${i}`) }));
  grid = { servers, happy: ENCODING.happy, maxSegmentSize: ENCODING.maxSegmentSize, leaseSecret: LEASE_SECRET };
  const prng = seededPrng(42);
  // Same size, so a share of one can stand in for the other's without a size mismatch giving it away.
  target = await upload(prng.bytes(150_000));
  other = await upload(prng.bytes(150_000));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function flipBit(share: ShareFile, offset: number, bit: number): Promise<void> {
  const bytes = await readFile(share.file);
  bytes[offset]! ^= 1 << bit;
  await writeFile(share.file, bytes);
}

function record(scenario: string, totals: TrialTotals, extra: Record<string, number | string> = {}): void {
  recordReliability({
    suite: SUITE,
    scenario,
    trials: totals.trials,
    outcome:
      `${totals.detected}/${totals.trials} detected by check --verify, ${totals.falseAlarms} false alarms; ` +
      `${totals.repaired}/${totals.repairs} repaired; ${totals.wrongBytes} wrong downloads, ${totals.failedDownloads} failed downloads`,
    lost: totals.wrongBytes + totals.failedDownloads,
    figures: extra,
  });
}

function expectAllCaught(totals: TrialTotals): void {
  expect(totals.problems.slice(0, 5), totals.problems.join('\n')).toEqual([]);
  expect(totals.detected).toBe(totals.trials);
  expect(totals.reportedUnhealthy).toBe(totals.trials);
  expect(totals.falseAlarms).toBe(0);
  expect(totals.wrongBytes).toBe(0);
  expect(totals.failedDownloads).toBe(0);
  expect(totals.repaired).toBe(totals.repairs);
}

async function runTrials(count: number, prng: Prng, damage: (shares: ShareFile[], prng: Prng) => Promise<{ bad: ShareFile[]; label: string }>): Promise<TrialTotals> {
  const totals = emptyTotals();
  for (let i = 0; i < count; i++) {
    let label = '';
    const apply: Damage = async (shares) => {
      const done = await damage(shares, prng);
      label = done.label;
      return done.bad;
    };
    addOutcome(totals, await corruptionTrial(grid, target, apply, i % REPAIR_EVERY === 0), label);
  }
  return totals;
}

describe('corrupted shares are detected, repaired, and never returned as data', () => {
  it(`${BIT_FLIPS} seeded single-bit flips across header, blocks, hash trees and URI extension block`, async () => {
    const perRegion: Record<string, number> = {};
    const totals = await runTrials(BIT_FLIPS, seededPrng(2026), async (shares, prng) => {
      const share = prng.pick(shares);
      const region = prng.pick(checkedRegions(await readFile(share.file)));
      const offset = region.start + prng.int(region.end - region.start);
      const bit = prng.int(8);
      await flipBit(share, offset, bit);
      perRegion[region.name] = (perRegion[region.name] ?? 0) + 1;
      return { bad: [share], label: `share ${share.shareNumber} ${region.name} byte ${offset} bit ${bit}` };
    });
    record('Single-bit flips in a share (header version and offsets, block data, hash trees, URI extension block)', totals, perRegion);
    expectAllCaught(totals);
  });

  it('bit flips in bytes no reader uses (header size fields, plaintext hash tree area, a local share file’s lease trailer) never change a download', async () => {
    const perRegion: Record<string, number> = {};
    const totals = await runTrials(OTHER_TRIALS, seededPrng(7), async (shares, prng) => {
      const share = prng.pick(shares);
      const region: Region = prng.pick(unreadRegions(await readFile(share.file)));
      await flipBit(share, region.start + prng.int(region.end - region.start), prng.int(8));
      perRegion[region.name] = (perRegion[region.name] ?? 0) + 1;
      // Tahoe-LAFS readers ignore these bytes, so the damage is harmless; whether the checker flags it is recorded, not required.
      return { bad: [], label: `share ${share.shareNumber} ${region.name}` };
    });
    recordReliability({
      suite: SUITE,
      scenario: 'Bit flips in bytes no reader uses (header size fields, plaintext hash tree area, a local share file’s lease trailer)',
      trials: totals.trials,
      outcome:
        `${totals.falseAlarms}/${totals.trials} flagged by check --verify (not required: the bytes are never read); ` +
        `${totals.wrongBytes} wrong downloads, ${totals.failedDownloads} failed downloads`,
      lost: totals.wrongBytes + totals.failedDownloads,
      figures: perRegion,
    });
    expect(totals.wrongBytes + totals.failedDownloads).toBe(0);
    expect(totals.repaired).toBe(totals.repairs);
  });

  it('truncated shares', async () => {
    const totals = await runTrials(OTHER_TRIALS, seededPrng(11), async (shares, prng) => {
      const share = prng.pick(shares);
      const bytes = await readFile(share.file);
      const length = prng.int(bytes.length);
      await writeFile(share.file, bytes.subarray(0, length));
      return { bad: [share], label: `share ${share.shareNumber} cut to ${length} of ${bytes.length}` };
    });
    record('Share truncated at a random length', totals);
    expectAllCaught(totals);
  });

  it('two shares of the same file swapped', async () => {
    const totals = await runTrials(OTHER_TRIALS, seededPrng(13), async (shares, prng) => {
      const a = prng.pick(shares);
      const b = prng.pick(shares.filter((s) => s.shareNumber !== a.shareNumber));
      const [bytesA, bytesB] = await Promise.all([readFile(a.file), readFile(b.file)]);
      await Promise.all([writeFile(a.file, bytesB), writeFile(b.file, bytesA)]);
      return { bad: [a, b], label: `shares ${a.shareNumber} and ${b.shareNumber} swapped` };
    });
    record('Two shares of the same file swapped', totals);
    expectAllCaught(totals);
  });

  it("a share replaced by another file's share of the same number", async () => {
    const otherShares = await findShareFiles(
      grid.servers.map((s) => s.root),
      other.storageIndex,
    );
    const totals = await runTrials(OTHER_TRIALS, seededPrng(17), async (shares, prng) => {
      const victim = prng.pick(shares);
      const impostor = otherShares.find((s) => s.shareNumber === victim.shareNumber)!;
      await writeFile(victim.file, await readFile(impostor.file));
      return { bad: [victim], label: `share ${victim.shareNumber} replaced` };
    });
    record("A share replaced by another file's share (same number, same size)", totals);
    expectAllCaught(totals);
  });
});
