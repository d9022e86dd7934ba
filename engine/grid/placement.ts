import type { BucketWriter, StorageServer } from '../storage/types';
import { describeError, HappinessError } from './errors';
import { permuteServers } from './permute';
import { planPlacement, spreadOverDomains, type PlacementCandidate } from './placement-plan';
import { bucketSecrets } from './secrets';

export interface PlacementRequest {
  storageIndex: Uint8Array;
  shareSize: number;
  totalShares: number;
  happy: number;
  leaseSecret: Uint8Array;
  /**
   * Shares known to be bad on a server (server id -> share numbers): they do not
   * count as held, and that server is not asked for them again, since a server
   * keeps an existing share rather than replacing it.
   */
  badShares?: ReadonlyMap<string, ReadonlySet<number>>;
  /**
   * The failure domain of each server (the disk or login its account shares
   * with others), by server id. Shares then go to one server of each domain
   * before a second server of any, so a file does not sit on one disk while
   * other domains have room.
   */
  domainOf?: (serverId: string) => string | undefined;
}

export interface AllocatedShare {
  server: StorageServer;
  shareNumber: number;
  writer: BucketWriter;
}

export interface Placement {
  /** Servers in this file's permuted order. */
  servers: StorageServer[];
  /** Shares already stored before this upload, per server id. */
  existing: Map<string, Set<number>>;
  /** Writers for the shares this upload must write. */
  allocated: AllocatedShare[];
  happiness: number;
  /** Servers that could not be used, with the reason. */
  refused: Map<string, string>;
}

interface ServerState {
  server: StorageServer;
  reachable: boolean;
  writable: boolean;
  existing: Set<number>;
  /** Existing shares whose lease this placement renewed (the server reported them held while renewing). */
  renewed: Set<number>;
  allocated: Map<number, BucketWriter>;
}

/**
 * Asks every server what it holds and how much room it has, then allocates
 * shares so happiness is maximised (see planPlacement). When a server refuses
 * or fails, the plan is recomputed without it. Throws HappinessError (after
 * aborting every allocation) when `happy` cannot be reached.
 */
export async function placeShares(allServers: readonly StorageServer[], request: PlacementRequest): Promise<Placement> {
  if (allServers.length === 0) {
    throw new HappinessError('upload failed: no storage servers are configured; add at least one account (storage server) and try again.', 0, request.happy);
  }
  const servers = spreadOverDomains(permuteServers(allServers, request.storageIndex), request.domainOf);
  const refused = new Map<string, string>();
  const states: ServerState[] = await Promise.all(
    servers.map(async (server): Promise<ServerState> => {
      const state: ServerState = { server, reachable: false, writable: false, existing: new Set(), renewed: new Set(), allocated: new Map() };
      try {
        const [version, buckets] = await Promise.all([server.getVersion(), server.getBuckets(request.storageIndex)]);
        state.reachable = true;
        state.existing = withoutBad(buckets.keys(), request.badShares?.get(server.serverId));
        if (version.maximumImmutableShareSize < request.shareSize || version.availableSpace < request.shareSize) {
          refused.set(server.serverId, `full (${Math.max(0, version.availableSpace)} bytes free, a share needs ${request.shareSize})`);
        } else {
          state.writable = true;
        }
      } catch (error) {
        refused.set(server.serverId, `unreachable: ${describeError(error)}`);
      }
      return state;
    }),
  );

  const abortAll = async (): Promise<void> => {
    await Promise.allSettled(states.flatMap((s) => [...s.allocated.values()].map((w) => w.abort())));
  };

  try {
    for (;;) {
      const candidates: PlacementCandidate[] = states.map((s) => ({
        serverId: s.server.serverId,
        holds: new Set([...s.existing, ...s.allocated.keys()]),
        writable: s.writable,
        cannotTake: request.badShares?.get(s.server.serverId),
      }));
      const plan = planPlacement(request.totalShares, candidates);
      if (plan.happiness < request.happy) {
        throw happinessError(plan.happiness, request.happy, states, refused);
      }
      if (plan.toAllocate.size === 0 && (await renewExistingLeases(states, request, refused))) continue;
      if (plan.toAllocate.size === 0) {
        return {
          servers,
          existing: new Map(states.map((s) => [s.server.serverId, s.existing])),
          allocated: states.flatMap((s) => [...s.allocated].map(([shareNumber, writer]) => ({ server: s.server, shareNumber, writer }))),
          happiness: plan.happiness,
          refused,
        };
      }
      await Promise.all(
        states.map(async (state) => {
          const wanted = plan.toAllocate.get(state.server.serverId);
          if (!wanted) return;
          try {
            const result = await state.server.allocateBuckets({
              storageIndex: request.storageIndex,
              ...bucketSecrets(request.leaseSecret, request.storageIndex, state.server.serverId),
              shareNumbers: wanted,
              allocatedSize: request.shareSize,
            });
            const bad = request.badShares?.get(state.server.serverId);
            for (const share of result.alreadyHave) {
              if (bad?.has(share)) continue;
              state.existing.add(share);
              state.renewed.add(share);
            }
            for (const [share, writer] of result.allocated) state.allocated.set(share, writer);
            const missing = wanted.filter((s) => !result.allocated.has(s) && !state.existing.has(s));
            if (missing.length > 0) {
              // Could not take everything (full, or another upload holds those shares): ask no more of it.
              state.writable = false;
              refused.set(state.server.serverId, `accepted only ${wanted.length - missing.length} of ${wanted.length} shares`);
            }
          } catch (error) {
            state.writable = false;
            refused.set(state.server.serverId, describeError(error));
          }
        }),
      );
    }
  } catch (error) {
    await abortAll();
    throw error;
  }
}

