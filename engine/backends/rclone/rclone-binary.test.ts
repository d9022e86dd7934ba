/** Which rclone RAIC runs: Settings, then RAIC_RCLONE, then the packaged copy, then the PATH; and what it says when there is none. */
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRclone, locateRclone, rcloneVersion } from './rclone-binary';

let folder: string;
let bundled: string;
let chosen: string;
const system = findRclone(undefined);

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'raic-rclone-binary-'));
  bundled = path.join(folder, 'bundled-rclone');
  chosen = path.join(folder, 'chosen-rclone');
  await copyFile(system, bundled);
  await copyFile(system, chosen);
  await chmod(bundled, 0o755);
  await chmod(chosen, 0o755);
});
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('locateRclone', () => {
  it('prefers Settings, then RAIC_RCLONE, then the packaged copy, then the PATH', () => {
    const pathWithRclone = path.dirname(system);
    expect(locateRclone('/env/rclone', pathWithRclone, { settingsPath: chosen, bundledPath: bundled })).toEqual({ path: chosen, source: 'settings' });
    expect(locateRclone(chosen, pathWithRclone, { bundledPath: bundled })).toEqual({ path: chosen, source: 'environment' });
    expect(locateRclone(undefined, pathWithRclone, { bundledPath: bundled })).toEqual({ path: bundled, source: 'bundled' });
    expect(locateRclone(undefined, pathWithRclone, { bundledPath: path.join(folder, 'gone') })).toEqual({ path: system, source: 'path' });
  });

  it('says how to get rclone when there is none, and names a wrong choice in Settings', async () => {
    expect(() => locateRclone(undefined, '/nonexistent', {})).toThrow(/^rclone is not installed: install it .* or set the path to the rclone program in Settings\.$/);
    const notAProgram = path.join(folder, 'notes.txt');
    await writeFile(notAProgram, 'hello');
    expect(() => locateRclone(undefined, '/nonexistent', { settingsPath: notAProgram })).toThrow(/^Settings name .*notes\.txt as rclone, which is not a program RAIC can run; rclone is not installed/);
  });

  it('reads the version of the program it found, and refuses a program that is not rclone', async () => {
    expect(await rcloneVersion(chosen)).toMatch(/^rclone v\d+\.\d+/);
    await expect(rcloneVersion('/bin/true')).rejects.toThrow(/did not answer as rclone does/);
  });
});
