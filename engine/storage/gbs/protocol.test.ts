/**
 * Every GBS endpoint and every failure status, spoken to directly over HTTPS
 * (no GbsStorageServer in between), so each status is the server's own.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalFolderStorageServer } from '../local';
import type { StorageServer } from '../types';
import { authorizationHeaderFor } from './authorization';
import { exchange, type ExchangeResponse } from './http-exchange';
import { parseNurl } from './nurl';
import { encodeStorageIndex } from './paths';
import { PinnedSpkiAgent } from './pinned-agent';
import { serveStorageOverGbs, type RunningGbsServer } from './server';
import { makeTempRoot, serveBlobServer, type ServedBlobServer } from './test-fixtures';
import { decodeCbor, encodeCbor } from './wire-cbor';

let temp: Awaited<ReturnType<typeof makeTempRoot>>;
let served: ServedBlobServer;
let agent: PinnedSpkiAgent;

beforeAll(async () => {
  temp = await makeTempRoot('protocol');
  served = await serveBlobServer(temp.root, { name: 'proto', sizeLimitBytes: 1_000_000 });
  agent = new PinnedSpkiAgent(parseNurl(served.gbs.nurl).spkiHash);
});
afterAll(async () => {
  agent.destroy();
  await served.stop();
  await temp.cleanup();
});

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const renew = new Uint8Array(32).fill(1);
const cancel = new Uint8Array(32).fill(2);
const upload = new Uint8Array(20).fill(3); // Tahoe-LAFS's HTTP client sends 20-byte upload secrets.
const writeEnabler = new Uint8Array(32).fill(4);
const leaseSecrets = [`lease-renew-secret ${b64(renew)}`, `lease-cancel-secret ${b64(cancel)}`];
const allocationSecrets = [...leaseSecrets, `upload-secret ${b64(upload)}`];

interface Raw {
  method?: string;
  path: string;
  headers?: Record<string, string | string[]>;
  secrets?: string[];
  body?: Uint8Array;
  auth?: string | null;
  server?: RunningGbsServer;
}

async function raw(options: Raw): Promise<ExchangeResponse> {
  const gbs = options.server ?? served.gbs;
  const { port, swissnum, spkiHash } = parseNurl(gbs.nurl);
  const headers: Record<string, string | string[]> = { ...options.headers };
  const auth = options.auth === undefined ? authorizationHeaderFor(swissnum) : options.auth;
  if (auth !== null) headers.authorization = auth;
  if (options.secrets) headers['x-tahoe-authorization'] = options.secrets;
  const useAgent = gbs === served.gbs ? agent : new PinnedSpkiAgent(spkiHash);
  try {
    return await exchange(
      { host: '127.0.0.1', port, agent: useAgent },
      { method: options.method ?? 'GET', path: options.path, headers, body: options.body, timeoutMs: 10_000, maxResponseBytes: 1 << 24 },
    );
  } finally {
    if (useAgent !== agent) useAgent.destroy();
  }
}

const cbor = (value: unknown): Uint8Array => encodeCbor(value);
const cborHeaders = { 'content-type': 'application/cbor' };
const text = (response: ExchangeResponse): string => Buffer.from(response.body).toString('utf8');
const siPath = (si: Uint8Array): string => encodeStorageIndex(si);
const allocation = (shareNumbers: number[], size: number) =>
  cbor(
    new Map<string, unknown>([
      ['share-numbers', new Set(shareNumbers)],
      ['allocated-size', size],
    ]),
  );

async function allocate(si: Uint8Array, shareNumbers: number[], size: number, secrets = allocationSecrets): Promise<ExchangeResponse> {
  return raw({ method: 'POST', path: `/storage/v1/immutable/${siPath(si)}`, secrets, headers: cborHeaders, body: allocation(shareNumbers, size) });
}

async function patch(si: Uint8Array, n: number, offset: number, data: Uint8Array, secret = upload, contentRange?: string | null): Promise<ExchangeResponse> {
  const headers: Record<string, string> = {};
  if (contentRange !== null) headers['content-range'] = contentRange ?? `bytes ${offset}-${offset + data.length - 1}/*`;
  return raw({ method: 'PATCH', path: `/storage/v1/immutable/${siPath(si)}/${n}`, secrets: [`upload-secret ${b64(secret)}`], headers, body: data });
}

async function storeShare(si: Uint8Array, n: number, data: Uint8Array): Promise<void> {
  expect((await allocate(si, [n], data.length)).status).toBe(200);
  expect((await patch(si, n, 0, data)).status).toBe(201);
}

describe('authorization (spec: HTTP Design)', () => {
  it('answers 401 to a missing, wrong or malformed swissnum, before anything else', async () => {
    for (const auth of [null, 'Tahoe-LAFS d3Jvbmc=', 'Basic abc', authorizationHeaderFor('x'), '']) {
      const response = await raw({ path: '/storage/v1/version', auth });
      expect(response.status).toBe(401);
    }
    // Even for paths that do not exist or requests that are otherwise wrong.
    expect((await raw({ path: '/storage/v1/nowhere', auth: null })).status).toBe(401);
    expect((await raw({ method: 'DELETE', path: '/storage/v1/version', auth: 'Tahoe-LAFS AAAA' })).status).toBe(401);
  });

  it('answers 404 to unknown paths, 400 to malformed storage indexes and share numbers, 405 to other methods', async () => {
    expect((await raw({ path: '/storage/v1/nowhere' })).status).toBe(404);
    expect((await raw({ path: '/storage/v2/version' })).status).toBe(404);
    expect((await raw({ path: '/storage/v1/immutable/AAAA/shares' })).status).toBe(400);
    expect((await raw({ path: `/storage/v1/immutable/${siPath(randomBytes(16))}/256` })).status).toBe(400);
    expect((await raw({ path: `/storage/v1/immutable/${siPath(randomBytes(16))}/01` })).status).toBe(400);
    const wrongMethod = await raw({ method: 'DELETE', path: '/storage/v1/version' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
  });
});

describe('GET /storage/v1/version', () => {
  it('sends the spec schema in CBOR, with byte-string keys', async () => {
    const response = await raw({ path: '/storage/v1/version' });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/cbor');
    const decoded = decodeCbor(response.body) as Map<Uint8Array, unknown>;
    const name = (key: Uint8Array): string => Buffer.from(key).toString('latin1');
    expect([...decoded.keys()].every((k) => k instanceof Uint8Array)).toBe(true);
    const top = new Map([...decoded].map(([k, v]) => [name(k), v]));
    expect([...top.keys()].sort()).toEqual(['application-version', 'http://allmydata.org/tahoe/protocols/storage/v1']);
    const v1 = top.get('http://allmydata.org/tahoe/protocols/storage/v1') as Map<Uint8Array, number>;
    expect(Object.fromEntries([...v1].map(([k, v]) => [name(k), v]))).toEqual({
      'maximum-immutable-share-size': 1_000_000,
      'maximum-mutable-share-size': 1_000_000,
      'available-space': 1_000_000,
    });
    expect(top.get('application-version')).toBeInstanceOf(Uint8Array);
  });

  it('answers 406 when the client will not take CBOR, and accepts wildcards', async () => {
    expect((await raw({ path: '/storage/v1/version', headers: { accept: 'application/json' } })).status).toBe(406);
    expect((await raw({ path: '/storage/v1/version', headers: { accept: 'application/cbor;q=0, text/html' } })).status).toBe(406);
    expect((await raw({ path: '/storage/v1/version', headers: { accept: 'text/html, */*;q=0.1' } })).status).toBe(200);
  });
});

