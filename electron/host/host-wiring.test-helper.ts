/**
 * Test wiring: a HostClient and serveHost joined by asynchronous in-memory
 * ports that structured-clone every message, as the MessagePort between two
 * processes does (so a value that could not cross it fails here too).
 */
import { vi } from 'vitest';
import { HostClient } from './host-client';
import type { HostToMain, MainToHost } from './host-protocol';
import { serveHost, type HostedService } from './host-server';

export function connectHost(service: HostedService) {
  const toHost: ((raw: unknown) => void)[] = [];
  const fromHost: HostToMain[] = [];
  const log = vi.fn();
  const exit = vi.fn();
  const client = new HostClient((message: MainToHost) => queueMicrotask(() => toHost.forEach((l) => l(structuredClone(message)))), log);
  serveHost(
    service,
    {
      post: (message) =>
        queueMicrotask(() => {
          const other = client.receive(structuredClone(message));
          if (other) fromHost.push(other);
        }),
      onMessage: (listener) => toHost.push(listener),
    },
    { log, exit },
  );
  return { client, fromHost, log, exit, sendRaw: (raw: unknown) => toHost.forEach((l) => l(raw)) };
}
