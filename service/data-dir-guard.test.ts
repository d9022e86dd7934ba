/**
 * The data folder is private and held by one process: folder 0700 and catalog
 * 0600 whatever the umask, an open folder tightened with a notice, a second
 * process refused with the holder named, and the lock gone when its holder is
 * killed.
 */
import { chmod, mkdtemp, mkdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../shared/api';
import { RaicService } from './raic-service';
import { recordReliability } from '../scripts/reliability/record';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function tempRoot(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'raic-guard-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function open(dataDir: string, holderName = 'raic test'): Promise<RaicService> {
  const service = await RaicService.open(dataDir, { log: () => undefined, backupDebounceMs: 60_000, holderName });
  cleanups.push(() => service.close());
  return service;
}

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe('a private data folder', () => {
  it('is created 0700 with a 0600 catalog even under umask 022', async () => {
    const previous = process.umask(0o022);
    try {
      const dataDir = path.join(await tempRoot(), 'data');
      const service = await open(dataDir);
      await service.createFolder({ path: '/Photos' }); // a write, so the WAL exists
      expect(await modeOf(dataDir)).toBe(0o700);
      expect(await modeOf(path.join(dataDir, 'catalog.sqlite'))).toBe(0o600);
      expect(await modeOf(path.join(dataDir, 'catalog.sqlite-wal'))).toBe(0o600);
      expect(await modeOf(path.join(dataDir, 'grid.json'))).toBe(0o600);
      recordReliability({
        suite: 'Attack regressions',
        scenario: 'a new data folder under umask 022: modes of the folder, the catalog (every read cap), its WAL and grid.json',
        trials: 4,
        outcome: 'folder 0700; catalog, WAL and grid.json 0600: another local user can neither list nor read them',
        lost: 0,
      });
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a folder other users could read, and says so in the event log', async () => {
    const dataDir = path.join(await tempRoot(), 'data');
    await (await open(dataDir)).close();
    await chmod(dataDir, 0o755);
    await chmod(path.join(dataDir, 'catalog.sqlite'), 0o644);
    const service = await open(dataDir);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(path.join(dataDir, 'catalog.sqlite'))).toBe(0o600);
    const events = await service.listEvents({ kind: 'data-folder-private' });
    expect(events).toHaveLength(1);
    expect(events[0]!.message).toContain('made its data folder private');
  });
});

describe('one process per data folder', () => {
  it('refuses a second opener, naming the holder, and lets it in once the first closes', async () => {
    const dataDir = path.join(await tempRoot(), 'data');
    const first = await open(dataDir, 'raic serve');
    const refused = await RaicService.open(dataDir, { log: () => undefined, holderName: 'raic upload' }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(ApiError);
    expect((refused as ApiError).code).toBe('conflict');
    expect((refused as ApiError).message).toContain(`process ${process.pid} ("raic serve"`);
    await first.close();
    const second = await open(dataDir, 'raic upload');
    expect((await second.getStatus()).dataDir).toBe(dataDir);
    recordReliability({
      suite: 'Attack regressions',
      scenario: 'a second RAIC (raic upload) opening a data folder that raic serve holds, then again after it closed',
      trials: 2,
      outcome: `refused while held ("${(refused as ApiError).message.slice(0, 90)}..."), admitted once released`,
      lost: 0,
    });
  });

  it('is free again after its holder is killed with SIGKILL', async () => {
    const dataDir = path.join(await tempRoot(), 'data');
    await mkdir(dataDir, { recursive: true });
    const holder = spawn(process.execPath, ['--import', 'tsx', '-e', `
      const { DataDirLock } = await import(${JSON.stringify(path.resolve('service/data-dir-lock.ts'))});
      await DataDirLock.acquire(${JSON.stringify(dataDir)}, 'raic serve');
      process.stdout.write('held\\n');
      setInterval(() => {}, 1000);
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    cleanups.push(async () => void holder.kill('SIGKILL'));
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
      holder.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
    });
    const refused = await RaicService.open(dataDir, { log: () => undefined }).catch((error: unknown) => error);
    expect((refused as Error).message).toContain(`process ${holder.pid} ("raic serve"`);
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.once('exit', resolve));
    const service = await open(dataDir);
    expect((await service.getStatus()).dataDir).toBe(dataDir);
  }, 30_000);
});