describe('POST /storage/v1/immutable/:storage_index', () => {
  it('allocates and answers with sets (CBOR tag 258)', async () => {
    const si = randomBytes(16);
    const response = await allocate(si, [1, 7], 48);
    expect(response.status).toBe(200);
    // d9 0102: tag 258 on both sets.
    expect(Buffer.from(response.body).toString('hex').match(/d90102/g)).toHaveLength(2);
    const result = decodeCbor(response.body) as Map<string, Set<number>>;
    expect(result.get('already-have')).toEqual(new Set());
    expect(result.get('allocated')).toEqual(new Set([1, 7]));
    // The same call again (a retry with the same upload secret) changes nothing; as Tahoe-LAFS's server
    // does, shares still being written are neither allocated again nor already held.
    const again = decodeCbor((await allocate(si, [1, 7], 48)).body) as Map<string, Set<number>>;
    expect(again.get('allocated')).toEqual(new Set());
    expect(again.get('already-have')).toEqual(new Set());
    // A client with another upload secret gets neither share while they are being written.
    const other = [...leaseSecrets, `upload-secret ${b64(new Uint8Array(32).fill(9))}`];
    expect((decodeCbor((await allocate(si, [1, 7, 8], 48, other)).body) as Map<string, Set<number>>).get('allocated')).toEqual(new Set([8]));
  });

  it('answers 400 to missing, unknown, repeated, undecodable or wrong-length secrets', async () => {
    const si = randomBytes(16);
    const cases: string[][] = [
      leaseSecrets, // no upload secret
      [...allocationSecrets, `write-enabler ${b64(writeEnabler)}`], // one this endpoint does not take
      [...allocationSecrets, `upload-secret ${b64(upload)}`], // repeated
      [`lease-renew-secret ${b64(new Uint8Array(31))}`, ...allocationSecrets.slice(1)], // lease secrets are 32 bytes
      ['lease-renew-secret !!notbase64!!', ...allocationSecrets.slice(1)],
      ['mystery-secret AAAA', ...allocationSecrets],
      [...leaseSecrets, 'upload-secret'],
    ];
    for (const secrets of cases) {
      const response = await allocate(si, [0], 10, secrets);
      expect(response.status, secrets.join(' | ')).toBe(400);
    }
    const none = await raw({ method: 'POST', path: `/storage/v1/immutable/${siPath(si)}`, headers: cborHeaders, body: allocation([0], 10) });
    expect(none.status).toBe(400);
    expect(text(none)).toMatch(/missing X-Tahoe-Authorization/);
  });

  it('answers 400 to malformed CBOR and to bodies off the schema, 415 to other media types, 413 to oversized bodies', async () => {
    const path = `/storage/v1/immutable/${siPath(randomBytes(16))}`;
    const post = (body: Uint8Array, headers: Record<string, string> = cborHeaders) => raw({ method: 'POST', path, secrets: allocationSecrets, headers, body });
    expect((await post(Uint8Array.of(0xa2, 0x61))).status).toBe(400); // truncated
    expect((await post(new Uint8Array(0))).status).toBe(400);
    expect((await post(Buffer.concat([allocation([0], 10), Uint8Array.of(0)]))).status).toBe(400); // trailing bytes
    // Share numbers as a plain array, not a set.
    expect((await post(cbor(new Map<string, unknown>([['share-numbers', [0, 1]], ['allocated-size', 10]])))).status).toBe(400);
    expect((await post(cbor(new Map<string, unknown>([['share-numbers', new Set([0])], ['allocated-size', -1]])))).status).toBe(400);
    expect((await post(cbor(new Map<string, unknown>([['share-numbers', new Set([300])], ['allocated-size', 1]])))).status).toBe(400);
    const extraKey = await post(cbor(new Map<string, unknown>([['share-numbers', new Set([0])], ['allocated-size', 1], ['colour', 'blue']])));
    expect(extraKey.status).toBe(400);
    expect(text(extraKey)).toMatch(/unexpected key "colour"/);
    expect((await post(allocation([0], 10), { 'content-type': 'application/json' })).status).toBe(415);
    expect((await post(new Uint8Array(9000))).status).toBe(413);
    // No Content-Type at all means CBOR.
    expect((await post(allocation([0], 10), {})).status).toBe(200);
  });

  it('answers 507 when the server is full', async () => {
    const response = await allocate(randomBytes(16), [0], 2_000_000);
    expect(response.status).toBe(507);
    expect(text(response)).toMatch(/is full/);
  });
});

