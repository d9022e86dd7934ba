/**
 * A GBS (Tahoe-LAFS HTTP storage protocol) server exposing any StorageServer
 * over HTTPS with the pinned self-signed certificate of its identity folder.
 * Order of checks for every request: Authorization (401), route (404/400),
 * method (405), then the endpoint's own secrets, body and semantics.
 */
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StorageServer } from '../types';
import { swissnumChecker } from './authorization';
import { addOrRenewLease, version } from './general-handlers';
import { GbsHttpError, STATUS, statusForError } from './http-status';
import { abortUpload, adviseCorruptImmutable, allocateBuckets, listImmutableShares, readImmutableShare, writeShareData } from './immutable-handlers';
import { adviseCorruptMutable, listMutableShares, readMutableShare, readTestWrite } from './mutable-handlers';
import { formatNurl } from './nurl';
import { parseRoute, ROUTE_METHODS, type Route } from './paths';
import { DEFAULT_BODY_LIMITS, type BodyLimits, type HandlerDeps, type HandlerRequest, type Reply } from './reply';
import { requireCborAcceptable } from './request-body';
import { SECRETS_HEADER } from './secrets';
import { loadOrCreateServerIdentity, type ServerIdentity } from './server-identity';
import { UploadRegistry } from './upload-registry';
import { OCTET_STREAM } from './share-read-reply';
import { CBOR_MEDIA_TYPE, encodeCbor } from './wire-cbor';

export const DEFAULT_APPLICATION_VERSION = 'raic-gbs/0.1.0';

export interface GbsServerOptions {
  storage: StorageServer;
  identity: ServerIdentity;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port (default 0: any free port). */
  port?: number;
  /** Host name clients should dial, written into the NURL (default: host). */
  advertisedHost?: string;
  applicationVersion?: string;
  limits?: Partial<BodyLimits>;
  /** Called with errors that became 500s, which are worth a log line. */
  onInternalError?: (error: unknown) => void;
}

export interface RunningGbsServer {
  nurl: string;
  port: number;
  identity: ServerIdentity;
  close(): Promise<void>;
}

function dispatch(route: Route, deps: HandlerDeps, request: HandlerRequest): Promise<Reply> {
  switch (route.kind) {
    case 'version':
      return version(deps, request);
    case 'lease':
      return addOrRenewLease(deps, request, route.storageIndex);
    case 'immutable-bucket':
      return allocateBuckets(deps, request, route.storageIndex);
    case 'immutable-shares':
      return listImmutableShares(deps, request, route.storageIndex);
    case 'immutable-share':
      return request.request.method === 'PATCH'
        ? writeShareData(deps, request, route.storageIndex, route.shareNumber)
        : readImmutableShare(deps, request, route.storageIndex, route.shareNumber);
    case 'immutable-abort':
      return abortUpload(deps, request, route.storageIndex, route.shareNumber);
    case 'immutable-corrupt':
      return adviseCorruptImmutable(deps, request, route.storageIndex, route.shareNumber);
    case 'mutable-read-test-write':
      return readTestWrite(deps, request, route.storageIndex);
    case 'mutable-shares':
      return listMutableShares(deps, request, route.storageIndex);
    case 'mutable-share':
      return readMutableShare(deps, request, route.storageIndex, route.shareNumber);
    case 'mutable-corrupt':
      return adviseCorruptMutable(deps, request, route.storageIndex, route.shareNumber);
  }
}

/** Methods a route answers: the immutable share path takes GET (read) and PATCH (write). */
function allowedMethods(route: Route): string[] {
  return route.kind === 'immutable-share' ? ['GET', 'PATCH'] : [ROUTE_METHODS[route.kind]];
}

/** Endpoints whose success is a CBOR body must refuse an Accept that rules CBOR out, before doing anything. */
function answersInCbor(route: Route, method: string): boolean {
  return !['immutable-share', 'mutable-share', 'immutable-abort', 'immutable-corrupt', 'mutable-corrupt', 'lease'].includes(route.kind) || (route.kind === 'immutable-share' && method === 'PATCH');
}

function secretHeaderValues(request: IncomingMessage): string[] {
  const values: string[] = [];
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    if (request.rawHeaders[i]!.toLowerCase() === SECRETS_HEADER) values.push(request.rawHeaders[i + 1]!);
  }
  return values;
}

