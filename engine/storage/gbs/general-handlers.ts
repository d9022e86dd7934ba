/** The endpoints that are neither immutable nor mutable (spec: "General"). */
import { GbsHttpError, STATUS } from './http-status';
import { emptyReply, type HandlerDeps, type HandlerRequest, type Reply } from './reply';
import { versionMessage } from './response-messages';
import { parseSecrets } from './secrets';

/** GET /storage/v1/version */
export async function version(deps: HandlerDeps, { secretHeaders }: HandlerRequest): Promise<Reply> {
  parseSecrets(secretHeaders, []);
  return { status: STATUS.ok, cbor: versionMessage(await deps.storage.getVersion(), deps.applicationVersion) };
}

/** PUT /storage/v1/lease/:storage_index: add a lease, or renew the one with this renew secret; 404 when nothing is stored. */
export async function addOrRenewLease(deps: HandlerDeps, { secretHeaders }: HandlerRequest, storageIndex: Uint8Array): Promise<Reply> {
  const secrets = parseSecrets(secretHeaders, ['lease-renew-secret', 'lease-cancel-secret']);
  if (deps.storage.addLease) {
    await deps.storage.addLease(storageIndex, secrets['lease-renew-secret'], secrets['lease-cancel-secret']);
    return emptyReply(STATUS.noContent);
  }
  // A server without leases keeps its shares until they are deleted: the lease is as good as renewed.
  const immutable = (await deps.storage.getBuckets(storageIndex)).size;
  const mutable = (await deps.storage.listMutableShares?.(storageIndex))?.length ?? 0;
  if (immutable + mutable === 0) throw new GbsHttpError(STATUS.notFound, 'no share of this storage index is stored here');
  return emptyReply(STATUS.noContent);
}
