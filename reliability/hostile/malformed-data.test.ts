/**
 * Malformed data RAIC reads back from its own disk or from storage: a
 * damaged grid.json or catalog, caps that are not caps (typed by a user,
 * or a catalog entry gone bad), and share keys and storage indexes that try
 * to leave their folder. Each must be refused with a clear error, never a
 * crash, and never a file touched outside the storage folder.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { formatCap, parseCap } from '../../engine/chk/caps';
import { CapError } from '../../engine/chk/errors';
import { LocalBlobStore } from '../../engine/backends/local';
import { isBlobKey } from '../../engine/backends/common/keys';
import { LocalFolderStorageServer } from '../../engine/storage/local';
import { parseShareObjectKey } from '../../engine/storage/blob-server/keys';
import { RaicService } from '../../service/raic-service';
import { dispatch } from '../../service/dispatch';
import { HOSTILE_STRINGS, hostileString } from './hostile-strings';
import { errorBodyProblems } from './response-checks';
import { snapshotTree, treeChanges } from './tree-snapshot';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raic-malformed-'));
});
afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const GARBAGE_CONFIGS: Record<string, string | Buffer> = {
  empty: '',
  'cut short': '{"version": 2, "encoding": {',
  binary: Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37, 0x80, 0x81]),
  'a list': '[]',
  null: 'null',
  'no accounts': '{"version": 2, "encoding": {"needed": 3, "happy": 4, "total": 5, "maxSegmentSize": 1048576}}',
  'from the future': '{"version": 99}',
  'bad encoding': '{"version": 2, "encoding": {"needed": 9, "happy": 1, "total": 2, "maxSegmentSize": -1}, "accounts": []}',
  'account without provider': '{"version": 2, "encoding": {"needed": 1, "happy": 1, "total": 1, "maxSegmentSize": 1024}, "accounts": [{"id": "x", "name": "y", "settings": {}}]}',
  'prototype keys': '{"__proto__": {"polluted": true}, "version": 2}',
};

describe('a damaged grid.json or catalog', () => {
  it('makes RaicService.open fail with an error naming the file, never a crash', async () => {
    const problems: string[] = [];
    for (const [label, content] of Object.entries(GARBAGE_CONFIGS)) {
      const dataDir = path.join(root, `config-${label.replace(/\W+/g, '-')}`);
      await mkdir(dataDir, { recursive: true });
      await writeFile(path.join(dataDir, 'grid.json'), content);
      const error = await RaicService.open(dataDir, { log: () => {} }).then(
        async (service) => {
          await service.close();
          return undefined;
        },
        (e: unknown) => e as Error,
      );
      if (!error) problems.push(`${label}: opened`);
      else if (!error.message.includes(path.join(dataDir, 'grid.json'))) problems.push(`${label}: "${error.message}" does not name the file`);
      else if (/\n\s+at /.test(error.message)) problems.push(`${label}: stack in message`);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const catalogDir = path.join(root, 'catalog-garbage');
    await mkdir(catalogDir, { recursive: true });
    await writeFile(path.join(catalogDir, 'catalog.sqlite'), Buffer.alloc(8192, 0x5a));
    const catalogError = await RaicService.open(catalogDir, { log: () => {} }).then(
      async (service) => {
        await service.close();
        return undefined;
      },
      (e: unknown) => e as Error & { code?: string },
    );
    if (!catalogError) problems.push('garbage catalog.sqlite: opened');
    else if (!/catalog/i.test(catalogError.message)) problems.push(`garbage catalog.sqlite: "${catalogError.message}" does not say the catalog is damaged`);

    recordReliability({
      suite: 'Hostile input',
      scenario: `damaged grid.json (${Object.keys(GARBAGE_CONFIGS).join(', ')}) and a garbage catalog.sqlite at startup`,
      trials: Object.keys(GARBAGE_CONFIGS).length + 1,
      outcome: problems.length === 0 ? 'RaicService.open refused every one with an error naming grid.json (or the catalog); nothing opened half-configured' : problems.join('; '),
      lost: 0,
    });
    expect(problems).toEqual([]);
  });

  it('a grid.json that is a folder is reported with its path', async () => {
    const dataDir = path.join(root, 'config-is-a-folder');
    await mkdir(path.join(dataDir, 'grid.json'), { recursive: true });
    const error = (await RaicService.open(dataDir, { log: () => {} }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    // Node's own EISDIR message; the path is in error.path, shown by the CLI and the desktop shell.
    expect(`${error.message} ${(error as NodeJS.ErrnoException).path ?? ''}`).toMatch(/grid\.json|EISDIR/);
  });
});

describe('caps that are not caps', () => {
  const valid = [
    'URI:CHK:mre3vbcj3srzydyfbdprjmo4ty:ybwahmyby5sehfjpgbuvpqcg6pu3hkqlh7teu6xnwhv2lvzu5tgq:3:10:1048576',
    'URI:CHK-Verifier:bqrqm6iufhmhxq5h4q6v2cvl3u:ybwahmyby5sehfjpgbuvpqcg6pu3hkqlh7teu6xnwhv2lvzu5tgq:3:10:1048576',
    'URI:LIT:nbswy3dpeb3w64tmmq',
  ];
  /** One character replaced, dropped or doubled, or a field swapped for something hostile. */
  const mutatedCap = fc
    .tuple(fc.constantFrom(...valid), fc.nat(), fc.constantFrom('replace', 'drop', 'double', 'field'), hostileString, fc.string({ minLength: 1, maxLength: 1 }))
    .map(([cap, at, how, hostile, char]) => {
      const i = at % cap.length;
      if (how === 'replace') return cap.slice(0, i) + char + cap.slice(i + 1);
      if (how === 'drop') return cap.slice(0, i) + cap.slice(i + 1);
      if (how === 'double') return cap.slice(0, i) + cap[i] + cap.slice(i);
      const fields = cap.split(':');
      fields[at % fields.length] = hostile;
      return fields.join(':');
    });

  it("the engine's parseCap returns a cap that formats back, or throws CapError; nothing else", () => {
    let trials = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.oneof(mutatedCap, hostileString, fc.string({ unit: 'binary' })), (text) => {
        trials++;
        try {
          const cap = parseCap(text);
          expect(parseCap(formatCap(cap))).toEqual(cap);
        } catch (error) {
          refused++;
          expect(error).toBeInstanceOf(CapError);
          expect((error as Error).message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 3000, seed: 4747 },
    );
    for (const cap of valid) expect(formatCap(parseCap(cap))).toBe(cap);
    recordReliability({
      suite: 'Hostile input',
      scenario: 'malformed caps (mutated CHK, CHK-Verifier and LIT caps, hostile and random strings) through parseCap',
      trials,
      outcome: `${refused} refused with CapError and a message, ${trials - refused} parsed and formatted back to the same cap; no other exception`,
      lost: 0,
    });
  });

  /** A grid with one stored file whose catalog cap is then overwritten with each bad cap in turn. */
  async function withDamagedCap(run: (service: RaicService, setCap: (cap: string) => void, logs: string[]) => Promise<void>): Promise<void> {
    const dataDir = path.join(root, `bad-cap-${Math.random().toString(36).slice(2)}`);
    const source = path.join(root, 'bad-cap-source.txt');
    await writeFile(source, 'some bytes that go into shares '.repeat(200));
    const logs: string[] = [];
    const service = await RaicService.open(dataDir, { log: (line) => logs.push(line), backupDebounceMs: 3_600_000 });
    try {
      service.startBackground({ monitor: false });
      await service.uploadPaths({ sources: [source], folder: '/docs' });
      await service.jobsIdle();
      await run(service, (cap) => service.catalog.db.prepare('UPDATE files SET cap = ? WHERE path = ?').run(cap, '/docs/bad-cap-source.txt'), logs);
    } finally {
      await service.close();
    }
  }
  const BAD_CAPS = ['URI:CHK:garbage', 'not a cap', 'URI:SSK:abc:def', HOSTILE_STRINGS.find((s) => s.length > 1000)!];
  const FILE = '/docs/bad-cap-source.txt';

  it('a catalog entry whose cap went bad: getFile and the health pass answer, checkFile fails without leaking, the download fails cleanly', async () => {
    await withDamagedCap(async (service, setCap, logs) => {
      const problems: string[] = [];
      let internal = 0;
      const log = (line: string) => logs.push(line);
      for (const [i, badCap] of BAD_CAPS.entries()) {
        setCap(badCap);
        const shown = JSON.stringify(badCap.slice(0, 30));
        const file = await dispatch(service, 'getFile', { path: FILE }, log);
        if (!file.ok) problems.push(`getFile with cap ${shown}: ${file.error.message}`);
        const pass = await dispatch(service, 'runHealthCheck', { verify: true }, log);
        if (!pass.ok) problems.push(`runHealthCheck with cap ${shown}: ${pass.error.message}`);
        const check = await dispatch(service, 'checkFile', { path: FILE, verify: true }, log);
        // Must be a structured 'unavailable' saying the entry is damaged (RAIC-REL-4, fixed), never an internal error.
        if (check.ok) problems.push(`checkFile with cap ${shown}: reported ${JSON.stringify(check.value).slice(0, 80)}`);
        else if (check.error.code === 'internal') internal++;
        problems.push(...(check.ok ? [] : errorBodyProblems(check).filter((p) => !p.startsWith('internal error')).map((p) => `checkFile with cap ${shown}: ${p}`)));
        // Each failing download is retried with back-off: two kinds of bad cap are enough to show it ends cleanly.
        if (i < 2) {
          const job = await service.downloadToPath({ path: FILE, destination: path.join(root, 'bad-cap-out', 'x.txt') });
          await service.jobsIdle();
          const ended = service.getJob(job.id);
          if (ended?.state !== 'failed' || !ended.error) problems.push(`download with cap ${shown}: ${ended?.state}`);
        }
      }
      const leftovers = await readdir(path.join(root, 'bad-cap-out')).catch(() => []);
      recordReliability({
        suite: 'Hostile input',
        scenario: 'a catalog entry whose cap was damaged on disk (4 kinds of bad cap): getFile, a verifying health pass, checkFile --verify, download',
        trials: BAD_CAPS.length * 3 + 2,
        outcome:
          problems.length === 0 && leftovers.length === 0
            ? `getFile and the health pass answered; checkFile said the catalog entry is damaged (internal errors: ${internal} of ${BAD_CAPS.length}); downloads failed at once (not retried) with a message and left no partial file`
            : `${problems.join('; ')}; ${leftovers.length} partial files`,
        lost: 0,
        figures: { checkFileInternalErrors: internal },
      });
      expect(problems).toEqual([]);
      expect(leftovers).toEqual([]);
      expect(internal).toBe(0);
    });
  });

  // Was bug RAIC-REL-4 (checkGridFile's CapError reached dispatch as an unexpected error and answered "internal").
  it('RAIC-REL-4: checkFile on a damaged cap answers a structured error that says the catalog entry is damaged', async () => {
    await withDamagedCap(async (service, setCap, logs) => {
      setCap('URI:CHK:garbage');
      const check = await dispatch(service, 'checkFile', { path: FILE }, (line) => logs.push(line));
      expect(check.ok).toBe(false);
      expect(errorBodyProblems(check)).toEqual([]);
    });
  });
});