describe('PATCH /storage/v1/immutable/:storage_index/:share_number', () => {
  it('reports the ranges still required, 201 on the last one, then the share is readable', async () => {
    const si = randomBytes(16);
    const data = randomBytes(48);
    await allocate(si, [7], 48);
    const first = await patch(si, 7, 0, data.subarray(0, 16));
    expect(first.status).toBe(200);
    expect(decodeCbor(first.body)).toEqual(new Map([['required', [new Map([['begin', 16], ['end', 48]])]]]));
    const third = await patch(si, 7, 32, data.subarray(32));
    expect(decodeCbor(third.body)).toEqual(new Map([['required', [new Map([['begin', 16], ['end', 32]])]]]));
    expect((await patch(si, 7, 16, data.subarray(16, 32))).status).toBe(201);
    const read = await raw({ path: `/storage/v1/immutable/${siPath(si)}/7` });
    expect(read.status).toBe(200);
    expect(Buffer.from(read.body).equals(data)).toBe(true);
    // The upload is over: more writes find nothing to write to.
    expect((await patch(si, 7, 0, data.subarray(0, 16))).status).toBe(404);
  });

  it('answers 401 to a wrong upload secret, 409 to conflicting data, 416 without or past Content-Range, 400 to a short body', async () => {
    const si = randomBytes(16);
    const data = randomBytes(40);
    await allocate(si, [0], 40);
    expect((await patch(si, 0, 0, data.subarray(0, 10), new Uint8Array(20).fill(8))).status).toBe(401);
    expect((await patch(si, 0, 0, data.subarray(0, 10))).status).toBe(200);
    expect((await patch(si, 0, 0, data.subarray(0, 10))).status).toBe(200); // identical rewrite
    const changed = Uint8Array.from(data.subarray(0, 10));
    changed[5]! ^= 1;
    expect((await patch(si, 0, 0, changed)).status).toBe(409);
    expect((await patch(si, 0, 10, data.subarray(10, 20), upload, null)).status).toBe(416);
    expect((await patch(si, 0, 10, data.subarray(10, 20), upload, 'bytes 10-19')).status).toBe(416);
    const past = await patch(si, 0, 35, new Uint8Array(10));
    expect(past.status).toBe(416);
    expect(text(past)).toMatch(/past the allocated share size 40/);
    expect((await patch(si, 0, 10, data.subarray(10, 20), upload, 'bytes 10-29/*')).status).toBe(400);
    expect((await patch(si, 9, 0, data.subarray(0, 10))).status).toBe(404); // never allocated
  });
});

