// A process storing shares is killed (SIGKILL) at seeded moments: every share visible afterwards is
// whole, reads exactly its bytes, and has a running lease (embedded in its trailer, share-trailer.ts).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { base32Decode } from '../../chk/base32';
import { LocalFolderStorageServer } from './local-folder-server';

const VICTIM = join(__dirname, 'embedded-lease-crash-victim.ts');
const KILL_DELAYS_MS = [150, 420, 900];

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'raic-embedded-lease-crash-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the victim until `delayMs` after it is ready, then kills it. */
function runAndKill(delayMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', VICTIM, root], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('error', reject);
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the victim ended by itself: ${stderr}`))));
  });
}

it(`leaves only whole shares, each with a running lease, when killed while storing (${KILL_DELAYS_MS.length} kills)`, async () => {
  let audited = 0;
  for (const delay of KILL_DELAYS_MS) {
    await runAndKill(delay);
    const server = new LocalFolderStorageServer({ serverId: 'audit', nickname: 'audit', root });
    const stored = await server.listStoredShares();
    for (const share of stored) {
      const si = base32Decode(share.storageIndex);
      const length = Buffer.from(si).readUInt32BE(0);
      const reader = (await server.getBuckets(si)).get(share.shareNumber)!;
      expect(reader.size, share.storageIndex).toBe(length);
      const bytes = Buffer.from(await reader.read(0, length + 500));
      expect(bytes.equals(Buffer.alloc(length, si[4]!)), share.storageIndex).toBe(true);
      expect(share.lease, share.storageIndex).toBe('active');
    }
    audited = stored.length;
    expect(await server.listExpiredShares()).toEqual([]);
  }
  // The victim got far enough to store shares before the last kill (else the audit checked nothing).
  expect(audited).toBeGreaterThan(0);
}, 120_000);