describe('share keys and storage indexes that try to leave their folder', () => {
  it('LocalBlobStore refuses hostile keys for put, get, stat and delete; nothing is written outside its root', async () => {
    const storeRoot = path.join(root, 'blob-store', 'root');
    await mkdir(storeRoot, { recursive: true });
    const store = new LocalBlobStore({ root: storeRoot });
    const before = await snapshotTree(path.join(root, 'blob-store'), [storeRoot]);
    // "__proto__" or "constructor" are ordinary key names (they stay inside the root); everything else here must be refused.
    const keys = [...HOSTILE_STRINGS, '../outside', 'a/../../outside', '/etc/passwd', 'shares/../../outside', 'a//b', 'a/./b', 'shares/\u0000', '.', 'shares/..'].filter((k) => !isBlobKey(k));
    const accepted: string[] = [];
    for (const key of keys) {
      for (const [op, run] of [
        ['put', () => store.put(key, new Uint8Array([1, 2, 3]))],
        ['get', () => store.get(key)],
        ['stat', () => store.stat(key)],
        ['delete', () => store.delete(key)],
      ] as const) {
        const refused = await (run as () => Promise<unknown>)().then(
          () => false,
          () => true,
        );
        if (!refused) accepted.push(`${op} ${JSON.stringify(key.slice(0, 40))}`);
      }
    }
    const outside = treeChanges(before, await snapshotTree(path.join(root, 'blob-store'), [storeRoot]));
    recordReliability({
      suite: 'Hostile input',
      scenario: 'hostile blob keys (.., absolute, backslash, NUL, empty, 10 000 characters) in LocalBlobStore put/get/stat/delete',
      trials: keys.length * 4,
      outcome: accepted.length === 0 && outside.length === 0 ? 'every call refused; nothing written outside the store root' : `accepted: ${accepted.join(', ')}; outside: ${outside.join(', ')}`,
      lost: 0,
    });
    expect(accepted).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('LocalFolderStorageServer refuses bad storage indexes and share numbers; object-name parsing ignores hostile names', async () => {
    const serverRoot = path.join(root, 'share-server', 'root');
    await mkdir(serverRoot, { recursive: true });
    const server = new LocalFolderStorageServer({ serverId: 'hostile', nickname: 'hostile', root: serverRoot });
    const before = await snapshotTree(path.join(root, 'share-server'), [serverRoot]);
    const secret = new Uint8Array(32);
    const badIndexes: unknown[] = [new Uint8Array(0), new Uint8Array(15), new Uint8Array(17), 'aaaaaaaaaaaaaaaa', '../../../../etc', null, [1, 2, 3], new Uint16Array(16)];
    const badShares = [-1, 256, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '../0' as unknown as number];
    const accepted: string[] = [];
    const tryIt = async (what: string, run: () => Promise<unknown>) => {
      if (await run().then(() => true, () => false)) accepted.push(what);
    };
    for (const si of badIndexes) {
      await tryIt(`getBuckets(${String(si)})`, () => server.getBuckets(si as Uint8Array));
      await tryIt(`allocateBuckets(${String(si)})`, () =>
        server.allocateBuckets({ storageIndex: si as Uint8Array, renewSecret: secret, cancelSecret: secret, uploadSecret: secret, shareNumbers: [0], allocatedSize: 10 }),
      );
    }
    for (const n of badShares) {
      await tryIt(`allocateBuckets(share ${String(n)})`, () =>
        server.allocateBuckets({ storageIndex: new Uint8Array(16), renewSecret: secret, cancelSecret: secret, uploadSecret: secret, shareNumbers: [n], allocatedSize: 10 }),
      );
      await tryIt(`adviseCorruptShare(share ${String(n)})`, () => server.adviseCorruptShare(new Uint8Array(16), n, 'hostile'));
    }
    let parsedHostile = 0;
    fc.assert(
      fc.property(fc.oneof(hostileString, fc.string({ unit: 'binary' }).map((s) => `shares/${s}`)), (key) => {
        const parsed = parseShareObjectKey('shares/', key);
        // Whatever parses must be a clean base32 storage index and a share number in range: safe to use in names.
        if (parsed) {
          parsedHostile++;
          expect(parsed.si).toMatch(/^[a-z2-7]{26}$/);
          expect(parsed.shareNumber).toBeLessThan(256);
        }
      }),
      { numRuns: 2000, seed: 4747 },
    );
    const outside = treeChanges(before, await snapshotTree(path.join(root, 'share-server'), [serverRoot]));
    recordReliability({
      suite: 'Hostile input',
      scenario: 'bad storage indexes (wrong length, strings, traversal) and share numbers (negative, 256, fractions, NaN) at the local share server; 2000 hostile object names through the blob server key parser',
      trials: badIndexes.length * 2 + badShares.length * 2 + 2000,
      outcome: accepted.length === 0 && outside.length === 0 ? `every bad index and share number refused; the parser accepted ${parsedHostile} names, all clean; nothing written outside the server root` : `accepted: ${accepted.join(', ')}; outside: ${outside.join(', ')}`,
      lost: 0,
    });
    expect(accepted).toEqual([]);
    expect(outside).toEqual([]);
  });
});