describe('PUT /storage/v1/immutable/:storage_index/:share_number/abort', () => {
  it('aborts with the right secret (200), refuses another (401), and answers 405 when nothing is in progress', async () => {
    const si = randomBytes(16);
    await allocate(si, [3], 20);
    await patch(si, 3, 0, new Uint8Array(5).fill(1));
    const abort = (secret: Uint8Array) => raw({ method: 'PUT', path: `/storage/v1/immutable/${siPath(si)}/3/abort`, secrets: [`upload-secret ${b64(secret)}`] });
    expect((await abort(new Uint8Array(20).fill(7))).status).toBe(401);
    expect((await abort(upload)).status).toBe(200);
    expect((await abort(upload)).status).toBe(405);
    // As if the upload never happened: the share number can be allocated again.
    expect((decodeCbor((await allocate(si, [3], 20)).body) as Map<string, Set<number>>).get('allocated')).toEqual(new Set([3]));
    // A finished share cannot be aborted.
    const done = randomBytes(16);
    await storeShare(done, 0, randomBytes(8));
    expect((await raw({ method: 'PUT', path: `/storage/v1/immutable/${siPath(done)}/0/abort`, secrets: [`upload-secret ${b64(upload)}`] })).status).toBe(405);
  });
});

describe('reading immutable shares', () => {
  it('lists shares as a set (empty for an unknown storage index)', async () => {
    const si = randomBytes(16);
    await storeShare(si, 2, randomBytes(10));
    await storeShare(si, 5, randomBytes(10));
    const listing = await raw({ path: `/storage/v1/immutable/${siPath(si)}/shares` });
    expect(Buffer.from(listing.body).subarray(0, 3).toString('hex')).toBe('d90102');
    expect(decodeCbor(listing.body)).toEqual(new Set([2, 5]));
    expect(decodeCbor((await raw({ path: `/storage/v1/immutable/${siPath(randomBytes(16))}/shares` })).body)).toEqual(new Set());
  });

  it('reads ranges with 206 and Content-Range, clips at the end, 204 past it, 416 for ranges it does not support, 404 for unknown shares', async () => {
    const si = randomBytes(16);
    const data = randomBytes(100);
    await storeShare(si, 1, data);
    const path = `/storage/v1/immutable/${siPath(si)}/1`;
    const read = (range: string) => raw({ path, headers: { range } });
    const middle = await read('bytes=10-19');
    expect(middle.status).toBe(206);
    expect(middle.headers['content-type']).toBe('application/octet-stream');
    expect(middle.headers['content-range']).toBe('bytes 10-19/100');
    expect(Buffer.from(middle.body).equals(data.subarray(10, 20))).toBe(true);
    const overrun = await read('bytes=90-199');
    expect(overrun.status).toBe(206);
    expect(overrun.headers['content-range']).toBe('bytes 90-99/100');
    expect(overrun.body.length).toBe(10);
    expect((await read('bytes=100-120')).status).toBe(204);
    for (const unsupported of ['bytes=0-1,5-6', 'bytes=10-', 'bytes=-10', 'items=0-1', 'bytes=5-2']) expect((await read(unsupported)).status, unsupported).toBe(416);
    expect((await raw({ path: `/storage/v1/immutable/${siPath(si)}/2`, headers: { range: 'bytes=0-1' } })).status).toBe(404);
    expect((await raw({ path: `/storage/v1/immutable/${siPath(randomBytes(16))}/1` })).status).toBe(404);
  });

  it('takes corruption reports for shares it holds (200), 404 for others, 400 for bad reasons', async () => {
    const si = randomBytes(16);
    await storeShare(si, 4, randomBytes(10));
    const report = (n: number, body: Uint8Array) => raw({ method: 'POST', path: `/storage/v1/immutable/${siPath(si)}/${n}/corrupt`, headers: cborHeaders, body });
    expect((await report(4, cbor(new Map([['reason', 'expected hash abcd, got hash efgh']])))).status).toBe(200);
    expect((await report(5, cbor(new Map([['reason', 'x']])))).status).toBe(404);
    expect((await report(4, cbor(new Map([['reason', '']])))).status).toBe(400);
    expect((await report(4, cbor(new Map([['reason', 'x'.repeat(32766)]])))).status).toBe(413);
    expect((await report(4, cbor(new Map([['why', 'x']])))).status).toBe(400);
    const advisories = await served.backend.listCorruptionAdvisories();
    expect(advisories.filter((a) => a.storageIndex === encodeStorageIndex(si)).map((a) => a.reason)).toEqual(['expected hash abcd, got hash efgh']);
  });
});

