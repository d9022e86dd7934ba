/**
 * The journey whose leftovers the secrets scan searches: a grid with three
 * local folders, an S3 bucket (Swift's s3api) and a WebDAV share whose
 * credentials live in a real Secret Service; a refused account with its own
 * secret; an upload, checks, a repair, a catalog backup, the removal of the
 * WebDAV account; a service process killed mid-upload; and the CLI's status,
 * usage and account list. Everything the run printed or logged is saved to
 * files beside the data dir, so the scan covers it too.
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import type { AccountInput } from '../../shared/accounts';
import { parseInput } from '../../shared/api';
import { RaicService } from '../../service/raic-service';
import { startHeadlessServer } from '../../service/http/server';
import type { RcloneServer, SwiftServer } from '../../scripts/servers/index';
import { runVictim } from '../crash/run-victim';

const run = promisify(execFile);

export interface JourneyOutputs {
  dataDir: string;
  /** Files holding what the run printed and logged (service log, CLI output, API answers, the killed child's stderr). */
  captured: string[];
  /** Every secret the journey handed to RAIC, by name. */
  secrets: Map<string, string>;
  keychainRefs: { removed: string[]; kept: string[] };
  /** Exit code of each CLI command, by command. */
  cliExits: Record<string, number>;
  steps: string[];
}

export async function runSecretJourney(options: { scratch: string; bucket: string; swift: SwiftServer; webdav: RcloneServer; keychainLookup: (ref: string) => Promise<string> }): Promise<JourneyOutputs> {
  const { scratch, bucket, swift, webdav } = options;
  const dataDir = path.join(scratch, 'data');
  const outDir = path.join(scratch, 'captured');
  await mkdir(outDir, { recursive: true });
  const captured: string[] = [];
  const save = async (name: string, text: string) => {
    const file = path.join(outDir, name);
    await writeFile(file, text);
    captured.push(file);
  };
  const refusedSecret = `refused-${randomBytes(12).toString('hex')}`;
  const secrets = new Map<string, string>([
    ['S3 secret access key', swift.s3.secretAccessKey],
    ['S3 access key id', swift.s3.accessKeyId],
    ['WebDAV password', webdav.password],
    ['secret of a refused account', refusedSecret],
  ]);
  const steps: string[] = [];
  const logs: string[] = [];
  const open = () => RaicService.open(dataDir, { log: (line) => logs.push(line), backupDebounceMs: 500 });

  let service = await open();
  service.startBackground({ monitor: false });
  const locals = (await service.getStatus()).accounts;
  // Three of the five built-in folders stay (with the clouds, enough to move the WebDAV shares off later).
  for (const account of locals.slice(3)) await service.removeAccount({ id: account.id });
  const s3Input = { provider: 's3', name: 'Object storage', preset: 'other', endpoint: swift.s3.endpoint, region: swift.s3.region, bucket, prefix: 'raic/', accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey };
  const refused = await service.addAccount(parseInput('addAccount', { ...s3Input, name: 'Refused', secretAccessKey: refusedSecret } as AccountInput)).catch((e: Error) => e);
  await save('refused-account-error.txt', String((refused as Error).message ?? refused));
  const s3 = await service.addAccount(parseInput('addAccount', s3Input as AccountInput));
  const dav = await service.addAccount(parseInput('addAccount', { provider: 'webdav', name: 'Nextcloud', url: `${webdav.url}/raic/`, username: webdav.user, password: webdav.password }));
  steps.push('added S3 and WebDAV accounts (one refused)');

  const source = path.join(scratch, 'source', 'Documents');
  await mkdir(source, { recursive: true });
  for (const [name, size] of [['letter.txt', 20_000], ['scan.pdf', 700_000], ['empty.txt', 0]] as const) await writeFile(path.join(source, name), randomBytes(size));
  await service.uploadPaths({ sources: [source] });
  await service.jobsIdle();
  steps.push('uploaded a folder of 3 files');
  for (const file of service.catalog.allFiles()) await service.checkFile({ path: file.path, verify: true });
  await service.runHealthCheck({ verify: true });
  steps.push('checked and verified every file');
  await rm(path.join(dataDir, 'local-storage', 'folder-1', 'shares'), { recursive: true, force: true });
  const repair = await service.runHealthCheck({ repair: true });
  steps.push(`repaired after a local folder lost its shares (${repair.repaired} files repaired)`);
  await service.publishCatalogNow();
  steps.push('published the catalog backup');

  // The API's own answers, as a browser would get them.
  const ui = path.join(scratch, 'ui');
  await mkdir(ui, { recursive: true });
  const server = await startHeadlessServer({ api: service, staticDir: ui, port: 0, log: (line) => logs.push(line) });
  for (const [name, route, method] of [['status', '/api/v1/status', 'GET'], ['usage', '/api/v1/usage', 'GET'], ['health', '/api/v1/health', 'GET'], ['events', '/api/v1/health/events', 'POST'], ['jobs', '/api/v1/jobs', 'POST']] as const) {
    const response = await fetch(`${server.url}${route.slice(1)}`, { method, headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
    await save(`api-${name}.json`, await response.text());
  }
  await server.close();
  steps.push('fetched status, usage, health, events and jobs over HTTP');

  await service.removeAccount({ id: dav.id, moveShares: true });
  steps.push('removed the WebDAV account (shares moved)');
  await service.close();

  // A service process killed mid-upload: its stderr is what a crash leaves in a terminal or a service log.
  const more = path.join(scratch, 'source', 'More');
  await mkdir(more, { recursive: true });
  for (let i = 0; i < 4; i++) await writeFile(path.join(more, `part-${i}.bin`), randomBytes(300_000));
  const killed = await runVictim(dataDir, 'upload', more, 150);
  await save('killed-child-stderr.txt', killed.stderr);
  steps.push(`killed a service process mid-upload (${killed.finished ? 'it had finished' : 'work in progress'})`);

  service = await open();
  service.startBackground({ monitor: false });
  await service.jobsIdle();
  await service.close();
  steps.push('reopened and let the interrupted jobs finish');

  const cli = path.resolve('bin/raic.js');
  const cliExits: Record<string, number> = {};
  for (const args of [['status', '--json'], ['usage', '--json'], ['account', 'list', '--json'], ['account', 'test', s3.name]]) {
    const result = await run(process.execPath, [cli, '--data-dir', dataDir, ...args], { env: process.env, timeout: 60_000 }).catch((e: { stdout?: string; stderr?: string; code?: number }) => e);
    const code = 'code' in result && typeof result.code === 'number' ? result.code : 0;
    cliExits[args.join(' ')] = code;
    await save(`cli-${args.join('-')}.txt`, `exit ${code}\n${result.stdout ?? ''}\n${result.stderr ?? ''}`);
  }
  steps.push('ran raic status, usage, account list and account test');
  await save('service-log.txt', logs.join('\n'));

  const refs = (id: string, fields: string[]) => fields.map((f) => `${id}/${f}`);
  const removed: string[] = [];
  const kept: string[] = [];
  for (const ref of refs(dav.id, ['password'])) if ((await options.keychainLookup(ref)) === '') removed.push(ref);
  for (const ref of refs(s3.id, ['accessKeyId', 'secretAccessKey'])) if ((await options.keychainLookup(ref)) !== '') kept.push(ref);
  return { dataDir, captured, secrets, keychainRefs: { removed, kept }, cliExits, steps };
}
