/**
 * Request bodies over the 1 MiB limit: refused with a structured 400 before
 * they are buffered, and (bug RAIC-REL-1) without breaking the client's
 * keep-alive connection for its next request.
 */
import http from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordReliability } from '../../scripts/reliability/record';
import { authHeaders, startGridUnderTest, type GridUnderTest } from './grid-under-test';
import { rawRequest } from './http-request';
import { errorBodyProblems } from './response-checks';

const TWO_MIB = 'x'.repeat(2 * 1024 * 1024);
let grid: GridUnderTest;
beforeAll(async () => {
  grid = await startGridUnderTest('body-limit');
});
afterAll(async () => {
  await grid?.dispose();
});

it('a 2 MiB JSON body is refused with a structured 400 and the server keeps serving', async () => {
  const rssBefore = process.memoryUsage().rss;
  const big = await rawRequest(grid.server.port, { method: 'POST', path: '/api/v1/files/list', headers: authHeaders(grid, { 'Content-Type': 'application/json' }), body: TWO_MIB });
  const next = await rawRequest(grid.server.port, { method: 'POST', path: '/api/v1/files/list', headers: authHeaders(grid), body: '{}' });
  recordReliability({
    suite: 'Hostile input',
    scenario: 'a 2 MiB JSON body (limit 1 MiB) on a fresh connection, then a normal request',
    trials: 2,
    outcome: `answered ${big.status} (${JSON.parse(big.body).error?.message}); the next request answered ${next.status}`,
    lost: 0,
    figures: { rssGrowthMiB: Math.round((process.memoryUsage().rss - rssBefore) / 1024 ** 2) },
  });
  expect(big.status).toBe(400);
  expect(errorBodyProblems(JSON.parse(big.body))).toEqual([]);
  expect(next.status).toBe(200);
});

// Was bug RAIC-REL-1 (fixed): readJsonBody throws out of `for await (req)`, which destroys the socket, while the 400 goes out
// with "Connection: keep-alive"; the client's next request on that connection fails with ECONNRESET.
it('RAIC-REL-1: after an oversized body, the next request on the same keep-alive connection is answered', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const big = await rawRequest(grid.server.port, { method: 'POST', path: '/api/v1/files/list', headers: authHeaders(grid), body: TWO_MIB, agent });
    expect(big.status).toBe(400);
    const next = await rawRequest(grid.server.port, { method: 'POST', path: '/api/v1/files/list', headers: authHeaders(grid), body: '{}', agent });
    expect(next.status).toBe(200);
  } finally {
    agent.destroy();
  }
});
