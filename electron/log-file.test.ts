import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createFileLog, detailsInLog, logFileLocation, rotateLogFile, scrubLogLine } from './log-file';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'raic-log-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('desktop log file (issue 14, defect 7)', () => {
  it("goes to the OS's log folder, or inside a separate profile given with --user-data-dir", () => {
    const osLogs = path.join('/Users/ann/Library/Logs/RAIC');
    expect(logFileLocation({ osLogsDir: () => osLogs })).toBe(path.join(osLogs, 'raic.log'));
    const profile = path.join('/tmp/raic-e2e/user');
    const asked: string[] = [];
    expect(logFileLocation({ userDataOverride: profile, osLogsDir: () => (asked.push('os'), osLogs) })).toBe(path.join(profile, 'logs', 'raic.log'));
    expect(asked).toEqual([]);
  });

  it('appends lines (also across writers and restarts), stamped with time and writer, and still writes stderr', async () => {
    const file = path.join(await tempDir(), 'logs', 'raic.log');
    const stderr: string[] = [];
    const now = () => new Date('2026-12-05T07:00:00.000Z');
    const main = createFileLog(file, 'main', { stderr: (t) => stderr.push(t), now });
    main('raic: first');
    createFileLog(file, 'service', { stderr: (t) => stderr.push(t), now })('raic: second');
    main('raic: third');
    expect(await readFile(file, 'utf8')).toBe(
      '2026-12-05T07:00:00.000Z [main] raic: first\n2026-12-05T07:00:00.000Z [service] raic: second\n2026-12-05T07:00:00.000Z [main] raic: third\n',
    );
    expect(stderr).toEqual(['raic: first\n', 'raic: second\n', 'raic: third\n']);
    if (process.platform !== 'win32') {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
    }
  });

  it('keeps no capability or URL credential in the file', async () => {
    const file = path.join(await tempDir(), 'raic.log');
    createFileLog(file, 'main', { stderr: () => undefined })(
      'raic: failed on URI:CHK:abcd2345:efgh6789:3:10:1024, via https://ann:hunter2@example.com/x and pb://tubid@tcp:h:1/swiss',
    );
    const text = await readFile(file, 'utf8');
    expect(text).not.toMatch(/abcd2345|hunter2|tubid|swiss/);
    expect(text).toContain('URI:[capability removed]');
    expect(scrubLogLine('no secrets here: 3 of 10 shares')).toBe('no secrets here: 3 of 10 shares');
  });

  it('says once on stderr when the file cannot be written, and goes on', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'not-a-folder'), '');
    const stderr: string[] = [];
    const log = createFileLog(path.join(dir, 'not-a-folder', 'raic.log'), 'main', { stderr: (t) => stderr.push(t) });
    log('one');
    log('two');
    expect(stderr.filter((t) => t.includes('cannot be written'))).toHaveLength(1);
    expect(stderr).toContain('two\n');
  });

  it('moves a log past its size limit aside, once', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'raic.log');
    await writeFile(file, 'x'.repeat(20));
    rotateLogFile(file, 100);
    expect(await readFile(file, 'utf8')).toHaveLength(20);
    rotateLogFile(file, 10);
    expect(await readFile(path.join(dir, 'raic.old.log'), 'utf8')).toHaveLength(20);
    await expect(stat(file)).rejects.toThrow();
    rotateLogFile(file, 10);
  });

  it('is named in the messages that point to it', () => {
    expect(detailsInLog('/home/ann/.config/RAIC/logs/raic.log')).toBe('the details are in its log, /home/ann/.config/RAIC/logs/raic.log');
    expect(detailsInLog(undefined)).toBe('the details are in its log');
  });
});
