/**
 * The packaging script's checks, offline: the release file names rclone
 * publishes, the SHA-256 read from a SHA256SUMS file (clear-signed, as
 * rclone's is), and the program taken out of a real zip archive (made here
 * with zip(1), deflated and stored). Nothing is downloaded.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractFromZip, publishedSha256, zipName } from './fetch-rclone.mjs';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('fetch-rclone', () => {
  it("names rclone's release zips", () => {
    expect(zipName('v1.68.2', 'linux', 'x64')).toBe('rclone-v1.68.2-linux-amd64.zip');
    expect(zipName('v1.68.2', 'darwin', 'arm64')).toBe('rclone-v1.68.2-osx-arm64.zip');
    expect(zipName('v1.68.2', 'win32', 'x64')).toBe('rclone-v1.68.2-windows-amd64.zip');
    expect(() => zipName('v1.68.2', 'aix', 'ppc64')).toThrow(/no build RAIC knows for aix\/ppc64/);
  });

  it('reads the published SHA-256 of one file, and refuses a file the list lacks', () => {
    const a = 'a'.repeat(64);
    const b = 'B'.repeat(64);
    const sums = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA1\n\n${a}  rclone-v1.68.2-linux-amd64.deb\n${b}  rclone-v1.68.2-linux-amd64.zip\n-----BEGIN PGP SIGNATURE-----\n`;
    expect(publishedSha256(sums, 'rclone-v1.68.2-linux-amd64.zip')).toBe('b'.repeat(64));
    expect(() => publishedSha256(sums, 'rclone-v1.68.2-osx-amd64.zip')).toThrow(/lists no rclone-v1\.68\.2-osx-amd64\.zip/);
  });

  it('takes the program out of a zip, deflated or stored', async () => {
    const folder = await mkdtemp(path.join(tmpdir(), 'raic-fetch-rclone-'));
    folders.push(folder);
    const inner = path.join(folder, 'rclone-v1.68.2-linux-amd64');
    execFileSync('mkdir', ['-p', inner]);
    const program = Buffer.from('#!/bin/sh\necho rclone v1.68.2\n'.repeat(200));
    await writeFile(path.join(inner, 'rclone'), program);
    await writeFile(path.join(inner, 'README.txt'), 'read me');
    execFileSync('zip', ['-q', '-r', 'deflated.zip', 'rclone-v1.68.2-linux-amd64'], { cwd: folder });
    execFileSync('zip', ['-q', '-0', '-r', 'stored.zip', 'rclone-v1.68.2-linux-amd64'], { cwd: folder });
    for (const zip of ['deflated.zip', 'stored.zip']) {
      expect(Buffer.compare(extractFromZip(await readFile(path.join(folder, zip)), '/rclone'), program)).toBe(0);
    }
    expect(() => extractFromZip(Buffer.from('not a zip at all, just text that goes on'), '/rclone')).toThrow(/not a zip archive/);
  });
});
