/**
 * A running grid for the hostile-input tests: a temp root with the data dir
 * inside (the rest of the root must stay untouched), background jobs on, and
 * the headless server in front of it.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RaicService } from '../../service/raic-service';
import { startHeadlessServer, type HeadlessServer } from '../../service/http/server';

export interface GridUnderTest {
  root: string;
  dataDir: string;
  /** Scratch space outside the data dir (sources, downloads): part of the root, so writes there are visible. */
  work: string;
  service: RaicService;
  server: HeadlessServer;
  logs: string[];
  dispose(): Promise<void>;
}

export async function startGridUnderTest(name: string): Promise<GridUnderTest> {
  const root = await mkdtemp(path.join(tmpdir(), `raic-${name}-`));
  const dataDir = path.join(root, 'data');
  const work = path.join(root, 'work');
  const ui = path.join(root, 'ui');
  await mkdir(work, { recursive: true });
  await mkdir(ui, { recursive: true });
  await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>RAIC</title>');
  const logs: string[] = [];
  const service = await RaicService.open(dataDir, { log: (line) => logs.push(line), backupDebounceMs: 3_600_000 });
  service.startBackground({ monitor: false });
  const server = await startHeadlessServer({ api: service, streams: service.streamingApi(), staticDir: ui, port: 0, log: (line) => logs.push(line) });
  return {
    root,
    dataDir,
    work,
    service,
    server,
    logs,
    async dispose() {
      await server.close();
      await service.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Headers of an authenticated request to the grid's server. */
export function authHeaders(grid: GridUnderTest, extra: Record<string, string> = {}): Record<string, string> {
  return { Host: `127.0.0.1:${grid.server.port}`, Authorization: `Bearer ${grid.server.token}`, ...extra };
}
