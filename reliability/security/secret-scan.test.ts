/**
 * Secrets scan: after a whole journey with real credentials (S3 and WebDAV
 * servers, a real Secret Service), no file under the data dir (config,
 * catalog and its WAL, job records, keys folder, shares, backups) and nothing
 * the run printed or logged (service log, CLI output, API answers, a killed
 * process's stderr) holds any secret in any common encoding. The secrets are
 * where they belong: in the keychain, and gone from it with their account.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { recordReliability } from '../../scripts/reliability/record';
import { startRcloneServer, startSwiftServer, type RcloneServer, type SwiftServer } from '../../scripts/servers/index';
import { startSecretService, type SecretService } from '../../scripts/servers/secret-service';
import { needlesFor, scanForSecrets } from './secret-forms';
import { runSecretJourney, type JourneyOutputs } from './secret-journey';

const BUCKET = 'raic-secret-scan';
/** The keychain service name RAIC uses by default: safe here, the Secret Service is a private throwaway one. */
const KEYCHAIN_SERVICE = 'RAIC';

let secretService: SecretService;
let swift: SwiftServer;
let webdav: RcloneServer;
let scratch: string;
let savedBus: string | undefined;

beforeAll(async () => {
  // The CLI runs from its bundle: build it when this checkout has none yet.
  if (!existsSync(path.resolve('dist/cli/raic.mjs'))) await promisify(execFile)(process.execPath, ['scripts/build.mjs'], { timeout: 180_000 });
  secretService = await startSecretService();
  savedBus = process.env.DBUS_SESSION_BUS_ADDRESS;
  // The keychain library binds to the session bus at its first call; the child processes inherit it too.
  process.env.DBUS_SESSION_BUS_ADDRESS = secretService.env.DBUS_SESSION_BUS_ADDRESS;
  [swift, webdav] = await Promise.all([startSwiftServer(), startRcloneServer('webdav')]);
  const admin = new S3Client({ endpoint: swift.s3.endpoint, region: swift.s3.region, forcePathStyle: true, credentials: { accessKeyId: swift.s3.accessKeyId, secretAccessKey: swift.s3.secretAccessKey } });
  await admin.send(new CreateBucketCommand({ Bucket: BUCKET }));
  admin.destroy();
  const { mkdir } = await import('node:fs/promises');
  await mkdir(path.join(webdav.dataDir, 'raic'), { recursive: true });
  scratch = await mkdtemp(path.join(tmpdir(), 'raic-secret-scan-'));
}, 240_000);

afterAll(async () => {
  await Promise.all([swift?.stop(), webdav?.stop()]);
  await secretService?.stop();
  if (savedBus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
  else process.env.DBUS_SESSION_BUS_ADDRESS = savedBus;
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('no secret is found in any file of the data dir or in anything the run printed or logged', async () => {
  const started = performance.now();
  const journey: JourneyOutputs = await runSecretJourney({
    scratch,
    bucket: BUCKET,
    swift,
    webdav,
    keychainLookup: async (ref) => (await secretService.secretTool('lookup', 'service', KEYCHAIN_SERVICE, 'username', ref).catch(() => ({ stdout: '' }))).stdout,
  });
  const needles = [...journey.secrets].flatMap(([name, value]) => needlesFor(name, value));
  const scan = await scanForSecrets([journey.dataDir, ...journey.captured], needles);
  recordReliability({
    suite: 'Secrets',
    scenario: `full journey with a real Secret Service, S3 (Swift s3api) and WebDAV: ${journey.steps.join('; ')}; then every file under the data dir and every captured output searched`,
    trials: scan.filesScanned,
    outcome:
      scan.hits.length === 0
        ? `no secret found in ${scan.filesScanned} files (${Math.round(scan.bytesScanned / 1024)} KiB: config, catalog and WAL, keys, job records, shares, logs, CLI and API output, a killed child's stderr); removed account's keychain entries gone, kept account's present`
        : `${scan.hits.length} hits, first: ${scan.hits[0]}`,
    lost: scan.hits.length,
    figures: {
      filesScanned: scan.filesScanned,
      kibScanned: Math.round(scan.bytesScanned / 1024),
      secretsChecked: journey.secrets.size,
      formsChecked: needles.length,
      keychainEntriesRemovedWithAccount: journey.keychainRefs.removed.length,
      keychainEntriesKept: journey.keychainRefs.kept.length,
      seconds: Math.round((performance.now() - started) / 1000),
    },
  });
  expect(scan.hits).toEqual([]);
  // The scan must have looked at the places secrets would leak to, and the CLI must really have run (with the keychain).
  for (const name of ['grid.json', 'catalog.sqlite']) expect(existsSync(path.join(journey.dataDir, name)), name).toBe(true);
  expect(journey.cliExits).toEqual({ 'status --json': 0, 'usage --json': 0, 'account list --json': 0, 'account test Object storage': 0 });
  expect(journey.captured.length).toBeGreaterThanOrEqual(10);
  expect(journey.keychainRefs).toEqual({ removed: [expect.stringMatching(/\/password$/)], kept: [expect.stringMatching(/accessKeyId$/), expect.stringMatching(/secretAccessKey$/)] });
}, 400_000);