describe('PUT /storage/v1/lease/:storage_index', () => {
  it('adds or renews (204), 404 when nothing is stored, 400 without both lease secrets', async () => {
    const si = randomBytes(16);
    await storeShare(si, 0, randomBytes(10));
    const lease = (target: Uint8Array, secrets: string[]) => raw({ method: 'PUT', path: `/storage/v1/lease/${siPath(target)}`, secrets });
    expect((await lease(si, leaseSecrets)).status).toBe(204);
    const other = [`lease-renew-secret ${b64(new Uint8Array(32).fill(50))}`, `lease-cancel-secret ${b64(new Uint8Array(32).fill(51))}`];
    expect((await lease(si, other)).status).toBe(204);
    await served.backend.renewLease(si, new Uint8Array(32).fill(50)); // the new lease really exists
    expect((await lease(randomBytes(16), leaseSecrets)).status).toBe(404);
    expect((await lease(si, leaseSecrets.slice(0, 1))).status).toBe(400);
    expect((await lease(si, [...leaseSecrets, `upload-secret ${b64(upload)}`])).status).toBe(400);
  });
});

describe('mutable endpoints', () => {
  const rtwSecrets = [`write-enabler ${b64(writeEnabler)}`, ...leaseSecrets];
  const rtwBody = (n: number, data: string, test: { offset: number; size: number; specimen: string }[] = [], readVector: { offset: number; size: number }[] = []) =>
    cbor(
      new Map<string, unknown>([
        [
          'test-write-vectors',
          new Map([
            [
              n,
              new Map<string, unknown>([
                ['test', test.map((t) => new Map<string, unknown>([['offset', t.offset], ['size', t.size], ['specimen', Buffer.from(t.specimen)]]))],
                ['write', [new Map<string, unknown>([['offset', 0], ['data', Buffer.from(data)]])]],
                ['new-length', null],
              ]),
            ],
          ]),
        ],
        ['read-vector', readVector.map((r) => new Map([['offset', r.offset], ['size', r.size]]))],
      ]),
    );
  const rtw = (si: Uint8Array, body: Uint8Array, secrets = rtwSecrets) =>
    raw({ method: 'POST', path: `/storage/v1/mutable/${siPath(si)}/read-test-write`, secrets, headers: cborHeaders, body });

  it('creates with the "absent share" test, rewrites only when the test passes, and returns reads from before the write', async () => {
    const si = randomBytes(16);
    const created = await rtw(si, rtwBody(3, 'xxxxxxxxxx', [{ offset: 0, size: 1, specimen: '' }]));
    expect(created.status).toBe(200);
    expect(decodeCbor(created.body)).toEqual(new Map<string, unknown>([['success', true], ['data', new Map()]]));
    const refused = await rtw(si, rtwBody(3, 'zzzz', [{ offset: 0, size: 3, specimen: 'abc' }], [{ offset: 2, size: 100 }]));
    const refusedResult = decodeCbor(refused.body) as Map<string, unknown>;
    expect(refusedResult.get('success')).toBe(false);
    const reads = refusedResult.get('data') as Map<number, Uint8Array[]>;
    expect([...reads].map(([n, data]) => [n, data.map((d) => Buffer.from(d).toString())])).toEqual([[3, ['xxxxxxxx']]]);
    const passed = await rtw(si, rtwBody(3, 'yyyyyyyyyy', [{ offset: 0, size: 10, specimen: 'xxxxxxxxxx' }]));
    expect((decodeCbor(passed.body) as Map<string, unknown>).get('success')).toBe(true);

    expect(decodeCbor((await raw({ path: `/storage/v1/mutable/${siPath(si)}/shares` })).body)).toEqual(new Set([3]));
    const read = await raw({ path: `/storage/v1/mutable/${siPath(si)}/3`, headers: { range: 'bytes=0-16' } });
    expect(read.status).toBe(206);
    expect(read.headers['content-range']).toBe('bytes 0-9/*');
    expect(Buffer.from(read.body).toString()).toBe('yyyyyyyyyy');
    expect((await raw({ path: `/storage/v1/mutable/${siPath(si)}/3`, headers: { range: 'bytes=10-20' } })).status).toBe(204);
    expect(Buffer.from((await raw({ path: `/storage/v1/mutable/${siPath(si)}/3` })).body).toString()).toBe('yyyyyyyyyy');
    expect((await raw({ path: `/storage/v1/mutable/${siPath(si)}/4`, headers: { range: 'bytes=0-1' } })).status).toBe(404);
    expect((await raw({ path: `/storage/v1/mutable/${siPath(si)}/3`, headers: { range: 'bytes=0-' } })).status).toBe(416);
    // Leases cover mutable shares too.
    expect((await raw({ method: 'PUT', path: `/storage/v1/lease/${siPath(si)}`, secrets: leaseSecrets })).status).toBe(204);
  });

  it('answers 401 to a wrong write enabler, 400 to missing secrets and off-schema vectors', async () => {
    const si = randomBytes(16);
    await rtw(si, rtwBody(0, 'mine'));
    const intruder = [`write-enabler ${b64(new Uint8Array(32).fill(5))}`, ...leaseSecrets];
    expect((await rtw(si, rtwBody(0, 'evil'), intruder)).status).toBe(401);
    expect((await rtw(si, rtwBody(0, 'evil'), leaseSecrets)).status).toBe(400);
    expect((await rtw(si, rtwBody(0, 'x', Array.from({ length: 31 }, () => ({ offset: 0, size: 1, specimen: 'm' }))))).status).toBe(400);
    expect((await rtw(si, cbor(new Map([['test-write-vectors', new Map()]])))).status).toBe(400);
    expect((await rtw(si, cbor(new Map<string, unknown>([['test-write-vectors', new Map([[256, new Map()]])], ['read-vector', []]])))).status).toBe(400);
    expect(Buffer.from((await raw({ path: `/storage/v1/mutable/${siPath(si)}/0` })).body).toString()).toBe('mine');
  });

  it('takes corruption reports for mutable shares it holds', async () => {
    const si = randomBytes(16);
    await rtw(si, rtwBody(1, 'data'));
    const report = (n: number) =>
      raw({ method: 'POST', path: `/storage/v1/mutable/${siPath(si)}/${n}/corrupt`, headers: cborHeaders, body: cbor(new Map([['reason', 'bad signature']])) });
    expect((await report(1)).status).toBe(200);
    expect((await report(2)).status).toBe(404);
  });
});

