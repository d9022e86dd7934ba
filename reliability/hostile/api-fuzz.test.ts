/**
 * Property-based fuzz of the API contract: for every operation, arbitrary
 * JSON and mutations of valid inputs go through dispatch() (the path both
 * Electron IPC and HTTP take) and through the real headless HTTP server.
 * Never a crash, never an internal error or a stack trace, always a
 * structured error with a message; successful answers match the contract's
 * output schema; nothing is written outside the data dir; no prototype is
 * polluted.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { apiContract } from '../../shared/api';
import { OPERATION_NAMES, type OperationName } from '../../shared/operations';
import { dispatch } from '../../service/dispatch';
import { startHeadlessServer, type HeadlessServer } from '../../service/http/server';
import { validSamples } from './api-samples';
import { openFuzzFixture, type FuzzFixture } from './fuzz-fixture';
import { inputFor } from './mutate-input';
import { errorBodyProblems, leaksInternals } from './response-checks';
import { rawRequest } from './http-request';
import { snapshotTree, treeChanges } from './tree-snapshot';

const SEED = Number(process.env.RAIC_FUZZ_SEED ?? 4747);
/** 70 runs keep CI under its time budget; RAIC_FUZZ_RUNS sets more for a longer search. */
const DISPATCH_RUNS = Number(process.env.RAIC_FUZZ_RUNS ?? 70);
const HTTP_RUNS = Math.max(5, Math.round(DISPATCH_RUNS / 3));

let fixture: FuzzFixture;
let server: HeadlessServer;
let staticDir: string;
let before: Map<string, string>;

beforeAll(async () => {
  fixture = await openFuzzFixture();
  staticDir = await mkdtemp(path.join(tmpdir(), 'raic-fuzz-ui-'));
  await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>RAIC</title>');
  server = await startHeadlessServer({ api: fixture.service, streams: fixture.service.streamingApi(), staticDir, port: 0, log: (line) => fixture.logs.push(line) });
  before = await snapshotTree(fixture.root, [fixture.dataDir]);
});

afterAll(async () => {
  await server?.close();
  await fixture?.dispose();
  if (staticDir) await rm(staticDir, { recursive: true, force: true });
});

/**
 * Skips inputs naming an existing path outside the data dir ("/", "/etc",
 * the temp folder): uploading "/" or adding "/" as a storage folder is a
 * legitimate (if huge) request, not a hostile one, and would make the fuzz
 * walk or write the host's own files.
 */
function namesExistingPathOutside(input: unknown, dataDir: string): boolean {
  if (typeof input === 'string') {
    if (!input.startsWith('/')) return false;
    const resolved = path.resolve(input);
    return resolved !== dataDir && !resolved.startsWith(`${dataDir}/`) && existsSync(resolved);
  }
  if (input && typeof input === 'object') return Object.values(input).some((v) => namesExistingPathOutside(v, dataDir));
  return false;
}

function samplesFor(op: OperationName): Record<string, unknown>[] {
  return validSamples(fixture.samples)[op];
}

interface Tally {
  calls: number;
  accepted: number;
  refused: number;
  problems: string[];
}

function describeInput(input: unknown): string {
  return (JSON.stringify(input) ?? String(input)).slice(0, 160);
}

