import http from 'node:http';
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpNetworkError, httpSend } from './http';

const closers: Array<() => void> = [];
afterEach(() => {
  while (closers.length) closers.pop()?.();
});

async function listen(server: Server | http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return (server.address() as { port: number }).port;
}

describe('HTTP layer of the Swift and WebDAV backends', () => {
  it('gives up on a server that accepts and then never answers, after the idle timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    closers.push(() => sockets.forEach((socket) => socket.destroy()));
    const port = await listen(silent);
    const started = Date.now();
    await expect(httpSend({ method: 'GET', url: `http://127.0.0.1:${port}/x` }, 300)).rejects.toBeInstanceOf(HttpNetworkError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('streams a body with its length and reports a failing body as the caller\'s error, not the network\'s', async () => {
    const received: number[] = [];
    const server = http.createServer((request, response) => {
      let bytes = 0;
      request.on('data', (chunk: Buffer) => (bytes += chunk.length));
      request.on('end', () => {
        received.push(bytes);
        response.end(String(request.headers['content-length']));
      });
      request.on('error', () => undefined);
    });
    const port = await listen(server);
    const chunks = async function* (fail: boolean) {
      for (let i = 0; i < 8; i++) {
        if (fail && i === 4) throw new Error('source broke');
        yield new Uint8Array(1 << 20);
      }
    };
    const ok = await httpSend({ method: 'PUT', url: `http://127.0.0.1:${port}/a`, headers: { 'Content-Length': String(8 << 20) }, body: chunks(false) }, 5_000);
    expect(await ok.text()).toBe(String(8 << 20));
    expect(received).toEqual([8 << 20]);
    await expect(httpSend({ method: 'PUT', url: `http://127.0.0.1:${port}/b`, headers: { 'Content-Length': String(8 << 20) }, body: chunks(true) }, 5_000)).rejects.toThrow('source broke');
  });

  it('reports a refused connection as HttpNetworkError', async () => {
    const probe = createServer();
    const port = await listen(probe);
    probe.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(httpSend({ method: 'GET', url: `http://127.0.0.1:${port}/` }, 1_000)).rejects.toThrow(/ECONNREFUSED/);
  });
});
