/**
 * Starts `raic serve` (the built CLI, exactly as a user runs it) on a free port
 * with a fresh data dir, and reads the URL it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, type Page } from '@playwright/test';
import { uploadUrl } from '../shared/streaming-routes';

export interface RunningRaic {
  url: string;
  /** The URL without its fragment, for API calls. */
  base: string;
  token: string;
  dataDir: string;
  /** Calls one JSON operation of the API, as the page would. */
  call<T = unknown>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Mark the first-run wizard as done, so the page opens on the dashboard. */
  skipSetup?: boolean;
  /** Use this data dir instead of a fresh temporary one (it is not deleted at stop). */
  dataDir?: string;
  /** Extra environment (e.g. DBUS_SESSION_BUS_ADDRESS of a test keyring). */
  env?: Record<string, string>;
  /** Serve on this port instead of a free one (a restart on the port an open tab uses). */
  port?: number;
}

export async function startRaicServe(options: StartOptions = {}): Promise<RunningRaic> {
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(os.tmpdir(), 'raic-e2e-')));
  const child: ChildProcess = spawn(process.execPath, ['bin/raic.js', 'serve', '--port', String(options.port ?? 0), '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`raic serve printed no URL within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((l) => /^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+$/.test(l.trim()));
      if (line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`raic serve exited with ${code}:\n${output}`)));
  });
  const base = url.split('#')[0]!;
  const token = url.split('#token=')[1]!;
  const call = async <T,>(method: 'GET' | 'POST', apiPath: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(apiPath, base), {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(method === 'POST' ? { 'Content-Type': 'application/json' } : {}) },
      body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
    });
    const answer = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${apiPath} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  };
  if (options.skipSetup) await call('POST', '/api/v1/setup/complete');
  return {
    url,
    base,
    token,
    dataDir,
    call,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Stores a file through the running server's upload route and waits for its
 * job, returning the cap. (`raic put` cannot: one process per data folder, and
 * the server holds it.)
 */
export async function putThroughServer(raic: RunningRaic, file: string, to?: string): Promise<string> {
  const target = to ?? `/${path.basename(file)}`;
  const response = await fetch(new URL(uploadUrl(target), raic.base), {
    method: 'POST',
    headers: { Authorization: `Bearer ${raic.token}`, 'Content-Type': 'application/octet-stream' },
    body: await readFile(file),
  });
  const job = (await response.json()) as { id: string };
  if (!response.ok) throw new Error(`upload of ${file} answered ${response.status}: ${JSON.stringify(job)}`);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const jobs = await raic.call<{ id: string; state: string; error: string | null; result: { cap?: string } | null }[]>('POST', '/api/v1/jobs', {});
    const mine = jobs.find((j) => j.id === job.id);
    if (mine?.state === 'done') return mine.result!.cap!;
    if (mine && (mine.state === 'failed' || mine.state === 'cancelled')) throw new Error(`upload of ${file} ${mine.state}: ${mine.error}`);
    if (Date.now() > deadline) throw new Error(`upload of ${file} did not finish within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const SCREEN_LINKS = { dashboard: 'Dashboard', files: 'Files', accounts: 'Accounts', health: 'Health', settings: 'Settings' } as const;

/**
 * Opens the app with its token, then a screen through the navigation, as a
 * user would, and waits until the screen has its first answers (see
 * waitUntilLoaded). (Going to a second URL right away races the page, which
 * removes the token from the address bar once it has read it.)
 */
export async function openScreen(page: Page, raic: RunningRaic, screen: keyof typeof SCREEN_LINKS): Promise<void> {
  await page.goto(raic.url);
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: SCREEN_LINKS[screen], exact: true });
  await link.click({ timeout: 30_000 });
  // The screen and its "Loading …" placeholders are drawn in the same render as the link's mark.
  await expect(link).toHaveAttribute('aria-current', 'page');
  await waitUntilLoaded(page);
}

/**
 * Waits until every part of the screen has its first answer: no "Loading …"
 * placeholder and nothing marked busy. A screen whose sections load on their
 * own (Settings, the dashboard) grows as each answers, and a click whose press
 * and release straddle such a jump lands on whatever moved under the pointer.
 */
export async function waitUntilLoaded(page: Page): Promise<void> {
  await expect(page.getByRole('status').filter({ hasText: /^Loading .*…$/ })).toHaveCount(0, { timeout: 30_000 });
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 30_000 });
}
