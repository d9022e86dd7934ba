/** The immutable endpoints (spec: "Immutable"), over any StorageServer. */
import { parseContentRange } from './byte-ranges';
import { GbsHttpError, STATUS } from './http-status';
import { emptyReply, type HandlerDeps, type HandlerRequest, type Reply } from './reply';
import { readAllocateMessage, readCorruptMessage } from './request-messages';
import { readBody, readCborBody } from './request-body';
import { allocateResultMessage, requiredRangesMessage, shareListMessage } from './response-messages';
import { parseSecrets } from './secrets';
import { shareReadReply } from './share-read-reply';
import { recordReceived, uploadSecretDigest } from './upload-registry';

/** POST /storage/v1/immutable/:storage_index: allocate buckets. */
export async function allocateBuckets(deps: HandlerDeps, { request, secretHeaders }: HandlerRequest, storageIndex: Uint8Array): Promise<Reply> {
  const secrets = parseSecrets(secretHeaders, ['lease-renew-secret', 'lease-cancel-secret', 'upload-secret']);
  const message = readAllocateMessage(await readCborBody(request, deps.limits.allocate));
  await deps.uploads.sweepAbandoned();
  const result = await deps.storage.allocateBuckets({
    storageIndex,
    renewSecret: secrets['lease-renew-secret'],
    cancelSecret: secrets['lease-cancel-secret'],
    uploadSecret: uploadSecretDigest(secrets['upload-secret']),
    shareNumbers: message.shareNumbers,
    allocatedSize: message.allocatedSize,
  });
  for (const [shareNumber, writer] of result.allocated) {
    // An empty share has nothing left to receive: it is complete as soon as it exists.
    if (message.allocatedSize === 0) await writer.close();
    else deps.uploads.remember(storageIndex, shareNumber, secrets['upload-secret'], writer, message.allocatedSize);
  }
  return { status: STATUS.ok, cbor: allocateResultMessage(result.alreadyHave, [...result.allocated.keys()]) };
}

function findUpload(deps: HandlerDeps, storageIndex: Uint8Array, shareNumber: number, uploadSecret: Uint8Array, missingStatus: number) {
  const upload = deps.uploads.find(storageIndex, shareNumber, uploadSecret);
  if (upload === 'wrong-secret') throw new GbsHttpError(STATUS.unauthorized, 'the upload secret does not match this upload');
  if (!upload) throw new GbsHttpError(missingStatus, `no upload of share ${shareNumber} is in progress`);
  return upload;
}

/** PATCH /storage/v1/immutable/:storage_index/:share_number: write share data at Content-Range. */
export async function writeShareData(deps: HandlerDeps, { request, secretHeaders }: HandlerRequest, storageIndex: Uint8Array, shareNumber: number): Promise<Reply> {
  const { 'upload-secret': uploadSecret } = parseSecrets(secretHeaders, ['upload-secret']);
  const header = request.headers['content-range'];
  const range = header === undefined ? undefined : parseContentRange(header);
  // Tahoe-LAFS answers a missing or unparseable Content-Range with 416.
  if (!range) throw new GbsHttpError(STATUS.rangeNotSatisfiable, 'a PATCH needs "Content-Range: bytes first-last/*"');
  const upload = findUpload(deps, storageIndex, shareNumber, uploadSecret, STATUS.notFound);
  if (range.end > upload.allocatedSize || (range.total !== undefined && range.total !== upload.allocatedSize)) {
    throw new GbsHttpError(
      STATUS.rangeNotSatisfiable,
      `write of ${range.end - range.start} bytes at ${range.start} runs past the allocated share size ${upload.allocatedSize}`,
    );
  }
  const length = range.end - range.start;
  const data = await readBody(request, Math.min(length, deps.limits.shareChunk));
  if (data.length !== length) throw new GbsHttpError(STATUS.badRequest, `Content-Range announces ${length} bytes but the body has ${data.length}`);
  const step = upload.queue.then(async (): Promise<Reply> => {
    await upload.writer.write(range.start, data);
    const required = recordReceived(upload, range);
    if (required.length > 0) return { status: STATUS.ok, cbor: requiredRangesMessage(required.map((r) => ({ begin: r.start, end: r.end }))) };
    deps.uploads.forget(storageIndex, shareNumber, upload);
    await upload.writer.close();
    return { status: STATUS.created, cbor: requiredRangesMessage([]) };
  });
  upload.queue = step.catch(() => undefined);
  return step;
}

/** PUT /storage/v1/immutable/:storage_index/:share_number/abort */
export async function abortUpload(deps: HandlerDeps, { secretHeaders }: HandlerRequest, storageIndex: Uint8Array, shareNumber: number): Promise<Reply> {
  const { 'upload-secret': uploadSecret } = parseSecrets(secretHeaders, ['upload-secret']);
  // Spec: with no incomplete upload matching the secret, "Method Not Allowed" and no change.
  const upload = findUpload(deps, storageIndex, shareNumber, uploadSecret, STATUS.methodNotAllowed);
  deps.uploads.forget(storageIndex, shareNumber, upload);
  await upload.queue;
  await upload.writer.abort();
  return emptyReply(STATUS.ok);
}

/** GET /storage/v1/immutable/:storage_index/shares: a set, empty for an unknown storage index. */
export async function listImmutableShares(deps: HandlerDeps, { secretHeaders }: HandlerRequest, storageIndex: Uint8Array): Promise<Reply> {
  parseSecrets(secretHeaders, []);
  return { status: STATUS.ok, cbor: shareListMessage((await deps.storage.getBuckets(storageIndex)).keys()) };
}

async function bucketReader(deps: HandlerDeps, storageIndex: Uint8Array, shareNumber: number) {
  const reader = (await deps.storage.getBuckets(storageIndex)).get(shareNumber);
  if (!reader) throw new GbsHttpError(STATUS.notFound, `no share ${shareNumber} of this storage index here`);
  return reader;
}

/** GET /storage/v1/immutable/:storage_index/:share_number, with an optional Range. */
export async function readImmutableShare(deps: HandlerDeps, { request, secretHeaders }: HandlerRequest, storageIndex: Uint8Array, shareNumber: number): Promise<Reply> {
  parseSecrets(secretHeaders, []);
  const reader = await bucketReader(deps, storageIndex, shareNumber);
  return shareReadReply(request.headers.range, (offset, length) => reader.read(offset, length), reader.size);
}

/** POST /storage/v1/immutable/:storage_index/:share_number/corrupt */
export async function adviseCorruptImmutable(deps: HandlerDeps, { request, secretHeaders }: HandlerRequest, storageIndex: Uint8Array, shareNumber: number): Promise<Reply> {
  parseSecrets(secretHeaders, []);
  const reason = readCorruptMessage(await readCborBody(request, deps.limits.corrupt));
  await bucketReader(deps, storageIndex, shareNumber);
  await deps.storage.adviseCorruptShare(storageIndex, shareNumber, reason);
  return emptyReply(STATUS.ok);
}
