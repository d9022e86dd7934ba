/**
 * Writes docs/reliability.md from the reliability suite's records
 * (test-results/reliability/*.jsonl, see record.ts): one table per suite,
 * totals, and the machine the run was made on. Run after the reliability
 * tests: `node --import tsx scripts/reliability/report.ts`.
 *
 * Records accumulate across runs. Only the latest run is reported: the
 * newest records, back to the first gap of more than 30 minutes (scenarios
 * of one run follow each other within minutes), so a renamed or removed
 * scenario does not linger; within that run a scenario tried twice shows its
 * latest record.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RESULTS_DIR, type ReliabilityRecord } from './record';

type StoredRecord = ReliabilityRecord & { at: string };

const OUTPUT = path.resolve(process.env.RAIC_RELIABILITY_REPORT ?? 'docs/reliability.md');
/** Suites in reading order; any other suite follows, alphabetically. */
const SUITE_ORDER = ['Backend faults', 'Corruption', 'Load', 'Crash safety', 'Hostile input', 'Attack regressions', 'Security'];

function readRecords(dir: string): StoredRecord[] {
  if (!existsSync(dir)) return [];
  const records: StoredRecord[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (line.trim()) records.push(JSON.parse(line) as StoredRecord);
    }
  }
  return records;
}

const RUN_GAP_MS = 30 * 60 * 1000;

/** The records of the latest run: newest first, back to the first long pause, returned oldest first. */
function latestRun(records: StoredRecord[]): StoredRecord[] {
  const sorted = [...records].sort((a, b) => a.at.localeCompare(b.at));
  let first = sorted.length - 1;
  while (first > 0 && Date.parse(sorted[first]!.at) - Date.parse(sorted[first - 1]!.at) < RUN_GAP_MS) first--;
  return sorted.slice(Math.max(first, 0));
}

/** The latest record of each (suite, scenario), in the order scenarios first appeared. */
function latestPerScenario(records: StoredRecord[]): StoredRecord[] {
  const latest = new Map<string, StoredRecord>();
  for (const record of records) latest.set(`${record.suite}\u0000${record.scenario}`, record);
  return [...latest.values()];
}

function bySuite(records: StoredRecord[]): Map<string, StoredRecord[]> {
  const rank = (suite: string) => (SUITE_ORDER.includes(suite) ? SUITE_ORDER.indexOf(suite) : SUITE_ORDER.length);
  const suites = [...new Set(records.map((r) => r.suite))].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  return new Map(suites.map((suite) => [suite, records.filter((r) => r.suite === suite)]));
}

/** Table cells: pipes and line breaks would break the row. */
function cell(value: string | number): string {
  return String(value).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function figures(record: StoredRecord): string {
  return Object.entries(record.figures ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
}

function suiteTable(records: StoredRecord[]): string[] {
  return [
    '| Scenario | Trials | Outcome | Lost | Figures |',
    '| --- | ---: | --- | ---: | --- |',
    ...records.map((r) => `| ${cell(r.scenario)} | ${r.trials} | ${cell(r.outcome)} | ${r.lost} | ${cell(figures(r))} |`),
  ];
}

function machine(): string[] {
  const cpus = os.cpus();
  const model = cpus[0]?.model.trim() ?? 'unknown CPU';
  return [
    `- CPUs: ${cpus.length} x ${model}`,
    `- Memory: ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    `- Node.js: ${process.version} on ${os.platform()} ${os.release()} (${os.arch()})`,
  ];
}

export function renderReport(records: StoredRecord[], generatedAt: Date): string {
  const suites = bySuite(records);
  const sum = (list: StoredRecord[], pick: (r: StoredRecord) => number) => list.reduce((total, r) => total + pick(r), 0);
  const times = records.map((r) => r.at).sort();
  const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
  const lines = [
    '# Reliability',
    '',
    'RAIC exists to keep files when things fail, so its reliability suite fails things on purpose and counts what happens:',
    'storage backends that go down, stall, slow down, drop connections, answer 500 or 503 or cut bodies short (through a fault',
    'proxy in front of a real S3 server); shares damaged on disk (bit flips in every part of the share, truncation, swapped and',
    'foreign shares); many transfers at once with health checks running and memory measured; and, where present, the crash',
    'safety, hostile-input and security suites, and the attack regressions: each defect an independent attack found, replayed',
    'as it was found. Every scenario compares every download with the original by SHA-256.',
    '',
    '**Target: nothing lost.** "Lost" counts files (or bytes, or secrets) lost or returned wrong; every row should say 0.',
    '',
    '## Summary',
    '',
    '| Suite | Scenarios | Trials | Lost |',
    '| --- | ---: | ---: | ---: |',
    ...[...suites].map(([suite, list]) => `| ${cell(suite)} | ${list.length} | ${sum(list, (r) => r.trials)} | ${sum(list, (r) => r.lost)} |`),
    `| **Total** | **${records.length}** | **${sum(records, (r) => r.trials)}** | **${sum(records, (r) => r.lost)}** |`,
    '',
  ];
  for (const [suite, list] of suites) lines.push(`## ${suite}`, '', ...suiteTable(list), '');
  lines.push(
    '## Run',
    '',
    `- Tests run: ${minute(times[0] ?? '')} to ${minute(times.at(-1) ?? '')} UTC; report generated ${minute(generatedAt.toISOString())} UTC`,
    ...machine(),
    '',
    '_This file is generated: run the reliability tests, then `node --import tsx scripts/reliability/report.ts`, which reads',
    '`test-results/reliability/*.jsonl` (written by `scripts/reliability/record.ts`) and reports the latest run.',
    'Do not edit it by hand._',
    '',
  );
  return lines.join('\n');
}

function main(): void {
  const records = latestPerScenario(latestRun(readRecords(RESULTS_DIR)));
  if (records.length === 0) {
    process.stderr.write(`reliability report: no records in ${RESULTS_DIR}; run the reliability tests first.\n`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(OUTPUT, renderReport(records, new Date()));
  process.stdout.write(`reliability report: ${records.length} scenarios -> ${path.relative(process.cwd(), OUTPUT)}\n`);
}

main();
