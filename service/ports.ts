/**
 * What the service offers beyond the API contract, to the processes that host
 * it (the CLI, headless mode's HTTP server, Electron's service host) and to
 * tests: its lifecycle, the event stream, the byte streams of browser uploads
 * and downloads, and the engine's view of the grid for the engine-level
 * commands (`raic put`, `get`, `check`, `gbs serve`). Everything a person can
 * do goes through the contract instead (see ./dispatch).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiError, type FileSummary, type Job, type OnClash } from '../shared/api';
import { downloadFile, type UploadReport } from '../engine/grid';
import type { OpenGrid } from '../engine/grid/open-grid';
import type { ServiceContext, OpenedAccounts } from './service-context';
import type { ServiceLifecycle } from './lifecycle';
import type { Catalog } from './catalog';
import { normalizeCatalogPath } from './catalog';
import { catalogCall } from './catalog-call';
import type { ServiceEventListener } from './event-bus';
import type { ServiceEvent } from '../shared/events';
import type { JobSnapshot } from './jobs';
import { recordUpload, requireFile } from './files/transfers';
import { checkUploadTargets } from './files/upload-targets';
import { resolveClashes } from './files/upload-clash';
import { restoreFolder, type RestoreFolderOptions, type RestoreFolderResult } from './files/restore-folder';
import { openFolderZip } from './files/restore-zip';
import { planRestore } from './files/restore-plan';

/** What headless mode's streaming routes (events, uploads from the browser, downloads) need. */
export interface StreamingApi {
  subscribe(listener: (event: ServiceEvent) => void): () => void;
  /** A new file in the staging folder for an upload body. */
  newStagingFile(): Promise<string>;
  /** Validates the catalog path before the body is read, so a bad name costs nothing. */
  checkUploadTarget(target: string, onClash?: OnClash): void;
  /** `onClash` as in uploadPaths (files/upload-clash.ts); 'skip' on a taken name is refused as a conflict (nothing to queue). */
  /** `modifiedAt`: the file's own modification time as the browser knows it (else the staged copy's, which is the upload's). */
  submitStagedUpload(stagedFile: string, target: string, size: number, onClash?: OnClash, modifiedAt?: number): Job;
  /** Throws ApiError('not_found') when there is no such file, before a ticket is issued. */
  checkDownload(path: string): void;
  openDownload(path: string): Promise<{ name: string; size: number; chunks: AsyncIterable<Uint8Array> }>;
  /** Throws ApiError('not_found') when there is no such folder (or file), before a ticket is issued. */
  checkFolderZip(path: string): void;
  /** The folder as a streamed ZIP archive (./files/restore-zip); its size is not known in advance. */
  openFolderZip(path: string): Promise<{ name: string; chunks: AsyncIterable<Uint8Array> }>;
}

export interface ServicePorts {
  readonly dataDir: string;
  readonly events: { subscribe(listener: ServiceEventListener): () => void };
  /** Starts the job queue (resuming interrupted jobs), the health monitor and the catalog backup. */
  startBackground(options?: { monitor?: boolean }): void;
  /** Stops background work, flushes the catalog backup, closes everything. Safe to call twice. */
  close(): Promise<void>;
  /** The engine's view of the grid, for the engine-level commands. */
  openGrid(): Promise<OpenGrid>;
  /** Opens every enabled account's storage server (`raic gbs serve` serves one of them). */
  openAccounts(): Promise<OpenedAccounts>;
  /** Resolves when no job is queued or running (the CLI waits for its uploads). */
  jobsIdle(): Promise<void>;
  getJob(id: string): JobSnapshot | undefined;
  /** Lists a file stored outside a job (`raic put`) in the catalog. */
  recordUpload(report: UploadReport, target: string, sourceModifiedAt: number | null): FileSummary;
  streamingApi(): StreamingApi;
  /** Restores a catalog folder (or one file) into a local folder, with progress (`raic get PATH OUT`; ./files/restore-folder). */
  restoreTree(options: RestoreFolderOptions): Promise<RestoreFolderResult>;
  /** Publishes the catalog backup now (shutdown and tests; normally it runs by itself after changes). */
  publishCatalogNow(): Promise<void>;
  /** Read-only inspection of the catalog, for tests and the reliability suite's audits. */
  readonly catalog: Catalog;
}

export function servicePorts(ctx: ServiceContext, lifecycle: ServiceLifecycle): ServicePorts {
  const newStagingFile = async () => {
    const dir = path.join(ctx.dataDir, 'staging');
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    return path.join(dir, randomUUID());
  };
  const browserUploadTarget = (target: string, onClash: OnClash = 'replace'): string => {
    const normalized = catalogCall(() => normalizeCatalogPath(target));
    if (normalized === '/') throw new ApiError('invalid_input', 'path: give the file a name, e.g. /Photos/a.jpg', 'path');
    const { files, skipped } = resolveClashes([{ source: 'the uploaded file', target: normalized }], onClash, ctx);
    if (skipped.length > 0) throw new ApiError('conflict', `${normalized} already exists, so the upload was skipped.`, 'path');
    checkUploadTargets(files, ctx);
    return files[0]!.target;
  };
  const streaming: StreamingApi = {
    subscribe: (listener) => ctx.events.subscribe(listener),
    newStagingFile,
    checkUploadTarget: (target, onClash) => void browserUploadTarget(target, onClash),
    // Checked again once the body is in: another upload to the same path may have started meanwhile.
    submitStagedUpload: (stagedFile, target, size, onClash, modifiedAt) => {
      const normalized = browserUploadTarget(target, onClash);
      return ctx.jobs.submit('upload', { source: stagedFile, target: normalized, staged: true, ...(modifiedAt === undefined ? {} : { modifiedAt }) }, { title: `Upload ${normalized}`, totalBytes: size });
    },
    checkDownload: (filePath) => void catalogCall(() => requireFile(ctx.catalog, filePath)),
    openDownload: async (filePath) => {
      const entry = catalogCall(() => requireFile(ctx.catalog, filePath));
      const grid = await ctx.openGrid();
      return { name: entry.name, size: entry.size, chunks: downloadFile(grid.servers, entry.cap) };
    },
    checkFolderZip: (folder) => void catalogCall(() => planRestore(ctx.catalog, folder, '')),
    openFolderZip: async (folder) => {
      const { name, chunks } = catalogCall(() => openFolderZip(ctx.catalog, async () => (await ctx.openGrid()).servers, folder));
      return { name, chunks };
    },
  };
  return {
    dataDir: ctx.dataDir,
    events: ctx.events,
    catalog: ctx.catalog,
    startBackground: (options) => lifecycle.startBackground(options),
    close: () => lifecycle.close(),
    openGrid: () => ctx.openGrid(),
    openAccounts: () => ctx.accounts.openEnabled(),
    jobsIdle: () => ctx.jobs.idle(),
    getJob: (id) => ctx.jobs.get(id),
    recordUpload: (report, target, sourceModifiedAt) =>
      ctx.fileSummary(catalogCall(() => recordUpload(ctx.catalog, report, ctx.config.encoding, target, sourceModifiedAt))),
    streamingApi: () => streaming,
    restoreTree: async (options) => restoreFolder(ctx.catalog, (await ctx.openGrid()).servers, options),
    publishCatalogNow: async () => {
      await ctx.backup.publishNow();
    },
  };
}
