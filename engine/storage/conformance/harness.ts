/**
 * What every conformance group receives: a way to open a fresh server (closed
 * again after each test) and the server's missing capabilities; plus the
 * helper that registers a group as skipped, visibly, when it cannot run.
 */
import { describe } from 'vitest';
import type { StorageServer } from '../types';
import { whyNotSupported, type Capability, type MissingCapabilities } from './capabilities';

export interface ConformanceServer {
  server: StorageServer;
  /** Corruption reports as the implementation lists them, oldest first. */
  listAdvisories(): Promise<{ time: string; storageIndex: string; shareNumber: number; reason: string }[]>;
  cleanup(): Promise<void>;
}

export interface ConformanceFactoryOptions {
  nickname?: string;
  sizeLimitBytes?: number;
  /** A hint: chunked implementations use it, others ignore it. */
  chunkSize?: number;
}

export type ConformanceFactory = (options?: ConformanceFactoryOptions) => Promise<ConformanceServer>;

export interface ConformanceHarness {
  /** A fresh, empty server; cleaned up after the current test. */
  open(options?: ConformanceFactoryOptions): Promise<ConformanceServer>;
  missing: MissingCapabilities;
}

/** A describe block that runs only when the server has every capability in `needs`; otherwise it is skipped, with the reason in its name. */
export function describeWhenSupported(harness: ConformanceHarness, name: string, needs: readonly Capability[], body: () => void): void {
  const reason = whyNotSupported(harness.missing, needs);
  if (reason === undefined) describe(name, body);
  else describe.skip(`${name} (skipped: ${reason})`, body);
}
