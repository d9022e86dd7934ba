/**
 * The service's "What this account changes" on a real fresh grid (five local
 * folders on one disk): a sixth folder beside them changes nothing and the
 * answer says why; a WebDAV login elsewhere lets files survive the disk.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseInput } from '../shared/api';
import { RaicService } from './raic-service';

let root: string;
let service: RaicService;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'raic-account-change-'));
  service = await RaicService.open(path.join(root, 'data'), { log: () => undefined });
});

afterEach(async () => {
  await service.close();
  await rm(root, { recursive: true, force: true });
});

const preview = (input: Record<string, unknown>) => service.previewRobustness(parseInput('previewRobustness', input));

describe('what an account changes, for this grid', () => {
  it('a folder on the disk the five default folders are on: no change, and why', async () => {
    const answer = await preview({ addAccount: { name: 'Photos', provider: 'local', settings: { path: path.join(root, 'data', 'photos') } } });
    expect(answer.change?.changes).toBe(false);
    expect(answer.change?.bestAfter).toBeNull();
    expect(answer.change?.reason).toBe('This folder is on the same disk as Local folders 1-5, so it does not protect against losing that disk.');
  });

  it('a WebDAV login elsewhere: an encoding surviving the disk failing, with its odds and cost', async () => {
    const answer = await preview({ addAccount: { name: 'Nextcloud', provider: 'webdav', settings: { url: 'https://cloud.example.org/remote.php/dav/files/ann/', username: 'ann', password: 'hunter2' } } });
    const change = answer.change!;
    expect(change.changes).toBe(true);
    expect(change.currentBefore!.tolerance).toBe(0);
    expect(change.bestAfter!.tolerance).toBe(1);
    expect(change.bestAfter!.annualLossProbability).toBeLessThan(change.currentBefore!.annualLossProbability);
    expect(change.headline).toMatch(/^With this account, files could be stored \d+-of-\d+ and survive 1 failure at once, a whole disk or login counting as one \(now: 0\)\.$/);
    expect(JSON.stringify(answer)).not.toContain('hunter2');
  });

  it('removing one of the folders: the figures as uploads would place files without it', async () => {
    const { accounts } = await service.getStatus({});
    const answer = await preview({ removeAccountId: accounts[0]!.id });
    expect(answer.change?.currentAfter).not.toBeNull();
    expect(answer.change?.headline).toMatch(/^Without this folder, files stored \d+-of-\d+ would survive/);
  });
});
