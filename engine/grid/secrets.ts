import { createHash, randomFillSync } from 'node:crypto';
import { taggedHash, taggedPairHash } from '../chk/tagged-hash';

/**
 * Per-server lease secrets, derived from the grid's client lease secret the way
 * Tahoe-LAFS does (util/hashutil.py): client secret -> per-file secret (with the
 * storage index) -> per-bucket secret (with the server's 20-byte lease seed),
 * each step a tagged SHA-256d (the CHK layer's taggedHash and taggedPairHash,
 * checked there against Tahoe-LAFS's vectors). Our lease seed is the first 20 bytes of
 * SHA-256(UTF-8 server id), since our servers have no Foolscap node id.
 *
 * The upload secret is random per upload and server (as in Tahoe-LAFS's HTTP
 * storage protocol): it only has to tie writes to the allocation that made
 * them, and must not be guessable by anyone else.
 */

// The client step hashes these constants as the value, under the lease secret as the tag.
const CLIENT_RENEWAL_VALUE = new TextEncoder().encode('allmydata_client_renewal_secret_v1');
const CLIENT_CANCEL_VALUE = new TextEncoder().encode('allmydata_client_cancel_secret_v1');
const FILE_RENEWAL_TAG = 'allmydata_file_renewal_secret_v1';
const FILE_CANCEL_TAG = 'allmydata_file_cancel_secret_v1';
const BUCKET_RENEWAL_TAG = 'allmydata_bucket_renewal_secret_v1';
const BUCKET_CANCEL_TAG = 'allmydata_bucket_cancel_secret_v1';

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
    renewal: taggedHash(leaseSecret, CLIENT_RENEWAL_VALUE),
    cancel: taggedHash(leaseSecret, CLIENT_CANCEL_VALUE),
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

/**
 * Upload secrets are cut from a pool of random bytes refilled 128 secrets at a
 * time: one call into the system's random source per 128 allocations rather
 * than one per server per file. Each secret is copied out and its bytes are
 * never handed out again.
 */
const UPLOAD_SECRET_BYTES = 32;
const uploadSecretPool = new Uint8Array(UPLOAD_SECRET_BYTES * 128);
let uploadSecretPoolUsed = uploadSecretPool.length;

function freshUploadSecret(): Uint8Array {
  if (uploadSecretPoolUsed + UPLOAD_SECRET_BYTES > uploadSecretPool.length) {
    randomFillSync(uploadSecretPool);
    uploadSecretPoolUsed = 0;
  }
  const secret = uploadSecretPool.slice(uploadSecretPoolUsed, uploadSecretPoolUsed + UPLOAD_SECRET_BYTES);
  uploadSecretPoolUsed += UPLOAD_SECRET_BYTES;
  return secret;
}

export interface BucketSecrets {
  renewSecret: Uint8Array;
  cancelSecret: Uint8Array;
  uploadSecret: Uint8Array;
}

/**
 * The per-file step, kept for the last few files: a placement asks it once per
 * server (and again when it renews leases), and up to 8 small uploads place
 * at once, so without it each file's two secrets were worked out 5+ times.
 */
interface FileSecrets {
  client: { renewal: Uint8Array; cancel: Uint8Array };
  storageIndex: Buffer;
  renewal: Uint8Array;
  cancel: Uint8Array;
}
const fileSecretsMemo: FileSecrets[] = [];
const FILE_SECRETS_MEMO_MAX = 16;

function fileSecretsOf(leaseSecret: Uint8Array, storageIndex: Uint8Array): FileSecrets {
  const client = clientSecretsOf(leaseSecret);
  const known = fileSecretsMemo.find((entry) => entry.client === client && entry.storageIndex.equals(storageIndex));
  if (known) return known;
  const entry: FileSecrets = {
    client,
    storageIndex: Buffer.from(storageIndex),
    renewal: taggedPairHash(FILE_RENEWAL_TAG, client.renewal, storageIndex),
    cancel: taggedPairHash(FILE_CANCEL_TAG, client.cancel, storageIndex),
  };
  if (fileSecretsMemo.length >= FILE_SECRETS_MEMO_MAX) fileSecretsMemo.shift();
  fileSecretsMemo.push(entry);
  return entry;
}

export function bucketSecrets(leaseSecret: Uint8Array, storageIndex: Uint8Array, serverId: string): BucketSecrets {
  const file = fileSecretsOf(leaseSecret, storageIndex);
  const fileRenewal = file.renewal;
  const fileCancel = file.cancel;
  const seed = memoizedLeaseSeed(serverId);
  return {
    renewSecret: taggedPairHash(BUCKET_RENEWAL_TAG, fileRenewal, seed),
    cancelSecret: taggedPairHash(BUCKET_CANCEL_TAG, fileCancel, seed),
    uploadSecret: freshUploadSecret(),
  };
}
