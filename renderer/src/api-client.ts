/**
 * The UI's one client to RAIC. In the desktop app the preload bridge
 * (`window.raicBridge`, `window.raicDesktop`) carries calls and events over
 * IPC; in headless mode calls go over HTTP with the access token from the URL
 * fragment and events arrive on a Server-Sent Events stream read with fetch
 * (EventSource cannot send the token). Components only see `RaicClient`.
 */
import { ACCESS_TOKEN_CHANGED, NO_TOKEN, NOT_ANSWERING, TOKEN_REFUSED } from './app/access-words';
import { apiContract, ApiError, type ApiErrorBody, type ApiErrorCode, type Job, type OnClash, type RaicApi } from '../../shared/api';
import { OPERATION_NAMES, type OperationName } from '../../shared/operations';
import type { BridgeResult, RaicBridge } from '../../shared/bridge';
import { parseDesktopEvent, parseServiceEvent, type UiEvent } from '../../shared/events';
import { readEventStream } from '../../shared/sse-parser';
import { streamingRoutes, uploadUrl } from '../../shared/streaming-routes';
import { uploadPathsCall } from './desktop-uploads';

export type { UiEvent } from '../../shared/events';

export interface RaicDesktop {
  onEvent(listener: (event: unknown) => void): () => void;
  pathForFile(file: File): string;
  /** The native save dialog; undefined when the user cancels. */
  chooseSavePath(defaultName: string): Promise<string | undefined>;
  /** The native folder dialog (a restore's destination); undefined when the user cancels. */
  chooseFolder(): Promise<string | undefined>;
}

declare global {
  interface Window {
    raicBridge?: RaicBridge;
    raicDesktop?: RaicDesktop;
  }
}

export interface RaicClient extends RaicApi {
  /** 'desktop' inside Electron, 'web' in a browser on headless mode. */
  readonly kind: 'desktop' | 'web';
  /** Pushed events (job progress, account and grid health, catalog changes); returns the unsubscribe function. */
  subscribe(listener: (event: UiEvent) => void): () => void;
  /**
   * Uploads files the user chose or dropped into `folder`, each at its
   * relativePath below it. The desktop app hands the service their paths in
   * one call (dropped folders unopened: the service walks them); the browser
   * sends each file's body over HTTP (progress: bytes sent) and the service
   * queues a job for it.
   */
  uploadFiles(
    files: readonly { file: File; relativePath: string }[],
    folder: string,
    onSent?: (sent: number, total: number) => void,
    /** When a name is taken: replace (the default; the old content stays as a version), keep both, or skip. */
    onClash?: OnClash,
  ): Promise<Job[]>;
  /** Saves a file from the grid: the browser's download manager, or a job writing to the given path on the desktop. */
  download(path: string): Promise<void>;
  /**
   * Saves a whole folder ('/' for everything): on the desktop a restore job
   * writes it into a folder the user picks (false when they cancel); in the
   * browser it arrives as one ZIP archive through the download manager.
   */
  downloadFolder(path: string): Promise<boolean>;
}

export function createApiClient(): RaicClient {
  if (window.raicBridge && window.raicDesktop) return desktopClient(window.raicBridge, window.raicDesktop);
  return webClient(takeAccessToken());
}

function desktopClient(bridge: RaicBridge, desktop: RaicDesktop): RaicClient {
  const api = {} as Record<OperationName, (input: unknown) => Promise<unknown>>;
  for (const op of OPERATION_NAMES) api[op] = async (input: unknown) => unwrap(await bridge[op](input));
  const typed = api as unknown as RaicApi;
  return {
    ...typed,
    kind: 'desktop',
    subscribe: (listener) => desktop.onEvent((event) => deliverParsed(parseDesktopEvent(event), event, listener)),
    async uploadFiles(files, folder, _onSent, onClash) {
      const call = uploadPathsCall(files.map(({ file, relativePath }) => ({ path: desktop.pathForFile(file), relativePath })), folder);
      if (!call) throw new ApiError('invalid_input', 'These files have no path on this computer; drop them from a folder instead.');
      return (await typed.uploadPaths(onClash ? { ...call, onClash } : call)).jobs;
    },
    async download(path) {
      const destination = await desktop.chooseSavePath(path.slice(path.lastIndexOf('/') + 1));
      if (destination) await typed.downloadToPath({ path, destination, overwrite: true });
    },
    async downloadFolder(path) {
      const destination = await desktop.chooseFolder();
      if (!destination) return false;
      // A folder goes into a new folder of its name where the user points (as its ZIP would unpack); everything goes straight in.
      await typed.restoreFolder({ path, destination, intoSubfolder: true });
      return true;
    },
  };
}

/**
 * Hands a checked event to the listener; one that did not match the contract
 * (a main process or server from another version of RAIC) is dropped with a
 * console line, rather than reaching a screen that expects another shape.
 */
function deliverParsed(parsed: UiEvent | undefined, raw: unknown, listener: (event: UiEvent) => void): void {
  if (parsed) listener(parsed);
  else console.warn('RAIC ignored an event it does not understand:', raw);
}

/** Reads headless mode's event stream until it ends, handing on each event that matches the contract. */
export function readServiceEvents(response: Response, listener: (event: UiEvent) => void, signal?: AbortSignal): Promise<void> {
  return readEventStream(
    response,
    (event) => {
      let data: unknown;
      try {
        data = JSON.parse(event.data);
      } catch {
        data = event.data;
      }
      deliverParsed(parseServiceEvent(data), data, listener);
    },
    signal,
  );
}