async function writeReply(response: ServerResponse, reply: Reply): Promise<void> {
  response.statusCode = reply.status;
  if ('cbor' in reply) {
    const body = encodeCbor(reply.cbor);
    response.setHeader('content-type', CBOR_MEDIA_TYPE);
    response.setHeader('content-length', body.length);
    response.end(body);
    return;
  }
  if ('empty' in reply) {
    if (reply.contentType) response.setHeader('content-type', reply.contentType);
    response.setHeader('content-length', 0);
    response.end();
    return;
  }
  for (const [name, value] of Object.entries(reply.headers)) response.setHeader(name, value);
  response.flushHeaders();
  for await (const piece of reply.bytes) {
    if (!response.write(piece)) await new Promise<void>((resolve) => response.once('drain', resolve));
  }
  response.end();
}

/** Share reads (GET of share data), whose every answer is application/octet-stream, errors included. */
function readsShareData(route: Route | undefined, method: string): boolean {
  return (route?.kind === 'immutable-share' || route?.kind === 'mutable-share') && method === 'GET';
}

/**
 * An error answer. Tahoe-LAFS's server sets "Content-Type:
 * application/octet-stream" before it looks for the share, so its 404 (and
 * 416) on a share read carry that type and an empty body, and its client
 * checks the type before the status: anything else there reads as "Content-type
 * was wrong" instead of "not found". Other errors are plain text for people.
 */
function writeError(response: ServerResponse, status: number, message: string, options: { shareRead?: boolean; headers?: Record<string, string> } = {}): void {
  if (response.headersSent) {
    // Too late for a status: cut the connection so the client sees a failure, not a short share.
    response.destroy();
    return;
  }
  const body = options.shareRead ? Buffer.alloc(0) : Buffer.from(`${message}\n`, 'utf8');
  const type = options.shareRead ? OCTET_STREAM : 'text/plain; charset=utf-8';
  response.statusCode = status;
  for (const [name, value] of Object.entries({ 'content-type': type, 'content-length': String(body.length), ...options.headers })) response.setHeader(name, value);
  response.end(body);
}

export function gbsRequestHandler(options: Pick<GbsServerOptions, 'storage' | 'applicationVersion' | 'limits' | 'onInternalError'> & { swissnum: string }) {
  const isAuthorized = swissnumChecker(options.swissnum);
  const uploads = new UploadRegistry();
  const deps: HandlerDeps = {
    storage: options.storage,
    uploads,
    limits: { ...DEFAULT_BODY_LIMITS, ...options.limits },
    applicationVersion: options.applicationVersion ?? DEFAULT_APPLICATION_VERSION,
  };
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    let route: Route | undefined;
    const method = request.method ?? 'GET';
    try {
      if (!isAuthorized(request.headers.authorization)) {
        throw new GbsHttpError(STATUS.unauthorized, 'missing or wrong "Authorization: Tahoe-LAFS <base64 swissnum>"');
      }
      const pathname = (request.url ?? '/').split('?')[0]!;
      route = parseRoute(pathname);
      if (!route) throw new GbsHttpError(STATUS.notFound, `no such endpoint: ${pathname.slice(0, 100)}`);
      const allowed = allowedMethods(route);
      if (!allowed.includes(method)) {
        writeError(response, STATUS.methodNotAllowed, `${method} is not allowed here; use ${allowed.join(' or ')}`, { headers: { allow: allowed.join(', ') } });
        return;
      }
      if (answersInCbor(route, method)) requireCborAcceptable(request);
      await writeReply(response, await dispatch(route, deps, { request, secretHeaders: secretHeaderValues(request) }));
    } catch (error) {
      const status = statusForError(error);
      if (status === STATUS.internalError) options.onInternalError?.(error);
      writeError(response, status, status === STATUS.internalError ? 'internal error in the storage server' : (error as Error).message, { shareRead: readsShareData(route, method) });
    }
  };
  return { handle, uploads };
}

export async function startGbsServer(options: GbsServerOptions): Promise<RunningGbsServer> {
  const { handle, uploads } = gbsRequestHandler({ ...options, swissnum: options.identity.swissnum });
  const server: Server = createServer({ key: options.identity.privateKeyPem, cert: options.identity.certificatePem, minVersion: 'TLSv1.2' }, (request, response) => {
    void handle(request, response);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    nurl: formatNurl({ spkiHash: options.identity.spkiHash, host: options.advertisedHost ?? host, port, swissnum: options.identity.swissnum }),
    port,
    identity: options.identity,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await uploads.abortAll();
    },
  };
}

/** Opens (creating on first use) the identity in stateDir and serves storage with it. */
export async function serveStorageOverGbs(options: Omit<GbsServerOptions, 'identity'> & { stateDir: string }): Promise<RunningGbsServer> {
  return startGbsServer({ ...options, identity: await loadOrCreateServerIdentity(options.stateDir) });
}
