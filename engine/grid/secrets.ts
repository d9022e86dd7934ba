import { createHash, randomBytes } from 'node:crypto';

/**
 * Per-server lease secrets, derived from the grid's client lease secret the way
 * Tahoe-LAFS does (util/hashutil.py): client secret -> per-file secret (with the
 * storage index) -> per-bucket secret (with the server's 20-byte lease seed),
 * each step a tagged SHA-256d. Our lease seed is the first 20 bytes of
 * SHA-256(UTF-8 server id), since our servers have no Foolscap node id.
 *
 * The upload secret is random per upload and server (as in Tahoe-LAFS's HTTP
 * storage protocol): it only has to tie writes to the allocation that made
 * them, and must not be guessable by anyone else.
 */

const CLIENT_RENEWAL_TAG = 'allmydata_client_renewal_secret_v1';
const CLIENT_CANCEL_TAG = 'allmydata_client_cancel_secret_v1';
const FILE_RENEWAL_TAG = 'allmydata_file_renewal_secret_v1';
const FILE_CANCEL_TAG = 'allmydata_file_cancel_secret_v1';
const BUCKET_RENEWAL_TAG = 'allmydata_bucket_renewal_secret_v1';
const BUCKET_CANCEL_TAG = 'allmydata_bucket_cancel_secret_v1';

function netstring(value: Uint8Array | string): Buffer {
  const body = typeof value === 'string' ? Buffer.from(value, 'utf8') : Buffer.from(value);
  return Buffer.concat([Buffer.from(`${body.length}:`), body, Buffer.from(',')]);
}

function sha256d(...parts: Uint8Array[]): Uint8Array {
  const inner = createHash('sha256');
  for (const part of parts) inner.update(part);
  return new Uint8Array(createHash('sha256').update(inner.digest()).digest());
}

/** Tahoe-LAFS tagged_hash(tag, value). */
export function taggedHash(tag: Uint8Array | string, value: Uint8Array | string): Uint8Array {
  return sha256d(netstring(tag), typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
}

/** Tahoe-LAFS tagged_pair_hash(tag, a, b). */
export function taggedPairHash(tag: string, a: Uint8Array, b: Uint8Array): Uint8Array {
  return sha256d(netstring(tag), netstring(a), netstring(b));
}

export function leaseSeedOf(serverId: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(serverId, 'utf8').digest().subarray(0, 20));
}

/**
 * The steps of bucketSecrets that depend only on the grid's lease secret or
 * only on the server are worked out once, not again for every server of
 * every file (a small upload asks each server per file): the last lease
 * secret's two client secrets, and each server's seed.
 */
let clientSecretsMemo: { leaseSecret: Buffer; renewal: Uint8Array; cancel: Uint8Array } | undefined;
const leaseSeedMemo = new Map<string, Uint8Array>();
const LEASE_SEED_MEMO_MAX = 1024;

function clientSecretsOf(leaseSecret: Uint8Array): { renewal: Uint8Array; cancel: Uint8Array } {
  if (clientSecretsMemo && clientSecretsMemo.leaseSecret.equals(leaseSecret)) return clientSecretsMemo;
  // Tahoe-LAFS passes the client secret as the tag and the constant as the value here.
  clientSecretsMemo = {
    leaseSecret: Buffer.from(leaseSecret),
    renewal: taggedHash(leaseSecret, CLIENT_RENEWAL_TAG),
    cancel: taggedHash(leaseSecret, CLIENT_CANCEL_TAG),
  };
  return clientSecretsMemo;
}

function memoizedLeaseSeed(serverId: string): Uint8Array {
  let seed = leaseSeedMemo.get(serverId);
  if (!seed) {
    if (leaseSeedMemo.size >= LEASE_SEED_MEMO_MAX) leaseSeedMemo.clear();
    seed = leaseSeedOf(serverId);
    leaseSeedMemo.set(serverId, seed);
  }
  return seed;
}

export interface BucketSecrets {
  renewSecret: Uint8Array;
  cancelSecret: Uint8Array;
  uploadSecret: Uint8Array;
}

export function bucketSecrets(leaseSecret: Uint8Array, storageIndex: Uint8Array, serverId: string): BucketSecrets {
  const client = clientSecretsOf(leaseSecret);
  const fileRenewal = taggedPairHash(FILE_RENEWAL_TAG, client.renewal, storageIndex);
  const fileCancel = taggedPairHash(FILE_CANCEL_TAG, client.cancel, storageIndex);
  const seed = memoizedLeaseSeed(serverId);
  return {
    renewSecret: taggedPairHash(BUCKET_RENEWAL_TAG, fileRenewal, seed),
    cancelSecret: taggedPairHash(BUCKET_CANCEL_TAG, fileCancel, seed),
    uploadSecret: new Uint8Array(randomBytes(32)),
  };
}
