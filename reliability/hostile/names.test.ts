/**
 * File names: every script people write in (and emoji, combining marks,
 * right-to-left text, zero-byte files, the longest name a disk allows)
 * survives upload, listing and download, through the job API and through the
 * browser's HTTP routes; names that could walk out of a folder or garble a
 * terminal (.., backslash, NUL, control characters, 10 000 characters) are
 * refused with a structured error and leave nothing behind.
 */
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { dispatch } from '../../service/dispatch';
import { authHeaders, startGridUnderTest, type GridUnderTest } from './grid-under-test';
import { rawRequest } from './http-request';
import { errorBodyProblems } from './response-checks';
import { snapshotTree, treeChanges } from './tree-snapshot';

/** One name per script or trap; the content says which, so a mix-up between files shows. */
const NAMES: readonly string[] = [
  'Latin café résumé.txt',
  'Кириллица отчёт.txt',
  'عربي تقرير.txt',
  'עברית דוח.txt', // right to left
  '中文报告 日本語のファイル 한국어.txt',
  'देवनागरी रिपोर्ट.txt',
  'emoji 📷🎉👩‍👩‍👧.txt', // with zero-width joiners
  'combining e\u0301 a\u0308 n\u0303.txt', // decomposed: stored in NFC
  'zero-byte.txt',
  'double  and   triple spaces.txt',
  "quotes ' \" and ; | & $ ` signs.txt",
];

/** 255 bytes: the longest name ext4 and the catalog allow. */
const LONGEST_NAME = `${'n'.repeat(251)}.txt`;

function contentOf(name: string): Buffer {
  return name === 'zero-byte.txt' ? Buffer.alloc(0) : Buffer.from(`content of ${name}\n`.repeat(50));
}

const HOSTILE_PATHS: readonly string[] = [
  '/../../etc/passwd',
  '/docs/../../../tmp/escape.txt',
  '/./hidden',
  '/a\\..\\..\\b.txt',
  'C:\\Windows\\win.ini',
  '/nul\u0000byte.txt',
  '/bell\u0007.txt',
  '/line\nbreak.txt',
  '/mixed \u202eRTL override.txt', // shows as another name
  '/c1 \u009b control.txt',
  '/lone \ud800 surrogate.txt',
  `/${'x'.repeat(10_000)}`,
  `/${'😀'.repeat(64)}.txt`, // 256 bytes in UTF-8: one over the limit
];

/** One record per round trip: the names that did not come back intact are the files lost. */
function recordNames(scenario: string, trials: number, success: string, wrong: string[]): void {
  recordReliability({ suite: 'Hostile input', scenario, trials, outcome: wrong.length === 0 ? success : `wrong: ${wrong.join(', ')}`, lost: wrong.length });
}

let grid: GridUnderTest;
beforeAll(async () => {
  grid = await startGridUnderTest('names');
});
afterAll(async () => {
  await grid?.dispose();
});

