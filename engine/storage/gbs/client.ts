/**
 * GbsStorageServer: a StorageServer that lives at the other end of a NURL,
 * spoken to over the Tahoe-LAFS HTTP storage protocol. Works with RAIC's GBS
 * server and, by following the spec, with Tahoe-LAFS storage nodes.
 *
 * renewLease is not offered: GBS has only "add or renew" (PUT lease), which
 * is addLease; the engine treats renewLease as optional.
 */
import {
  BadWriteEnablerError,
  StorageIndexNotFoundError,
  type AllocateRequest,
  type AllocateResult,
  type BucketReader,
  type BucketWriter,
  type ReadVector,
  type ServerVersion,
  type SlotSecrets,
  type SlotWriteResult,
  type StorageServer,
  type TestAndWriteVectors,
} from '../types';
import { checkNonNegativeInteger, checkSecret, checkShareNumber, checkStorageIndex } from './client-arguments';
import { GbsBucketWriter } from './client-bucket-writer';
import { GbsConnection, type GbsConnectionOptions } from './gbs-connection';
import { STATUS } from './http-status';
import { allocateMessage, corruptMessage, readTestWriteMessage } from './request-messages';
import { readAllocateResult, readReadTestWriteResult, readShareList, readVersionMessage } from './response-messages';
import { openBucketReader, readRange } from './share-reads';
import { decodeCbor } from './wire-cbor';

export interface GbsStorageServerOptions extends GbsConnectionOptions {
  nurl: string;
  /** Stable identifier for placement and lease secrets (default: "gbs-" + the server's SPKI hash, its lasting identity). */
  serverId?: string;
  /** Display name (default: host:port). */
  nickname?: string;
}

export class GbsStorageServer implements StorageServer {
  readonly serverId: string;
  readonly nickname: string;
  private readonly connection: GbsConnection;

  constructor(options: GbsStorageServerOptions) {
    this.connection = new GbsConnection(options.nurl, options);
    this.serverId = options.serverId ?? `gbs-${this.connection.nurl.spkiHash}`;
    this.nickname = options.nickname ?? this.connection.label;
  }

  /** The server's version message, including its application-version. */
  async getServerVersion(): Promise<ServerVersion & { applicationVersion: string }> {
    const { value } = await this.connection.callForCbor({ method: 'GET', route: { kind: 'version' } }, 'the version request');
    return readVersionMessage(value);
  }

  async getVersion(): Promise<ServerVersion> {
    const { maximumImmutableShareSize, availableSpace, maximumMutableShareSize } = await this.getServerVersion();
    return maximumMutableShareSize === undefined ? { maximumImmutableShareSize, availableSpace } : { maximumImmutableShareSize, availableSpace, maximumMutableShareSize };
  }

  async allocateBuckets(request: AllocateRequest): Promise<AllocateResult> {
    const storageIndex = checkStorageIndex(request.storageIndex);
    const shareNumbers = [...new Set(request.shareNumbers.map(checkShareNumber))];
    const secrets = {
      'lease-renew-secret': checkSecret('lease-renew-secret', 'renew secret', request.renewSecret),
      'lease-cancel-secret': checkSecret('lease-cancel-secret', 'cancel secret', request.cancelSecret),
      'upload-secret': checkSecret('upload-secret', 'upload secret', request.uploadSecret),
    };
    const allocatedSize = checkNonNegativeInteger(request.allocatedSize, 'allocated size');
    const { value } = await this.connection.callForCbor(
      { method: 'POST', route: { kind: 'immutable-bucket', storageIndex }, secrets, message: allocateMessage({ shareNumbers, allocatedSize }) },
      'an allocation',
    );
    const result = readAllocateResult(value);
    const allocated = new Map<number, BucketWriter>(
      result.allocated.map((n) => [n, new GbsBucketWriter(this.connection, storageIndex, n, secrets['upload-secret'], allocatedSize)]),
    );
    return { alreadyHave: result.alreadyHave, allocated };
  }

  async getBuckets(storageIndex: Uint8Array): Promise<Map<number, BucketReader>> {
    const si = checkStorageIndex(storageIndex);
    const { value } = await this.connection.callForCbor({ method: 'GET', route: { kind: 'immutable-shares', storageIndex: si } }, 'a share listing');
    const readers = await Promise.all(readShareList(value).map((n) => openBucketReader(this.connection, si, n)));
    return new Map(readers.map((reader) => [reader.shareNumber, reader]));
  }

