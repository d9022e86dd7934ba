/**
 * Which accounts an upload may use, by the room each has left (the quota
 * book's figures, service/quota): a share is never sent where it cannot fit.
 */
import { formatBytes } from '../../shared/format-bytes';
import { LITERAL_THRESHOLD } from '../../engine/chk/api';
import { planEncoding } from '../../engine/chk';
import type { OpenGrid } from '../../engine/grid/open-grid';

/** What RAIC knows of one account's room: its name, and the bytes it may still take (undefined: the provider does not say). */
export interface AccountRoom {
  name: string;
  roomBytes?: number;
}

/**
 * Share sizes already planned, by size and encoding. Planning one builds the
 * whole layout and hashes a storage index (~30 µs), once per uploaded file,
 * while a batch of uploads mostly repeats a few sizes in one encoding. Bounded
 * (emptied when full) so a long run of distinct sizes cannot grow it.
 */
const SHARE_SIZE_MEMO_LIMIT = 256;
const shareSizeMemo = new Map<string, number>();

/** Bytes of each share of a file of this size in this encoding (0 for a file small enough to live in its cap). */
export function shareSizeFor(fileSize: number, encoding: OpenGrid['encoding']): number {
  if (fileSize <= LITERAL_THRESHOLD) return 0;
  // Every field planEncoding checks is in the key, so a memoised answer is exactly what it would return (bad params throw before being stored).
  const key = `${fileSize}/${encoding.needed}/${encoding.happy}/${encoding.total}/${encoding.maxSegmentSize}`;
  const known = shareSizeMemo.get(key);
  if (known !== undefined) return known;
  // The share layout depends on the size and the encoding only, not on the key.
  const size = planEncoding(new Uint8Array(16), encoding, fileSize).shareSize;
  if (shareSizeMemo.size >= SHARE_SIZE_MEMO_LIMIT) shareSizeMemo.clear();
  shareSizeMemo.set(key, size);
  return size;
}

/**
 * The grid an upload of `fileSize` bytes may use: every account with room for
 * one of its shares, or whose room is unknown (the provider does not say; the
 * storage server refuses a share it cannot hold). When fewer accounts than the
 * encoding's "happy" have room, nothing is sent and the error names the full
 * accounts and what would help. The error is permanent: figures are refreshed
 * every few minutes, so trying again at once would give the same answer.
 */
export function serversWithRoom(grid: OpenGrid, fileSize: number, roomOf: (serverId: string) => AccountRoom | undefined): OpenGrid {
  const shareSize = shareSizeFor(fileSize, grid.encoding);
  if (shareSize === 0) return grid;
  const full: Array<{ name: string; roomBytes: number }> = [];
  const servers = grid.servers.filter((server) => {
    const room = roomOf(server.serverId);
    if (room?.roomBytes === undefined || room.roomBytes >= shareSize) return true;
    full.push({ name: room.name, roomBytes: room.roomBytes });
    return false;
  });
  if (full.length === 0) return grid;
  const happy = grid.encoding.happy;
  if (servers.length < happy) {
    const names = full.map((f) => `${f.name} (${formatBytes(f.roomBytes)} free)`).join(', ');
    throw Object.assign(
      new Error(
        `Not enough accounts have room for this file: each of its shares needs ${formatBytes(shareSize)}, and only ${servers.length} of your ${grid.servers.length} accounts have that much free, ` +
          `but ${happy} are needed. Full: ${names}. Free up space there, raise your limit for RAIC, or add an account; nothing was stored.`,
      ),
      { permanent: true },
    );
  }
  return { ...grid, servers };
}