describe('API contract fuzz', () => {
  const viaDispatch: Tally = { calls: 0, accepted: 0, refused: 0, problems: [] };
  const viaHttp: Tally = { calls: 0, accepted: 0, refused: 0, problems: [] };

  it('dispatch(): every operation answers arbitrary and mutated input with a result or a structured error', async () => {
    const started = performance.now();
    for (const op of OPERATION_NAMES) {
      await fc.assert(
        fc.asyncProperty(inputFor(samplesFor(op)), async (input) => {
          fc.pre(!namesExistingPathOutside(input, fixture.dataDir));
          viaDispatch.calls++;
          const result = await dispatch(fixture.service, op, input, (line) => fixture.logs.push(line));
          if (result.ok) {
            viaDispatch.accepted++;
            const output = apiContract[op].output.safeParse(result.value);
            if (!output.success) viaDispatch.problems.push(`${op} ${describeInput(input)}: output breaks the contract: ${output.error.issues[0]?.message}`);
          } else {
            viaDispatch.refused++;
            for (const p of errorBodyProblems(result)) viaDispatch.problems.push(`${op} ${describeInput(input)}: ${p}`);
          }
        }),
        { numRuns: DISPATCH_RUNS, seed: SEED, endOnFailure: true },
      );
    }
    recordReliability({
      suite: 'Hostile input',
      scenario: 'API fuzz through dispatch(): arbitrary JSON and mutated valid inputs (traversal, NUL, RTL, 10 000-char and prototype keys) for all 35 operations',
      trials: viaDispatch.calls,
      outcome:
        viaDispatch.problems.length === 0
          ? `no crash, no internal error or stack trace; ${viaDispatch.refused} refused with a structured error, ${viaDispatch.accepted} accepted with contract-valid output`
          : `${viaDispatch.problems.length} problems, first: ${viaDispatch.problems[0]}`,
      lost: 0,
      figures: { operations: OPERATION_NAMES.length, refused: viaDispatch.refused, accepted: viaDispatch.accepted, problems: viaDispatch.problems.length, seed: SEED, seconds: Math.round((performance.now() - started) / 1000) },
    });
    expect(viaDispatch.problems).toEqual([]);
    expect(viaDispatch.refused).toBeGreaterThan(OPERATION_NAMES.length);
  }, 300_000);

  it('HTTP: every route answers arbitrary and mutated bodies (and broken JSON) without a 500 or a stack trace', async () => {
    const started = performance.now();
    const send = async (op: OperationName, body: string | undefined, label: string) => {
      const { method, path: route } = apiContract[op].http;
      const response = await rawRequest(server.port, {
        method,
        path: route,
        headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
        body: method === 'GET' ? undefined : body,
      });
      const text = response.body;
      viaHttp.calls++;
      const where = `${method} ${route} ${label.slice(0, 160)}`;
      if (response.status >= 500) viaHttp.problems.push(`${where}: HTTP ${response.status} ${text.slice(0, 200)}`);
      viaHttp.problems.push(...leaksInternals(text).map((p) => `${where}: ${p}`));
      if (response.status === 200) {
        viaHttp.accepted++;
        return;
      }
      viaHttp.refused++;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        viaHttp.problems.push(`${where}: HTTP ${response.status} body is not JSON: ${text.slice(0, 120)}`);
        return;
      }
      viaHttp.problems.push(...errorBodyProblems(parsed).map((p) => `${where}: ${p}`));
    };
    for (const op of OPERATION_NAMES) {
      await fc.assert(
        fc.asyncProperty(inputFor(samplesFor(op)), async (input) => {
          fc.pre(!namesExistingPathOutside(input, fixture.dataDir));
          const body = JSON.stringify(input);
          await send(op, body, body ?? 'no body');
        }),
        { numRuns: HTTP_RUNS, seed: SEED, endOnFailure: true },
      );
      for (const broken of ['{', '{"path": "/docs/a.txt"', 'null', '[]', '"just a string"', '\u0000\u0001', 'x'.repeat(2 * 1024 * 1024)]) {
        await send(op, broken, `broken body ${JSON.stringify(broken.slice(0, 20))}`);
      }
    }
    const after = await snapshotTree(fixture.root, [fixture.dataDir]);
    const outside = treeChanges(before, after);
    recordReliability({
      suite: 'Hostile input',
      scenario: 'API fuzz through the headless HTTP server (with a valid token): arbitrary and mutated bodies plus broken JSON and a 2 MiB body, every route',
      trials: viaHttp.calls,
      outcome:
        viaHttp.problems.length === 0 && outside.length === 0
          ? `no 5xx, no stack trace or source path in any body; ${viaHttp.refused} structured errors; nothing written outside the data dir`
          : `${viaHttp.problems.length} problems (first: ${viaHttp.problems[0] ?? 'none'}); ${outside.length} paths changed outside the data dir`,
      lost: 0,
      figures: { refused: viaHttp.refused, accepted: viaHttp.accepted, problems: viaHttp.problems.length, pathsChangedOutsideDataDir: outside.length, seed: SEED, seconds: Math.round((performance.now() - started) / 1000) },
    });
    expect(viaHttp.problems).toEqual([]);
    expect(outside).toEqual([]);
  }, 300_000);

  it('no prototype was polluted by "__proto__" and "constructor" keys', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted')).toBe(false);
  });
});
