/**
 * The watchdog with a real SIGKILL: a process holding an rclone bridge (as
 * RAIC does) is killed outright, so no exit hook runs; rclone and its
 * wrapper must be gone within seconds anyway. A normal close still stops
 * rclone through the wrapper.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RcloneBridge } from './rclone-bridge';
import { underWatchdog } from './rclone-watchdog';
import { sweepAbandonedWorkFolders } from './work-folders';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raic-watchdog-test-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !alive(pid);
}

describe.skipIf(process.platform === 'win32')('the rclone watchdog', () => {
  it('rclone and its wrapper end within 5 s of the RAIC process being SIGKILLed', async () => {
    const holder = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'test-support/bridge-holder.ts'), root], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pids = await new Promise<{ rclone: number; wrapper: number; folder: string }>((resolve, reject) => {
      let out = '';
      holder.stdout!.setEncoding('utf8').on('data', (text: string) => {
        out += text;
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]!) as { rclone: number; wrapper: number; folder: string });
      });
      holder.on('exit', (code) => reject(new Error(`the holder exited (${String(code)}) before starting rclone`)));
    });
    expect(pids.rclone).not.toBe(pids.wrapper);
    expect(alive(pids.rclone)).toBe(true);
    holder.kill('SIGKILL');
    const started = performance.now();
    expect(await goneWithin(pids.rclone, 5_000)).toBe(true);
    expect(await goneWithin(pids.wrapper, 5_000)).toBe(true);
    console.log(`rclone gone ${Math.round(performance.now() - started)} ms after SIGKILL of its parent`);
    // The killed process could not delete its folder; the next one sweeps it.
    expect(existsSync(pids.folder)).toBe(true);
    expect(sweepAbandonedWorkFolders(path.dirname(pids.folder))).toContain(path.basename(pids.folder));
    expect(existsSync(pids.folder)).toBe(false);
  }, 60_000);

  it('close() stops rclone through the wrapper', async () => {
    const bridge = new RcloneBridge({ remoteType: 'local', root, options: {}, secretOptions: {} });
    await bridge.endpoint();
    const rclone = bridge.pid()!;
    const wrapper = bridge.wrapperPid()!;
    expect(rclone).not.toBe(wrapper);
    // A running process's folder is never swept.
    expect(sweepAbandonedWorkFolders(path.dirname(bridge.workFolder!))).not.toContain(path.basename(bridge.workFolder!));
    expect(existsSync(bridge.workFolder!)).toBe(true);
    await bridge.close();
    expect(await goneWithin(rclone, 2_000)).toBe(true);
    expect(alive(wrapper)).toBe(false);
  }, 60_000);

  it('Windows runs rclone directly (no shell to wrap it)', () => {
    expect(underWatchdog('rclone.exe', ['serve'], 'win32')).toEqual({ command: 'rclone.exe', args: ['serve'], watchesStdin: false });
    expect(underWatchdog('/usr/bin/rclone', ['serve'], 'linux').command).toBe('/bin/sh');
  });
});