describe('names in every script', () => {
  it('upload from disk, list and download to disk intact (names in NFC, bytes exact)', async () => {
    const source = path.join(grid.work, 'scripts');
    await mkdir(source, { recursive: true });
    for (const name of NAMES) await writeFile(path.join(source, name), contentOf(name));
    const { jobs } = await grid.service.uploadPaths({ sources: [source], folder: '/disk' });
    await grid.service.jobsIdle();
    const failed = jobs.map((j) => grid.service.getJob(j.id)).filter((j) => j?.state !== 'done');
    expect(failed).toEqual([]);

    const listed = (await grid.service.listFiles({ folder: '/disk/scripts' })).files.map((f) => f.name).sort();
    expect(listed).toEqual(NAMES.map((n) => n.normalize('NFC')).sort());

    const out = path.join(grid.work, 'downloads');
    for (const name of listed) await grid.service.downloadToPath({ path: `/disk/scripts/${name}`, destination: path.join(out, name) });
    await grid.service.jobsIdle();
    const wrong: string[] = [];
    for (const name of NAMES) {
      const got = await readFile(path.join(out, name.normalize('NFC'))).catch(() => undefined);
      if (!got?.equals(contentOf(name))) wrong.push(name);
    }
    expect((await readdir(out)).sort()).toEqual(listed);
    recordNames(
      'names in Latin, Cyrillic, Arabic, Hebrew (RTL), CJK, Devanagari, emoji with ZWJ, combining marks, RTL override and a zero-byte file: upload from disk, list, download to disk',
      NAMES.length,
      'every name listed (in NFC) and every file downloaded under its name with the exact bytes',
      wrong,
    );
    expect(wrong).toEqual([]);
  });

  it('upload through the browser route and download through a ticket intact', async () => {
    const wrong: string[] = [];
    const names = [...NAMES, LONGEST_NAME];
    for (const name of names) {
      const target = `/browser/${name}`;
      const up = await rawRequest(grid.server.port, {
        method: 'POST',
        path: `/api/v1/files/upload?path=${encodeURIComponent(target)}`,
        headers: authHeaders(grid, { 'Content-Type': 'application/octet-stream' }),
        body: contentOf(name),
      });
      expect(up.status, `${name}: ${up.body}`).toBe(200);
    }
    await grid.service.jobsIdle();
    for (const name of names) {
      const ticket = await rawRequest(grid.server.port, {
        method: 'POST',
        path: '/api/v1/files/download-ticket',
        headers: authHeaders(grid, { 'Content-Type': 'application/json' }),
        body: JSON.stringify({ path: `/browser/${name}` }),
      });
      expect(ticket.status, `${name}: ${ticket.body}`).toBe(200);
      const download = await rawRequest(grid.server.port, { path: (JSON.parse(ticket.body) as { url: string }).url, headers: { Host: `127.0.0.1:${grid.server.port}` } });
      const disposition = String(download.headers['content-disposition']);
      const filename = decodeURIComponent(disposition.replace(/^attachment; filename\*=UTF-8''/, ''));
      // Bodies are compared as text: every sample is UTF-8 text or empty.
      if (download.status !== 200 || download.body !== contentOf(name).toString('utf8') || filename !== name.normalize('NFC')) wrong.push(name);
    }
    recordNames(
      'the same names and a 255-byte name through the headless upload route (?path=) and one-time download tickets',
      names.length,
      'every file came back with its bytes and its name in Content-Disposition (RFC 5987, percent-encoded)',
      wrong,
    );
    expect(wrong).toEqual([]);
  });
});

describe('names at and beyond what the catalog holds', () => {
  it('a 255-byte name uploads from disk and is listed', async () => {
    const source = path.join(grid.work, 'longest');
    await mkdir(source, { recursive: true });
    await writeFile(path.join(source, LONGEST_NAME), contentOf(LONGEST_NAME));
    const { jobs } = await grid.service.uploadPaths({ sources: [source], folder: '/disk' });
    await grid.service.jobsIdle();
    expect(grid.service.getJob(jobs[0]!.id)?.state).toBe('done');
    expect((await grid.service.getFile({ path: `/disk/longest/${LONGEST_NAME}` })).size).toBe(contentOf(LONGEST_NAME).length);
  });

  // Was bug RAIC-REL-3 (fixed): the download's temporary file is ".<name>.raic-partial-<8 hex>", 22 bytes longer than the name, so any name over 233 bytes fails with ENAMETOOLONG.
  it('RAIC-REL-3: downloadToPath writes a file whose name is 255 bytes', async () => {
    const out = path.join(grid.work, 'longest-out', LONGEST_NAME);
    const job = await grid.service.downloadToPath({ path: `/disk/longest/${LONGEST_NAME}`, destination: out });
    await grid.service.jobsIdle();
    expect(grid.service.getJob(job.id)?.state).toBe('done');
    expect(await readFile(out)).toEqual(contentOf(LONGEST_NAME));
  });

  // Was bug RAIC-REL-2 (each job uploaded every share, three times, before the name was refused): now refused before anything is queued.
  it('local names the catalog cannot hold (tab, backslash, escape sequence) are refused before any share is uploaded', async () => {
    const names = ['tab\there.txt', 'back\\slash.txt', 'escape \u001b[31m red.txt'];
    let refused = 0;
    for (const [i, name] of names.entries()) {
      const source = path.join(grid.work, `unholdable-${i}`);
      await mkdir(source, { recursive: true });
      await writeFile(path.join(source, name), 'x'.repeat(1000));
      const error = await grid.service.uploadPaths({ sources: [source], folder: '/unholdable' }).then(
        () => undefined,
        (e: { code?: string; message?: string }) => e,
      );
      if (error?.code === 'invalid_input' && /rename it first/.test(error.message ?? '')) refused++;
    }
    const listed = grid.service.catalog.allFiles().filter((f) => f.path.startsWith('/unholdable/'));
    recordReliability({
      suite: 'Hostile input',
      scenario: 'uploading local files whose names the catalog refuses (tab, backslash, ESC control sequence)',
      trials: names.length,
      outcome: `${refused} of ${names.length} refused before any job was queued, with a message naming the file; none listed`,
      lost: 0,
    });
    expect(refused).toBe(names.length);
    expect(listed).toEqual([]);
    expect(grid.service.catalog.allFiles().length).toBeGreaterThan(0);
  });
});

