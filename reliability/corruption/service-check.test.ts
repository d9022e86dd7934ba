/**
 * Corruption seen through the service's API: damaged shares in the account
 * folders must make checkFile (verify) report the file as not healthy with
 * the damaged shares listed, checkFile (repair) must bring it back, a health
 * pass with verify and repair must fix several files at once, and every
 * download job must write the original bytes.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { restoreShares } from '../support/corruption-trial';
import { sha256 } from '../support/digest';
import { seededPrng, type Prng } from '../support/prng';
import { checkedRegions, findShareFiles, snapshot, type ShareFile } from '../support/share-files';
import { downloadDigest, openServiceGrid, storageIndexOfPath, uploadFiles, type ServiceGrid } from '../support/service-grid';

const SUITE = 'Corruption';
const TRIALS_PER_KIND = 4;

let grid: ServiceGrid;
const digests = new Map<string, string>();
const storageIndexes = new Map<string, string>();

beforeAll(async () => {
  grid = await openServiceGrid('service-corruption');
  const prng = seededPrng(99);
  // Multi-segment (1 MiB segments), one segment, and small.
  const files = new Map([
    ['album.bin', prng.bytes(2_600_000)],
    ['letter.bin', prng.bytes(400_000)],
    ['note.bin', prng.bytes(9_000)],
  ]);
  const states = await uploadFiles(grid, files);
  expect([...states.values()]).toEqual(['done', 'done', 'done']);
  for (const [name, bytes] of files) {
    digests.set(`/${name}`, sha256(bytes));
    storageIndexes.set(`/${name}`, await storageIndexOfPath(grid, `/${name}`));
  }
});
afterAll(async () => {
  await grid?.close();
});

type Damage = (shares: ShareFile[], prng: Prng, catalogPath: string) => Promise<ShareFile[]>;

const damages: Record<string, Damage> = {
  'bit flip': async (shares, prng) => {
    const share = prng.pick(shares);
    const bytes = await readFile(share.file);
    const region = prng.pick(checkedRegions(bytes));
    bytes[region.start + prng.int(region.end - region.start)]! ^= 1 << prng.int(8);
    await writeFile(share.file, bytes);
    return [share];
  },
  truncation: async (shares, prng) => {
    const share = prng.pick(shares);
    const bytes = await readFile(share.file);
    await writeFile(share.file, bytes.subarray(0, prng.int(bytes.length)));
    return [share];
  },
  'swapped shares': async (shares, prng) => {
    const a = prng.pick(shares);
    const b = prng.pick(shares.filter((s) => s.shareNumber !== a.shareNumber));
    const [bytesA, bytesB] = await Promise.all([readFile(a.file), readFile(b.file)]);
    await Promise.all([writeFile(a.file, bytesB), writeFile(b.file, bytesA)]);
    return [a, b];
  },
  "another file's share": async (shares, prng, catalogPath) => {
    const victim = prng.pick(shares);
    const otherPath = prng.pick([...storageIndexes.keys()].filter((p) => p !== catalogPath));
    const others = await findShareFiles(grid.accountRoots, storageIndexes.get(otherPath)!);
    const impostor = others.find((s) => s.shareNumber === victim.shareNumber) ?? others[0]!;
    await writeFile(victim.file, await readFile(impostor.file));
    return [victim];
  },
};

describe('corruption through the service API (5 local accounts, 3-of-5)', () => {
  it('checkFile --verify reports each damage, checkFile --repair fixes it, downloads stay exact', async () => {
    const prng = seededPrng(5);
    const accounts = (await grid.service.getStatus()).accounts.map((a) => a.id);
    let trials = 0;
    let detected = 0;
    let repaired = 0;
    let lost = 0;
    const problems: string[] = [];
    for (const [kind, damage] of Object.entries(damages)) {
      for (let i = 0; i < TRIALS_PER_KIND; i++) {
        trials++;
        const catalogPath = prng.pick([...digests.keys()]);
        const si = storageIndexes.get(catalogPath)!;
        const shares = await findShareFiles(grid.accountRoots, si);
        const saved = await snapshot(shares);
        try {
          const bad = await damage(shares, prng, catalogPath);
          const check = await grid.service.checkFile({ path: catalogPath, verify: true });
          const flagged = new Set(check.corrupt.map((c) => `${c.accountId}/${c.shareNumber}`));
          if (check.health !== 'healthy' && bad.every((b) => flagged.has(`${accounts[b.server]}/${b.shareNumber}`))) detected++;
          else problems.push(`${kind} on ${catalogPath}: ${check.health}, flagged ${[...flagged].join(', ') || 'nothing'}`);
          if ((await downloadDigest(grid, catalogPath)).digest !== digests.get(catalogPath)) lost++;
          const fixed = await grid.service.checkFile({ path: catalogPath, verify: true, repair: true });
          if (fixed.repaired && fixed.health === 'healthy') repaired++;
          else problems.push(`${kind} on ${catalogPath}: after repair ${fixed.health} (${fixed.summary})`);
          if ((await downloadDigest(grid, catalogPath)).digest !== digests.get(catalogPath)) lost++;
        } finally {
          await restoreShares(grid.accountRoots, si, saved);
        }
      }
    }
    recordReliability({
      suite: SUITE,
      scenario: 'Service checkFile on damaged shares (bit flip, truncation, swap, foreign share)',
      trials,
      outcome: `${detected}/${trials} reported not healthy with the damaged shares listed; ${repaired}/${trials} repaired to healthy; ${2 * trials - lost}/${2 * trials} downloads exact`,
      lost,
    });
    expect(problems).toEqual([]);
    expect(lost).toBe(0);
  });

  it('a health pass with verify and repair fixes every damaged file at once', async () => {
    const prng = seededPrng(6);
    const saved = new Map<string, Map<string, Buffer>>();
    for (const [catalogPath, si] of storageIndexes) {
      const shares = await findShareFiles(grid.accountRoots, si);
      saved.set(si, await snapshot(shares));
      await damages['bit flip']!(shares, prng, catalogPath);
    }
    const pass = await grid.service.runHealthCheck({ verify: true, repair: true });
    let lost = 0;
    for (const [catalogPath, digest] of digests) if ((await downloadDigest(grid, catalogPath)).digest !== digest) lost++;
    const after = await grid.service.runHealthCheck({ verify: true });
    recordReliability({
      suite: SUITE,
      scenario: 'Health pass (verify + repair) over every file with one damaged share each',
      trials: digests.size,
      outcome: `${pass.repaired}/${digests.size} repaired in one pass, ${pass.repairFailed} repairs failed; next pass: ${after.counts.healthy ?? 0} healthy; ${digests.size - lost}/${digests.size} downloads exact`,
      lost,
      figures: { passMs: pass.durationMs },
    });
    for (const [si, files] of saved) await restoreShares(grid.accountRoots, si, files);
    expect(pass.repaired).toBe(digests.size);
    expect(after.counts.healthy).toBe(digests.size);
    expect(lost).toBe(0);
  });
});