describe('a backend without mutable slots', () => {
  it('answers 501 to read-test-write on a server without mutable slots, advertises no mutable room, and still confirms leases on shares it holds', async () => {
    const local = new LocalFolderStorageServer({ serverId: 'local', nickname: 'folder', root: `${temp.root}/folder` });
    // The local-folder server has slots now; this one offers only the immutable side of it.
    const immutableOnly: StorageServer = {
      serverId: local.serverId,
      nickname: local.nickname,
      getVersion: async () => {
        const { maximumImmutableShareSize, availableSpace } = await local.getVersion();
        return { maximumImmutableShareSize, availableSpace };
      },
      allocateBuckets: (request) => local.allocateBuckets(request),
      getBuckets: (storageIndex) => local.getBuckets(storageIndex),
      adviseCorruptShare: (storageIndex, shareNumber, reason) => local.adviseCorruptShare(storageIndex, shareNumber, reason),
      addLease: (storageIndex, renewSecret, cancelSecret) => local.addLease(storageIndex, renewSecret, cancelSecret),
    };
    const gbs = await serveStorageOverGbs({ storage: immutableOnly, stateDir: `${temp.root}/folder-gbs` });
    try {
      const version = decodeCbor((await raw({ server: gbs, path: '/storage/v1/version' })).body) as Map<Uint8Array, Map<Uint8Array, unknown>>;
      const v1 = [...version.values()].find((value) => value instanceof Map)!;
      expect(new Map([...v1].map(([k, v]) => [Buffer.from(k).toString(), v])).get('maximum-mutable-share-size')).toBe(0);
      const si = randomBytes(16);
      const body = cbor(new Map<string, unknown>([['test-write-vectors', new Map()], ['read-vector', []]]));
      const secrets = [`write-enabler ${b64(writeEnabler)}`, ...leaseSecrets];
      expect((await raw({ server: gbs, method: 'POST', path: `/storage/v1/mutable/${siPath(si)}/read-test-write`, secrets, headers: cborHeaders, body })).status).toBe(501);
      expect(decodeCbor((await raw({ server: gbs, path: `/storage/v1/mutable/${siPath(si)}/shares` })).body)).toEqual(new Set());
      expect((await raw({ server: gbs, method: 'PUT', path: `/storage/v1/lease/${siPath(si)}`, secrets: leaseSecrets })).status).toBe(404);
      const writer = (await local.allocateBuckets({ storageIndex: si, renewSecret: renew, cancelSecret: cancel, uploadSecret: new Uint8Array(32), shareNumbers: [0], allocatedSize: 3 })).allocated.get(0)!;
      await writer.write(0, Uint8Array.of(1, 2, 3));
      await writer.close();
      expect((await raw({ server: gbs, method: 'PUT', path: `/storage/v1/lease/${siPath(si)}`, secrets: leaseSecrets })).status).toBe(204);
    } finally {
      await gbs.close();
    }
  });
});
