/** What an endpoint handler answers, before the server writes it out; and what handlers get to work with. */
import type { IncomingMessage } from 'node:http';
import type { StorageServer } from '../types';
import type { UploadRegistry } from './upload-registry';

export type Reply =
  | { status: number; cbor: unknown }
  | { status: number; bytes: AsyncIterable<Uint8Array>; headers: Record<string, string> }
  | { status: number; empty: true; contentType?: string };

export function emptyReply(status: number, contentType?: string): Reply {
  return contentType === undefined ? { status, empty: true } : { status, empty: true, contentType };
}

export interface BodyLimits {
  /** POST immutable (a set of at most 256 share numbers): Tahoe-LAFS allows 8 KiB. */
  allocate: number;
  /** Corruption reports: the spec sizes "reason" so the message stays under 32 KiB. */
  corrupt: number;
  /** Mutable read-test-write: whole mutable shares can travel in one request. */
  readTestWrite: number;
  /** One PATCH of immutable share data. */
  shareChunk: number;
}

export const DEFAULT_BODY_LIMITS: BodyLimits = {
  allocate: 8 * 1024,
  corrupt: 32 * 1024,
  readTestWrite: 64 * 1024 * 1024,
  shareChunk: 64 * 1024 * 1024,
};

export interface HandlerDeps {
  storage: StorageServer;
  uploads: UploadRegistry;
  limits: BodyLimits;
  applicationVersion: string;
}

export interface HandlerRequest {
  request: IncomingMessage;
  /** All X-Tahoe-Authorization values, in order. */
  secretHeaders: string[];
}
