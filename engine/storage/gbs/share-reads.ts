/**
 * Client-side share reads: GET with one closed Range (Tahoe-LAFS clients
 * always send one), 206 with data, 204 for nothing, and learning an immutable
 * share's length, which BucketReader.size needs but GBS has no endpoint for.
 */
import type { BucketReader } from '../types';
import { MAX_HEADER_SIZE, parseShareHeader, readLengthField } from '../../chk/share-layout';
import { formatRangeHeader, parseContentRange } from './byte-ranges';
import { checkNonNegativeInteger } from './client-arguments';
import type { GbsConnection } from './gbs-connection';
import { STATUS } from './http-status';

type ShareRoute = { kind: 'immutable-share' | 'mutable-share'; storageIndex: Uint8Array; shareNumber: number };

export interface RangeRead {
  data: Uint8Array;
  /** The share's total length, when the server states it in Content-Range. */
  total?: number;
}

export async function readRange(connection: GbsConnection, route: ShareRoute, offset: number, length: number): Promise<RangeRead> {
  checkNonNegativeInteger(offset, 'read offset');
  checkNonNegativeInteger(length, 'read length');
  if (length === 0) return { data: new Uint8Array(0) };
  const response = await connection.call({ method: 'GET', route, headers: { range: formatRangeHeader({ start: offset, end: offset + length }) } });
  if (response.status === STATUS.noContent) return { data: new Uint8Array(0) };
  if (response.status !== STATUS.partialContent) throw connection.unexpected(`a read of share ${route.shareNumber}`, response);
  const contentRange = parseContentRange(String(response.headers['content-range'] ?? ''));
  if (!contentRange || contentRange.start !== offset || contentRange.end > offset + length || contentRange.end - contentRange.start !== response.body.length) {
    throw new Error(`GBS storage server ${connection.label} sent a share read whose Content-Range does not match what was asked or sent`);
  }
  return { data: response.body, total: contentRange.total };
}

/**
 * The length of an immutable share. Our servers state it in Content-Range;
 * a server that answers "/*" (Tahoe-LAFS does) gets it worked out from the
 * share's own header: the URI extension block is last and length-prefixed.
 */
async function immutableShareSize(connection: GbsConnection, route: ShareRoute): Promise<number> {
  const head = await readRange(connection, route, 0, MAX_HEADER_SIZE);
  if (head.total !== undefined) return head.total;
  if (head.data.length === 0) return 0;
  const header = parseShareHeader(head.data);
  const lengthFieldSize = header.version === 1 ? 4 : 8;
  const field = await readRange(connection, route, header.offsets.uriExtension, lengthFieldSize);
  if (field.data.length !== lengthFieldSize) throw new Error(`share ${route.shareNumber} on ${connection.label} ends before its URI extension block`);
  return header.offsets.uriExtension + lengthFieldSize + readLengthField(field.data, { lengthFieldSize });
}

export async function openBucketReader(connection: GbsConnection, storageIndex: Uint8Array, shareNumber: number): Promise<BucketReader> {
  const route: ShareRoute = { kind: 'immutable-share', storageIndex, shareNumber };
  const size = await immutableShareSize(connection, route);
  return {
    shareNumber,
    size,
    read: async (offset, length) => (await readRange(connection, route, offset, Math.min(length, Math.max(0, size - offset)))).data,
  };
}