/**
 * Renews this grid's lease on every existing share the placement would rely
 * on and has not renewed yet, before relying on it: allocation renews the
 * leases of the shares a server holds and reports them, under the server's
 * lock, so a collection running at the same time either removed a share
 * first (it is then missing from the answer, or allocated afresh) or finds
 * it renewed. Returns true when the states changed and the plan must be
 * made again.
 */
async function renewExistingLeases(states: ServerState[], request: PlacementRequest, refused: Map<string, string>): Promise<boolean> {
  const pending = states.filter((s) => [...s.existing].some((share) => !s.renewed.has(share)));
  if (pending.length === 0) return false;
  await Promise.all(
    pending.map(async (state) => {
      const unrenewed = [...state.existing].filter((share) => !state.renewed.has(share));
      try {
        const result = await state.server.allocateBuckets({
          storageIndex: request.storageIndex,
          ...bucketSecrets(request.leaseSecret, request.storageIndex, state.server.serverId),
          shareNumbers: unrenewed,
          allocatedSize: request.shareSize,
        });
        const held = new Set(result.alreadyHave);
        for (const share of unrenewed) {
          if (held.has(share)) state.renewed.add(share);
          else state.existing.delete(share);
        }
        for (const [share, writer] of result.allocated) state.allocated.set(share, writer);
      } catch (error) {
        // Shares whose lease could not be renewed are not relied on.
        for (const share of unrenewed) state.existing.delete(share);
        state.writable = false;
        refused.set(state.server.serverId, `its lease could not be renewed: ${describeError(error)}`);
      }
    }),
  );
  return true;
}

function withoutBad(shares: Iterable<number>, bad: ReadonlySet<number> | undefined): Set<number> {
  return new Set([...shares].filter((s) => !bad?.has(s)));
}

function happinessError(achieved: number, required: number, states: readonly ServerState[], refused: ReadonlyMap<string, string>): HappinessError {
  const reachable = states.filter((s) => s.reachable).length;
  const describe = (s: ServerState): string => `"${s.server.nickname}": ${refused.get(s.server.serverId)}`;
  const refusals = states.filter((s) => s.reachable && refused.has(s.server.serverId)).map(describe);
  const unreachable = states.filter((s) => !s.reachable && refused.has(s.server.serverId)).map(describe);
  const refusedText =
    (refusals.length > 0 ? `; ${refusals.length} refused: ${refusals.join('; ')}` : '') +
    (unreachable.length > 0 ? `; ${unreachable.join('; ')}` : '');
  return new HappinessError(
    `upload failed: shares could be placed on only ${achieved} server${achieved === 1 ? '' : 's'}, ` +
      `but happiness ${required} is required (${reachable} of ${states.length} servers were reachable${refusedText}). ` +
      `Nothing was stored; add or free up storage servers, or lower "happy", and try again.`,
    achieved,
    required,
  );
}