describe('hostile catalog paths', () => {
  it('are refused by every path operation and by the upload route, leaving nothing behind', async () => {
    const before = await snapshotTree(grid.root, [grid.dataDir]);
    const problems: string[] = [];
    let trials = 0;
    const expectRefused = (what: string, body: unknown, status?: number) => {
      trials++;
      const found = errorBodyProblems(body);
      const code = (body as { error?: { code?: string } }).error?.code;
      if (found.length > 0 || code !== 'invalid_input' || (status !== undefined && status !== 400)) problems.push(`${what}: ${status ?? ''} ${JSON.stringify(body).slice(0, 200)}`);
    };
    for (const hostile of HOSTILE_PATHS) {
      const shown = JSON.stringify(hostile.slice(0, 40));
      for (const [op, input] of [
        ['createFolder', { path: hostile }],
        ['moveFile', { from: '/browser/zero-byte.txt', to: hostile }],
        ['listFiles', { folder: hostile }],
        ['uploadPaths', { sources: [path.join(grid.work, 'scripts', 'zero-byte.txt')], folder: hostile }],
      ] as const) {
        expectRefused(`${op} ${shown}`, await dispatch(grid.service, op, input, (line) => grid.logs.push(line)));
      }
      // A lone surrogate has no UTF-8 form, so no URL can carry it: that one is checked through dispatch only.
      if (/\p{Cs}/u.test(hostile)) continue;
      const up = await rawRequest(grid.server.port, {
        method: 'POST',
        path: `/api/v1/files/upload?path=${encodeURIComponent(hostile)}`,
        headers: authHeaders(grid),
        body: 'payload',
      });
      expectRefused(`upload route ${shown}`, JSON.parse(up.body), up.status);
    }
    await grid.service.jobsIdle();
    const staging = await readdir(path.join(grid.dataDir, 'staging')).catch(() => []);
    const outside = treeChanges(before, await snapshotTree(grid.root, [grid.dataDir]));
    const listedBad = grid.service.catalog.allFiles().filter((f) => /(^|\/)\.\.?(\/|$)|\\|[\u0000-\u001f]/u.test(f.path)); // eslint-disable-line no-control-regex
    recordReliability({
      suite: 'Hostile input',
      scenario: 'path traversal (.., encoded, backslash, drive letters), NUL and control characters, lone surrogates, 10 000-character and 256-byte names in createFolder, moveFile, listFiles, uploadPaths and the upload route',
      trials,
      outcome:
        problems.length === 0 && staging.length === 0 && outside.length === 0
          ? 'every one refused with invalid_input and a message naming the problem; no staged body left; nothing written outside the data dir; no such path listed'
          : `${problems.length} not refused cleanly (first: ${problems[0] ?? '-'}); ${staging.length} staged files left; ${outside.length} paths changed outside`,
      lost: listedBad.length,
    });
    expect(problems).toEqual([]);
    expect(staging).toEqual([]);
    expect(outside).toEqual([]);
    expect(listedBad).toEqual([]);
  });
});