function unwrap(result: BridgeResult): unknown {
  if (result.ok) return result.value;
  throw new ApiError(result.error.code, result.error.message, result.error.field);
}

const TOKEN_KEY = 'raic.accessToken';

/**
 * Reads the token from `#token=...` once, keeps it for this tab only, and
 * removes it from the address bar so it is not bookmarked or shared by accident.
 */
export function takeAccessToken(): string | undefined {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? undefined;
}

/** The call never reached RAIC (not running, restarting, or the network to it is down): the connection banner's business. */
function unreachable(): ApiError {
  return Object.assign(new ApiError('unavailable', NOT_ANSWERING), { serviceUnreachable: true });
}

export function isServiceUnreachable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { serviceUnreachable?: unknown }).serviceUnreachable === true;
}

async function errorFrom(response: Response): Promise<ApiError> {
  // A refused token is said the page's way, whatever words the service used (an older one named `raic serve` only).
  if (response.status === 401) return new ApiError('unauthorized', TOKEN_REFUSED);
  const body: unknown = await response.json().catch(() => undefined);
  const error = (body as ApiErrorBody | undefined)?.error;
  return new ApiError((error?.code ?? 'internal') as ApiErrorCode, error?.message ?? `RAIC answered ${response.status}.`, error?.field);
}

function webClient(initialToken: string | undefined): RaicClient {
  let token = initialToken;
  // A new address pasted into this tab changes only the fragment, which reloads nothing: take its token from there.
  window.addEventListener('hashchange', () => {
    const next = takeAccessToken();
    if (next && next !== token) {
      token = next;
      window.dispatchEvent(new Event(ACCESS_TOKEN_CHANGED));
    }
  });
  const headers = (extra: Record<string, string> = {}) => ({ Authorization: `Bearer ${token ?? ''}`, ...extra });
  const call = async (method: 'GET' | 'POST', path: string, input?: unknown): Promise<unknown> => {
    if (!token) throw new ApiError('unauthorized', NO_TOKEN);
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers: headers(method === 'POST' ? { 'Content-Type': 'application/json' } : {}),
        body: method === 'POST' ? JSON.stringify(input ?? {}) : undefined,
      });
    } catch {
      throw unreachable();
    }
    if (!response.ok) throw await errorFrom(response);
    return response.json();
  };
  const api = {} as Record<OperationName, (input: unknown) => Promise<unknown>>;
  for (const op of OPERATION_NAMES) {
    const { method, path } = apiContract[op].http;
    api[op] = (input: unknown) => call(method, path, input);
  }
  return {
    ...(api as unknown as RaicApi),
    kind: 'web',
    subscribe(listener) {
      const controller = new AbortController();
      // Reconnects after a dropped stream (RAIC restarted, laptop slept), with a pause between tries.
      const loop = async () => {
        let dropped = false;
        while (!controller.signal.aborted && token) {
          try {
            const response = await fetch(streamingRoutes.events.path, { method: streamingRoutes.events.method, headers: headers(), signal: controller.signal });
            // The page shows a banner while the stream is down and reloads what it shows once it is back (renderer/src/app/ConnectionBanner.tsx).
            if (response.ok) {
              listener({ type: 'stream-connected', reconnected: dropped });
              dropped = false;
            }
            await readServiceEvents(response, listener, controller.signal);
          } catch {
            // fall through to the pause
          }
          if (!controller.signal.aborted) {
            dropped = true;
            listener({ type: 'stream-reconnecting' });
            await new Promise((resolve) => setTimeout(resolve, 3000));
          }
        }
      };
      void loop();
      return () => controller.abort();
    },
    async uploadFiles(files, folder, onSent, onClash) {
      if (!token) throw new ApiError('unauthorized', NO_TOKEN);
      const total = files.reduce((sum, f) => sum + f.file.size, 0);
      let sentBefore = 0;
      const jobs: Job[] = [];
      for (const { file, relativePath } of files) {
        const target = `${folder === '/' ? '' : folder}/${relativePath}`;
        jobs.push(await sendBody(file, target, token, (sent) => onSent?.(sentBefore + sent, total), onClash));
        sentBefore += file.size;
      }
      return jobs;
    },
    async download(path) {
      const route = streamingRoutes.downloadTicket;
      const { url } = route.output.parse(await call(route.method, route.path, { path }));
      startBrowserDownload(url);
    },
    async downloadFolder(path) {
      const route = streamingRoutes.folderZipTicket;
      const { url } = route.output.parse(await call(route.method, route.path, { path }));
      startBrowserDownload(url);
      return true;
    },
  };
}

/** A navigation to a one-time URL lets the browser stream the download to disk itself. */
function startBrowserDownload(url: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** XMLHttpRequest rather than fetch: it reports upload progress. */
function sendBody(file: File, target: string, token: string, onSent: (sent: number) => void, onClash?: OnClash): Promise<Job> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(streamingRoutes.upload.method, uploadUrl(target, { onClash, modifiedAt: file.lastModified }));
    request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.upload.onprogress = (event) => onSent(event.loaded);
    request.onerror = () => reject(new ApiError('unavailable', NOT_ANSWERING));
    request.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        body = undefined;
      }
      const job = request.status === 200 ? streamingRoutes.upload.output.safeParse(body) : undefined;
      if (job?.success) return resolve(job.data);
      if (job) return reject(new ApiError('internal', 'RAIC answered the upload with something that is not a job.'));
      const error = (body as ApiErrorBody | undefined)?.error;
      reject(new ApiError((error?.code ?? 'internal') as ApiErrorCode, error?.message ?? `RAIC answered ${request.status}.`, error?.field));
    };
    request.send(file);
  });
}
