/** The mutable endpoints (spec: "Mutable"), over a StorageServer that offers slots. */
import { GbsHttpError, STATUS } from './http-status';
import { emptyReply, type HandlerDeps, type HandlerRequest, type Reply } from './reply';
import { readCorruptMessage, readReadTestWriteMessage } from './request-messages';
import { readCborBody } from './request-body';
import { readTestWriteResultMessage, shareListMessage } from './response-messages';
import { parseSecrets } from './secrets';
import { shareReadReply } from './share-read-reply';

async function mutableShares(deps: HandlerDeps, storageIndex: Uint8Array): Promise<number[]> {
  return deps.storage.listMutableShares ? deps.storage.listMutableShares(storageIndex) : [];
}

/** POST /storage/v1/mutable/:storage_index/read-test-write */
export async function readTestWrite(deps: HandlerDeps, { request, secretHeaders }: HandlerRequest, storageIndex: Uint8Array): Promise<Reply> {
  const secrets = parseSecrets(secretHeaders, ['write-enabler', 'lease-renew-secret', 'lease-cancel-secret']);
  const message = readReadTestWriteMessage(await readCborBody(request, deps.limits.readTestWrite));
  if (!deps.storage.slotTestvAndReadvAndWritev) {
    throw new GbsHttpError(STATUS.notImplemented, `storage server "${deps.storage.nickname}" keeps immutable shares only`);
  }
  const result = await deps.storage.slotTestvAndReadvAndWritev(
    storageIndex,
    { writeEnabler: secrets['write-enabler'], renewSecret: secrets['lease-renew-secret'], cancelSecret: secrets['lease-cancel-secret'] },
    message.testAndWriteVectors,
    message.readVector,
  );
  return { status: STATUS.ok, cbor: readTestWriteResultMessage(result.testsPassed, result.readData) };
}

/** GET /storage/v1/mutable/:storage_index/shares */
export async function listMutableShares(deps: HandlerDeps, { secretHeaders }: HandlerRequest, storageIndex: Uint8Array): Promise<Reply> {
  parseSecrets(secretHeaders, []);
  return { status: STATUS.ok, cbor: shareListMessage(await mutableShares(deps, storageIndex)) };
}

async function requireMutableShare(deps: HandlerDeps, storageIndex: Uint8Array, shareNumber: number): Promise<void> {
  if (!(await mutableShares(deps, storageIndex)).includes(shareNumber)) {
    throw new GbsHttpError(STATUS.notFound, `no mutable share ${shareNumber} of this storage index here`);
  }
}

/** GET /storage/v1/mutable/:storage_index/:share_number, with an optional Range. */
export async function readMutableShare(deps: HandlerDeps, { request, secretHeaders }: HandlerRequest, storageIndex: Uint8Array, shareNumber: number): Promise<Reply> {
  parseSecrets(secretHeaders, []);
  await requireMutableShare(deps, storageIndex, shareNumber);
  const slotReadv = deps.storage.slotReadv!.bind(deps.storage);
  return shareReadReply(request.headers.range, async (offset, size) => (await slotReadv(storageIndex, [shareNumber], [{ offset, size }])).get(shareNumber)?.[0] ?? new Uint8Array(0));
}

/** POST /storage/v1/mutable/:storage_index/:share_number/corrupt */
export async function adviseCorruptMutable(deps: HandlerDeps, { request, secretHeaders }: HandlerRequest, storageIndex: Uint8Array, shareNumber: number): Promise<Reply> {
  parseSecrets(secretHeaders, []);
  const reason = readCorruptMessage(await readCborBody(request, deps.limits.corrupt));
  await requireMutableShare(deps, storageIndex, shareNumber);
  await deps.storage.adviseCorruptMutableShare?.(storageIndex, shareNumber, reason);
  return emptyReply(STATUS.ok);
}