  async adviseCorruptShare(storageIndex: Uint8Array, shareNumber: number, reason: string): Promise<void> {
    await this.adviseCorrupt('immutable-corrupt', storageIndex, shareNumber, reason);
  }

  async adviseCorruptMutableShare(storageIndex: Uint8Array, shareNumber: number, reason: string): Promise<void> {
    await this.adviseCorrupt('mutable-corrupt', storageIndex, shareNumber, reason);
  }

  private async adviseCorrupt(kind: 'immutable-corrupt' | 'mutable-corrupt', storageIndex: Uint8Array, shareNumber: number, reason: string): Promise<void> {
    const route = { kind, storageIndex: checkStorageIndex(storageIndex), shareNumber: checkShareNumber(shareNumber) };
    const response = await this.connection.call({ method: 'POST', route, message: corruptMessage(reason) });
    // 404: the server does not hold that share; as in Tahoe-LAFS, such claims are dropped.
    if (response.status !== STATUS.ok && response.status !== STATUS.notFound) throw this.connection.unexpected('a corruption report', response);
  }

  async addLease(storageIndex: Uint8Array, renewSecret: Uint8Array, cancelSecret: Uint8Array): Promise<void> {
    const si = checkStorageIndex(storageIndex);
    const secrets = {
      'lease-renew-secret': checkSecret('lease-renew-secret', 'renew secret', renewSecret),
      'lease-cancel-secret': checkSecret('lease-cancel-secret', 'cancel secret', cancelSecret),
    };
    const response = await this.connection.call({ method: 'PUT', route: { kind: 'lease', storageIndex: si }, secrets });
    if (response.status === STATUS.notFound) throw new StorageIndexNotFoundError(`GBS storage server ${this.connection.label} holds no share of that storage index`);
    if (response.status !== STATUS.noContent) throw this.connection.unexpected('a lease request', response);
  }

  async listMutableShares(storageIndex: Uint8Array): Promise<number[]> {
    const si = checkStorageIndex(storageIndex);
    const { value } = await this.connection.callForCbor({ method: 'GET', route: { kind: 'mutable-shares', storageIndex: si } }, 'a mutable share listing');
    return readShareList(value);
  }

  async slotReadv(storageIndex: Uint8Array, shareNumbers: number[], readVectors: ReadVector[]): Promise<Map<number, Uint8Array[]>> {
    const held = await this.listMutableShares(storageIndex);
    const wanted = shareNumbers.length === 0 ? held : held.filter((n) => shareNumbers.map(checkShareNumber).includes(n));
    const out = new Map<number, Uint8Array[]>();
    for (const shareNumber of wanted) {
      const route = { kind: 'mutable-share' as const, storageIndex, shareNumber };
      out.set(shareNumber, await Promise.all(readVectors.map(async (v) => (await readRange(this.connection, route, v.offset, v.size)).data)));
    }
    return out;
  }

  async slotTestvAndReadvAndWritev(
    storageIndex: Uint8Array,
    secrets: SlotSecrets,
    testAndWriteVectors: Map<number, TestAndWriteVectors>,
    readVector: ReadVector[],
  ): Promise<SlotWriteResult> {
    const si = checkStorageIndex(storageIndex);
    for (const n of testAndWriteVectors.keys()) checkShareNumber(n);
    const headerSecrets = {
      'write-enabler': checkSecret('write-enabler', 'write enabler', secrets.writeEnabler),
      'lease-renew-secret': checkSecret('lease-renew-secret', 'renew secret', secrets.renewSecret),
      'lease-cancel-secret': checkSecret('lease-cancel-secret', 'cancel secret', secrets.cancelSecret),
    };
    const response = await this.connection.call({
      method: 'POST',
      route: { kind: 'mutable-read-test-write', storageIndex: si },
      secrets: headerSecrets,
      message: readTestWriteMessage({ testAndWriteVectors, readVector }),
    });
    if (response.status === STATUS.unauthorized) throw new BadWriteEnablerError(`GBS storage server ${this.connection.label} refused the write enabler for this slot`);
    if (response.status !== STATUS.ok) throw this.connection.unexpected('a mutable read-test-write', response);
    const result = readReadTestWriteResult(decodeCbor(response.body));
    return { testsPassed: result.success, readData: result.data };
  }

  /** Closes the pooled connections. */
  close(): void {
    this.connection.close();
  }
}

