/**
 * Every message on the wire, both directions, against the specification's
 * CDDL: RAIC's GBS client drives RAIC's GBS server (over the local-folder
 * server the default grid uses, and over the blob server) through every
 * endpoint, success and error, while a recorder between them keeps each
 * request and response. Each is then checked: CBOR bodies against the
 * endpoint's schema (protocol-schemas.ts), share data and empty answers by
 * content type, and error answers as Tahoe-LAFS's server sends them
 * (application/octet-stream and no body on share reads, never CBOR).
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { BadWriteEnablerError, StorageIndexNotFoundError, type StorageServer } from '../../types';
import { LocalFolderStorageServer } from '../../local';
import { BlobStorageServer } from '../../blob-server';
import { LocalBlobStore } from '../../../backends/local';
import { authorizationHeaderFor } from '../authorization';
import { GbsStorageServer } from '../client';
import { exchange } from '../http-exchange';
import { formatNurl } from '../nurl';
import { encodeStorageIndex, parseRoute } from '../paths';
import { PinnedSpkiAgent } from '../pinned-agent';
import { gbsRequestHandler } from '../server';
import { loadOrCreateServerIdentity } from '../server-identity';
import { encodeCbor } from '../wire-cbor';
import { makeTempRoot } from '../test-fixtures';
import { ENDPOINTS, type Body } from './protocol-schemas';
import { cddlChecker } from './validate';

interface Recorded {
  method: string;
  path: string;
  requestType: string | undefined;
  requestBody: Buffer;
  status: number;
  responseType: string | undefined;
  responseBody: Buffer;
}

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** RAIC's GBS server over `storage`, behind a recorder that keeps every exchange whole. */
async function recordedServer(storage: StorageServer, stateDir: string) {
  const identity = await loadOrCreateServerIdentity(stateDir);
  const { handle, uploads } = gbsRequestHandler({ storage, swissnum: identity.swissnum });
  const log: Recorded[] = [];
  const server: Server = createServer({ key: identity.privateKeyPem, cert: identity.certificatePem }, (request: IncomingMessage, response: ServerResponse) => {
    void (async () => {
      const parts: Buffer[] = [];
      for await (const part of request as AsyncIterable<Buffer>) parts.push(part);
      const requestBody = Buffer.concat(parts);
      // The handler reads a replay of the body, with the original headers.
      const replay = Object.assign(Readable.from(requestBody.length > 0 ? [requestBody] : []), {
        headers: request.headers,
        rawHeaders: request.rawHeaders,
        method: request.method,
        url: request.url,
      }) as unknown as IncomingMessage;
      const sent: Buffer[] = [];
      const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
      const end = response.end.bind(response) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
      response.write = ((chunk: unknown, ...rest: unknown[]) => {
        if (chunk instanceof Uint8Array) sent.push(Buffer.from(chunk));
        return write(chunk, ...rest);
      }) as typeof response.write;
      response.end = ((chunk?: unknown, ...rest: unknown[]) => {
        if (chunk instanceof Uint8Array) sent.push(Buffer.from(chunk));
        return end(chunk, ...rest);
      }) as typeof response.end;
      response.once('finish', () =>
        log.push({
          method: request.method ?? 'GET',
          path: (request.url ?? '/').split('?')[0]!,
          requestType: request.headers['content-type'],
          requestBody,
          status: response.statusCode,
          responseType: response.getHeader('content-type') as string | undefined,
          responseBody: Buffer.concat(sent),
        }),
      );
      await handle(replay, response);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const nurl = formatNurl({ spkiHash: identity.spkiHash, host: '127.0.0.1', port, swissnum: identity.swissnum });
  const agent = new PinnedSpkiAgent(identity.spkiHash);
  cleanups.push(async () => {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await uploads.abortAll();
  });
  /** A request the RAIC client would never send (bad auth, refused Accept, malformed bodies). */
  const raw = (method: string, path: string, headers: Record<string, string | string[]> = {}, body?: Uint8Array) =>
    exchange(
      { host: '127.0.0.1', port, agent },
      { method, path, headers: { authorization: authorizationHeaderFor(identity.swissnum), ...headers }, body, timeoutMs: 10_000, maxResponseBytes: 1 << 20 },
    );
  return { nurl, log, raw };
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const secret = (fill: number): Uint8Array => new Uint8Array(32).fill(fill);

/** Drives every endpoint, with at least one success and one error each. */
async function exerciseEveryEndpoint(client: GbsStorageServer, raw: Awaited<ReturnType<typeof recordedServer>>['raw']): Promise<void> {
  const si = randomBytes(16);
  const siPath = encodeStorageIndex(si);
  await client.getVersion();
  expect((await raw('GET', '/storage/v1/version', { authorization: 'Tahoe-LAFS d3Jvbmc=' })).status).toBe(401);

  // Immutable: allocate, write in two pieces (200 with the progress, then 201), abort another share.
  const secrets = { renewSecret: secret(1), cancelSecret: secret(2), uploadSecret: secret(3) };
  const { allocated } = await client.allocateBuckets({ storageIndex: si, ...secrets, shareNumbers: [0, 1], allocatedSize: 100 });
  const data = randomBytes(100);
  await allocated.get(0)!.write(0, data.subarray(0, 40));
  await allocated.get(0)!.write(40, data.subarray(40));
  await allocated.get(0)!.close();
  await allocated.get(1)!.abort();
  const upload = `upload-secret ${b64(secrets.uploadSecret)}`;
  expect((await raw('PUT', `/storage/v1/immutable/${siPath}/1/abort`, { 'x-tahoe-authorization': upload })).status).toBe(405);
  expect((await raw('PATCH', `/storage/v1/immutable/${siPath}/1`, { 'x-tahoe-authorization': upload, 'content-range': 'bytes 0-9/*', 'content-type': 'application/octet-stream' }, new Uint8Array(10))).status).toBe(404);
  // A tag-259 map, a float where a uint belongs, and an unknown key are all refused with 400.
  const allocationSecrets = [`lease-renew-secret ${b64(secret(1))}`, `lease-cancel-secret ${b64(secret(2))}`, upload];
  const goodAllocation = Buffer.from(encodeCbor(new Map<string, unknown>([['share-numbers', new Set([5])], ['allocated-size', 10]])));
  const badAllocations = [
    Buffer.concat([Buffer.from('d90103', 'hex'), goodAllocation]),
    Buffer.from(goodAllocation.toString('hex').replace(/0a$/, 'fb4024000000000000'), 'hex'),
    encodeCbor(new Map<string, unknown>([['share-numbers', new Set([5])], ['allocated-size', 10], ['extra', true]])),
  ];
  for (const body of badAllocations) {
    const response = await raw('POST', `/storage/v1/immutable/${siPath}`, { 'x-tahoe-authorization': allocationSecrets, 'content-type': 'application/cbor' }, body);
    expect(response.status, Buffer.from(body).toString('hex')).toBe(400);
  }

  const readers = await client.getBuckets(si);
  expect(Buffer.from(await readers.get(0)!.read(10, 20)).equals(data.subarray(10, 30))).toBe(true);
  expect((await readers.get(0)!.read(200, 10)).length).toBe(0); // 204
  expect((await raw('GET', `/storage/v1/immutable/${siPath}/0`)).status).toBe(200);
  expect((await raw('GET', `/storage/v1/immutable/${siPath}/9`, { range: 'bytes=0-9' })).status).toBe(404);
  expect((await raw('GET', `/storage/v1/immutable/${siPath}/0`, { range: 'bytes=0-' })).status).toBe(416);
  expect((await raw('GET', `/storage/v1/immutable/${siPath}/shares`, { accept: 'application/json' })).status).toBe(406);
  await client.adviseCorruptShare(si, 0, 'block hash mismatch');
  await client.adviseCorruptShare(si, 9, 'a share it lacks'); // 404

  await client.addLease(si, secret(7), secret(8));
  await expect(client.addLease(randomBytes(16), secret(7), secret(8))).rejects.toBeInstanceOf(StorageIndexNotFoundError);

  // Mutable: create, read-test-write with reads, a wrong write enabler, reads and listing.
  const slot = randomBytes(16);
  const slotPath = encodeStorageIndex(slot);
  const slotSecrets = { writeEnabler: secret(4), renewSecret: secret(5), cancelSecret: secret(6) };
  await client.slotTestvAndReadvAndWritev(slot, slotSecrets, new Map([[2, { testVector: [{ offset: 0, size: 1, specimen: new Uint8Array(0) }], writeVector: [{ offset: 0, data: Buffer.from('hello world') }], newLength: 11 }]]), []);
  const passed = await client.slotTestvAndReadvAndWritev(
    slot,
    slotSecrets,
    new Map([[2, { testVector: [{ offset: 0, specimen: Buffer.from('hello') }], writeVector: [{ offset: 0, data: Buffer.from('HELLO') }], newLength: null }]]),
    [{ offset: 0, size: 5 }],
  );
  expect(passed.testsPassed).toBe(true);
  await expect(client.slotTestvAndReadvAndWritev(slot, { ...slotSecrets, writeEnabler: secret(9) }, new Map(), [])).rejects.toBeInstanceOf(BadWriteEnablerError);
  expect(await client.listMutableShares(slot)).toEqual([2]);
  expect((await raw('GET', `/storage/v1/mutable/${slotPath}/shares`, { accept: 'text/html' })).status).toBe(406);
  expect(Buffer.from((await client.slotReadv(slot, [2], [{ offset: 0, size: 11 }])).get(2)![0]!).toString()).toBe('HELLO world');
  expect((await raw('GET', `/storage/v1/mutable/${slotPath}/2`)).status).toBe(200);
  expect((await raw('GET', `/storage/v1/mutable/${slotPath}/2`, { range: 'bytes=50-60' })).status).toBe(204);
  expect((await raw('GET', `/storage/v1/mutable/${slotPath}/7`, { range: 'bytes=0-9' })).status).toBe(404);
  await client.adviseCorruptMutableShare(slot, 2, 'bad signature');
  await client.adviseCorruptMutableShare(slot, 7, 'a share it lacks'); // 404
}

function checkBody(body: Body, type: string | undefined, bytes: Buffer, where: string): void {
  const mediaType = type?.split(';')[0]!.trim();
  if (body === 'none' || body === 'empty') {
    expect(bytes.length, where).toBe(0);
    return;
  }
  if (body === 'share-data') {
    expect(mediaType, where).toBe('application/octet-stream');
    return;
  }
  expect(mediaType, where).toBe('application/cbor');
  expect(cddlChecker(body.cddl)(bytes), `${where}: ${bytes.toString('hex').slice(0, 200)}`).toBeUndefined();
}

function checkExchanges(log: Recorded[]): Set<string> {
  const seen = new Set<string>();
  for (const entry of log) {
    let route;
    try {
      route = parseRoute(entry.path);
    } catch {
      route = undefined;
    }
    expect(route, entry.path).toBeDefined();
    const endpoint = ENDPOINTS[route!.kind].find((e) => e.method === entry.method);
    expect(endpoint, `${entry.method} ${entry.path}`).toBeDefined();
    const where = `${entry.method} ${route!.kind} -> ${entry.status}`;
    const expected = endpoint!.responses[entry.status];
    const outcome = expected === undefined ? 'error' : 'success';
    seen.add(`${route!.kind} ${entry.method} ${outcome}`);
    // Requests RAIC's client sends must match; the deliberately malformed ones above are refused with 400.
    if (entry.status !== 400) checkBody(endpoint!.request, entry.requestType, entry.requestBody, `${where} (request)`);
    if (expected !== undefined) {
      checkBody(expected, entry.responseType, entry.responseBody, `${where} (response)`);
      continue;
    }
    const mediaType = entry.responseType?.split(';')[0]!.trim();
    const readsShare = (route!.kind === 'immutable-share' || route!.kind === 'mutable-share') && entry.method === 'GET';
    // Tahoe-LAFS's client checks a share read's content type before its status.
    if (readsShare && entry.status !== 401) expect({ where, mediaType, length: entry.responseBody.length }).toEqual({ where, mediaType: 'application/octet-stream', length: 0 });
    else expect(mediaType, where).not.toBe('application/cbor');
  }
  return seen;
}

const EVERY_ENDPOINT = Object.entries(ENDPOINTS).flatMap(([kind, endpoints]) => endpoints.flatMap((e) => [`${kind} ${e.method} success`, `${kind} ${e.method} error`]));

describe.each([
  ['the local-folder server', async (root: string): Promise<StorageServer> => new LocalFolderStorageServer({ serverId: 'local', nickname: 'local', root })],
  [
    'the blob server',
    async (root: string): Promise<StorageServer> => {
      await mkdir(root, { recursive: true });
      return new BlobStorageServer({ serverId: 'blob', nickname: 'blob', store: new LocalBlobStore({ root }) });
    },
  ],
])('every GBS message over %s, both directions, against the CDDL', (_name, makeStorage) => {
  it('covers every endpoint, success and error, and every message matches', async () => {
    const temp = await makeTempRoot('wire');
    cleanups.push(temp.cleanup);
    const { nurl, log, raw } = await recordedServer(await makeStorage(`${temp.root}/storage`), `${temp.root}/identity`);
    const client = new GbsStorageServer({ nurl });
    cleanups.push(async () => client.close());
    await exerciseEveryEndpoint(client, raw);
    const seen = checkExchanges(log);
    expect([...EVERY_ENDPOINT].filter((wanted) => !seen.has(wanted))).toEqual([]);
  });
});
